export * from "./schemas";
export { beginShopifyOAuth, isShopifyOAuthConfigured, shopifyCallbackUrl } from "./begin";
export { completeShopifyOAuth } from "./complete";
