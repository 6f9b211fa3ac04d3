// The contract every shop platform implements. Services talk to shops only through it; each
// `connectors/<platform>/` fills it in, and the registry (`connectors/registry.ts`) is typed
// `Record<Platform, ShopConnector<P>>`, so a platform without an implementation does not compile.
// Everything here is canonical: wire types (ShopifyOrder, WooOrder, EtsyReceipt) stay inside
// their connector and only its `transform.ts` turns them into these shapes.

export const platforms = ["shopify", "woocommerce", "etsy"] as const;
export type Platform = (typeof platforms)[number];

/** What a store keeps encrypted at rest, per platform. Never returned by any API. */
export type ShopifyCredentials = {
  accessToken: string;
  /** Expiring offline tokens (OAuth); custom-app tokens have neither. */
  refreshToken?: string;
  accessTokenExpiresAt?: string;
  refreshTokenExpiresAt?: string;
  scopes?: string;
  /** A custom app's API secret key; OAuth stores verify with SHOPIFY_API_SECRET. */
  webhookSecret?: string;
};
export type WooCommerceCredentials = { consumerKey: string; consumerSecret: string; webhookSecret: string };
export type EtsyCredentials = { accessToken: string; refreshToken: string; expiresAt: string };

export type CredentialsOf<P extends Platform> = P extends "shopify"
  ? ShopifyCredentials
  : P extends "woocommerce"
    ? WooCommerceCredentials
    : EtsyCredentials;

/**
 * One store as a connector sees it. `credentials` may be replaced by the connector (a refreshed
 * token); it must then call `saveCredentials` before using the new ones, so a crash right after
 * a refresh never loses the rotated refresh token.
 */
export type StoreSession<P extends Platform = Platform> = {
  storeId: string;
  platform: P;
  /** Shopify shop domain (`acme.myshopify.com`), WooCommerce site URL, Etsy shop id. */
  identity: string;
  credentials: CredentialsOf<P>;
  saveCredentials(next: CredentialsOf<P>): Promise<void>;
  /**
   * Runs a token refresh alone among every process that holds this store (a lock on the store):
   * `refresh` gets the credentials as stored at that moment (another process may have refreshed
   * them meanwhile) and returns the ones to keep, which are saved before the lock is released.
   * Without it, the connector refreshes and calls `saveCredentials` itself.
   */
  refreshExclusively?(refresh: (stored: CredentialsOf<P>) => Promise<CredentialsOf<P>>): Promise<CredentialsOf<P>>;
  /** Where this store's platform must deliver webhooks (`{APP_URL}/api/webhooks/…`). */
  webhookUrl: string;
  /** Counts every platform call (metrics, health). */
  onCall?(call: PlatformCall): void;
};

export type PlatformCall = { platform: Platform; operation: string; durationMs: number; outcome: "ok" | "throttled" | "error" };

/** Errors a connector raises; services map them to store status, job retries and HTTP answers. */
export type ShopErrorKind =
  /** Credentials refused (401, revoked, uninstalled): the store needs reconnecting. */
  | "unauthorized"
  /** A refresh token that no longer works: the store is `expired`. */
  | "expired"
  /** Missing scope or permission (403, ACCESS_DENIED). */
  | "forbidden"
  /** Rate limited after the connector's own waiting gave up; retry later. */
  | "throttled"
  /** Network error, timeout or 5xx: retry later. */
  | "unavailable"
  /** The platform refused the request itself (userErrors, 4xx): retrying will not help. */
  | "rejected"
  | "not_found";

export class ShopError extends Error {
  constructor(
    readonly kind: ShopErrorKind,
    message: string,
    readonly details: { field?: string; status?: number; retryAfterMs?: number; platformCode?: string } = {},
  ) {
    super(message);
    this.name = "ShopError";
  }

  get retryable(): boolean {
    return this.kind === "throttled" || this.kind === "unavailable";
  }
}

export type ShopAddress = {
  firstName: string;
  lastName: string;
  companyName?: string;
  addressLine1: string;
  addressLine2?: string;
  city: string;
  postCode: string;
  state?: string;
  /** ISO 3166-1 alpha-2 where the platform gives it, else the country as written. */
  country: string;
  email?: string;
  phone?: string;
};

export type ShopOrderLine = {
  /** The platform's line item id. */
  externalLineId: string;
  externalProductId: string | null;
  /** Null for a WooCommerce simple product. */
  externalVariantId: string | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  /** Gift cards and digital goods need no shipping and are never produced. */
  requiresShipping: boolean;
};

export type ShopOrderStatus =
  /** Paid (or authorized) and open: production may start. */
  | "payable"
  /** Not paid yet (pending, on-hold): may become eligible later. */
  | "awaiting_payment"
  | "cancelled"
  /** Test orders, refunded, already fulfilled elsewhere, … */
  | "other";

