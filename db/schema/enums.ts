// Value sets stored as text columns. Kept as TypeScript unions (not pg enums) so adding a value
// is a code change, not a migration that rewrites a type.
export const userKinds = ["staff", "customer"] as const;
export type UserKind = (typeof userKinds)[number];

export const staffRoles = ["admin", "operator"] as const;
export type StaffRole = (typeof staffRoles)[number];

export const customerRoles = ["admin", "member"] as const;
export type CustomerRole = (typeof customerRoles)[number];

export const customerInvitationStates = ["pending", "accepted", "revoked"] as const;
export type CustomerInvitationState = (typeof customerInvitationStates)[number];

export type UserRole = StaffRole | CustomerRole;

export const tokenScopes = ["admin", "operator", "production", "read"] as const;
export type TokenScope = (typeof tokenScopes)[number];

export const authTokenPurposes = ["invite", "reset", "shop_oauth", "woo_keys", "etsy_oauth"] as const;
export type AuthTokenPurpose = (typeof authTokenPurposes)[number];

export const connectorTypes = ["gelato", "siteflow"] as const;
export type ConnectorType = (typeof connectorTypes)[number];

export const orderChannels = ["gelato_api", "siteflow_api", "shopify", "etsy", "woocommerce"] as const;
export type OrderChannel = (typeof orderChannels)[number];

export const orderStatuses = [
  "draft",
  "created",
  "passed",
  "not_connected",
  "failed",
  "on_hold",
  "in_production",
  "printed",
  "shipped",
  "in_transit",
  "delivered",
  "returned",
  "canceled",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orderTypes = ["order", "draft"] as const;
export type OrderType = (typeof orderTypes)[number];

export const lookupFields = ["product", "shipping_method", "file_type", "country"] as const;
export type LookupField = (typeof lookupFields)[number];

export const actorTypes = ["staff", "token", "customer_user", "connector", "store", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

export const catalogAccessModes = ["all", "selected"] as const;
export type CatalogAccessMode = (typeof catalogAccessModes)[number];

export const postbackStatuses = ["pending", "succeeded", "retrying", "failed"] as const;
export type PostbackStatus = (typeof postbackStatuses)[number];

// The shop platforms (connectors/types.ts names the same three; db/ imports nothing above it).
export const shopPlatforms = ["shopify", "woocommerce", "etsy"] as const;
export type ShopPlatform = (typeof shopPlatforms)[number];

export const storeStatuses = ["connected", "expired", "revoked", "disconnected"] as const;
export type StoreStatus = (typeof storeStatuses)[number];

export const approvalModes = ["auto", "manual"] as const;
export type ApprovalMode = (typeof approvalModes)[number];

export const webhookStates = ["ok", "missing", "disabled", "not_managed"] as const;
export type WebhookState = (typeof webhookStates)[number];

export const webhookEventStatuses = ["received", "processed", "ignored", "failed", "duplicate"] as const;
export type WebhookEventStatus = (typeof webhookEventStatuses)[number];

// `attention`: linked, but the shop changed the variant (SKU, options, or it is gone) since.
export const variantLinkStates = ["unlinked", "linked", "ignored", "attention"] as const;
export type VariantLinkState = (typeof variantLinkStates)[number];

export const storeFulfillmentStatuses = ["pending", "created", "failed"] as const;
export type StoreFulfillmentStatus = (typeof storeFulfillmentStatuses)[number];

export const productSyncStates = ["idle", "running", "failed"] as const;
export type ProductSyncState = (typeof productSyncStates)[number];
