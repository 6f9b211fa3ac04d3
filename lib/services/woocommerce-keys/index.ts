export * from "./schemas";
export { beginWooKeyFlow, wooKeysCallbackUrl } from "./begin";
export { readWooConnectOutcome, receiveWooKeys, type KeysReceipt, type WooConnectOutcome } from "./complete";
