export { startWooFake, type WooFake, type WooFakeOptions, type RequestRecord, type Fault } from "./server";
export { FakeWooSite, WooError, wcDate, type ApiKeyRecord, type KeyPermissions, type OrderRecord, type OrderStatus, type ProductRecord, type VariationRecord, type WebhookRecord, type AddressInput } from "./state";
export { signWebhookBody, WC_USER_AGENT, type DeliveryAttempt, type WebhookDeliveryOptions } from "./webhooks";
export { oauthSignature, signUrl, signatureBase } from "./oauth";
