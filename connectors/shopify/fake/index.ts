export { startShopifyFake, signQuery, type ShopifyFake, type ShopifyFakeOptions, type ComplianceTopic } from "./server";
export { signWebhook, topicToEnum, enumToTopic, type WebhookFaults, type WebhookDeliveryOptions, type DeliveryAttempt } from "./webhooks";
export { FakeShopifyShops, ALL_SCOPES, type OrderRecord, type ProductRecord, type FulfillmentRecord, type AddressInput } from "./state";
export { toGid, parseGid } from "./ids";
export { ADMIN_API_VERSION, getAdminSchema } from "./schema";