/** An order as Inkbridge takes it, re-read from the platform (webhooks are hints only). */
export type ShopOrder = {
  externalId: string;
  /** What the shop owner calls it (`#1001`). */
  name: string;
  status: ShopOrderStatus;
  /** Plain words when `status` is not `payable` (“not paid yet”, “a test order”). */
  statusReason?: string;
  test: boolean;
  createdAt: string;
  updatedAt: string;
  currency?: string;
  email?: string;
  shippingAddress: ShopAddress | null;
  /** The shop's shipping method title, looked up like an API order's method. */
  shippingMethod?: string;
  lines: ShopOrderLine[];
  /** The platform's JSON as read, kept as the order's raw body. */
  raw: unknown;
};

export type OrderPage = { orders: ShopOrder[]; nextCursor: string | null };

export type FulfillmentRequest = {
  externalOrderId: string;
  /** Our shipment id: how a retry finds the fulfilment it already made. */
  shipmentKey: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  /** Lines to fulfil; all open lines when absent. */
  lines?: Array<{ externalLineId: string; quantity: number }>;
  notifyCustomer: boolean;
};

export type FulfillmentResult = {
  externalFulfillmentId: string;
  /** False when the fulfilment already existed (a retry after a crash). */
  created: boolean;
};

export type VerifiedWebhook = {
  /** The platform's delivery id, the dedupe key. */
  deliveryId: string;
  topic: string;
  /** Shop domain, site URL or shop id, for finding the store. */
  identity: string;
  /** The order the delivery is about, when it is about one. */
  externalOrderId: string | null;
  /** Parsed body (JSON), for topics handled without a re-read (compliance, uninstall). */
  body: unknown;
};

/** The webhook intake's first look: headers present? which store? Verification needs the secret. */
export type WebhookEnvelope =
  | { ok: true; deliveryId: string; topic: string; identity: string }
  | { ok: false; status: 400 | 404; message: string };

export type WebhookSubscriptionState = "ok" | "missing" | "disabled" | "not_managed";

export type WebhookCheck = { state: WebhookSubscriptionState; restored: string[] };

export type ShopVariant = {
  externalProductId: string;
  externalVariantId: string | null;
  productTitle: string;
  variantTitle: string | null;
  sku: string | null;
  options: Record<string, string>;
  price?: string;
  updatedAt?: string;
};

export type VariantPage = { variants: ShopVariant[]; nextCursor: string | null; total?: number };

export type PublishRequest = {
  title: string;
  descriptionHtml?: string;
  status: "draft" | "active";
  options: Array<{ name: string; values: string[] }>;
  variants: Array<{ optionValues: Record<string, string>; sku: string; price: string }>;
  imageUrls?: string[];
};

export type PublishResult = { externalProductId: string; variants: ShopVariant[] };

export interface ShopConnector<P extends Platform = Platform> {
  readonly platform: P;

  /** One call that proves the credentials work; returns the shop's display name and identity. */
  verifyCredentials(session: StoreSession<P>): Promise<{ name: string; identity: string }>;

  /**
   * Reads the delivery headers (case-insensitive) before anything is verified. Platforms that name the
   * topic and shop only in the body (Etsy) need `rawBody` too; the others ignore it.
   */
  readWebhookEnvelope(headers: Record<string, string | string[] | undefined>, rawBody?: Buffer): WebhookEnvelope;
  /** Constant-time signature check of the raw body; null when it does not verify. */
  verifyWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, secret: string): VerifiedWebhook | null;

  /** Creates missing subscriptions for Inkbridge's topics, re-enables disabled ones. */
  ensureWebhooks(session: StoreSession<P>): Promise<WebhookCheck>;
  /** Deletes the subscriptions Inkbridge made (on disconnect). */
  removeWebhooks(session: StoreSession<P>): Promise<void>;

  /** Null when the platform no longer has the order. */
  getOrder(session: StoreSession<P>, externalOrderId: string): Promise<ShopOrder | null>;
  /** Orders updated at or after `since`, oldest first, one page per call. */
  listOrdersUpdatedSince(session: StoreSession<P>, since: Date, cursor: string | null): Promise<OrderPage>;

  /** Idempotent per `shipmentKey`: looks for an existing fulfilment before creating one. */
  createFulfillment(session: StoreSession<P>, request: FulfillmentRequest): Promise<FulfillmentResult>;
  updateTracking(session: StoreSession<P>, externalFulfillmentId: string, tracking: { carrier: string; trackingNumber: string; trackingUrl?: string }): Promise<void>;

  /** The shop's variants, one page per call, within the platform's rate budget. */
  listVariants(session: StoreSession<P>, cursor: string | null): Promise<VariantPage>;
  publishProduct(session: StoreSession<P>, request: PublishRequest): Promise<PublishResult>;
}
