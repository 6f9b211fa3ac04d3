export { startEtsyFake, type EtsyFake, type EtsyFakeOptions } from "./server";
export { FakeEtsyWorld, ALL_SCOPES, CUSTOM_PROPERTY_IDS, DEMO_ADDRESS, s256, type ListingInput, type ReceiptInput, type ReceiptRecord, type ListingRecord, type ShopRecord } from "./state";
export { signStandardWebhook, createWebhookSecret, ETSY_RETRY_DELAYS_MS, type DeliveryAttempt, type EtsyWebhookEvent } from "./webhooks";
export { DEFAULT_RATE_LIMITS, type RateLimits } from "./rate";
