import { randomBytes } from "node:crypto";
import { IdSequence, parseGid } from "./ids";
import { DEFAULT_THROTTLE, LeakyBucket, type ThrottleSettings } from "./throttle";

export type FinancialStatus = "PAID" | "PENDING" | "AUTHORIZED" | "PARTIALLY_PAID" | "REFUNDED" | "VOIDED";

export type AddressInput = {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
  country?: string | null;
  countryCode?: string | null;
  phone?: string | null;
};

export type AddressRecord = AddressInput & { id: number };

export type VariantRecord = {
  id: number;
  productId: number;
  inventoryItemId: number;
  sku: string | null;
  price: string;
  title: string;
  position: number;
  selectedOptions: { name: string; value: string }[];
  requiresShipping: boolean;
  createdAt: number;
  updatedAt: number;
};

export type ProductRecord = {
  id: number;
  title: string;
  handle: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";
  vendor: string;
  productType: string;
  descriptionHtml: string;
  tags: string[];
  options: { id: number; name: string; values: string[] }[];
  variantIds: number[];
  createdAt: number;
  updatedAt: number;
};

export type LineItemRecord = {
  id: number;
  variantId: number | null;
  productId: number | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  price: string;
  requiresShipping: boolean;
  vendor: string | null;
};

export type OrderRecord = {
  id: number;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  test: boolean;
  financialStatus: FinancialStatus;
  cancelledAt: number | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF" | null;
  note: string | null;
  tags: string[];
  currencyCode: string;
  shippingAddress: AddressRecord | null;
  shippingLine: { title: string; code: string; price: string } | null;
  lineItems: LineItemRecord[];
  fulfillmentOrderIds: number[];
  fulfillmentIds: number[];
  createdAt: number;
  updatedAt: number;
  processedAt: number;
};

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED";

export type FulfillmentOrderRecord = {
  id: number;
  orderId: number;
  status: FulfillmentOrderStatus;
  lineItems: { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }[];
  createdAt: number;
  updatedAt: number;
};

export type TrackingInfo = { company: string | null; number: string | null; url: string | null };

export type FulfillmentRecord = {
  id: number;
  orderId: number;
  name: string;
  status: "SUCCESS" | "CANCELLED";
  notifyCustomer: boolean;
  trackingInfo: TrackingInfo[];
  lineItems: { lineItemId: number; fulfillmentOrderId: number; quantity: number }[];
  createdAt: number;
  updatedAt: number;
};

export type WebhookSubscriptionRecord = {
  id: number;
  topic: string;
  uri: string;
  format: "JSON" | "XML";
  filter: string | null;
  includeFields: string[];
  name: string | null;
  consecutiveFailures: number;
  createdAt: number;
  updatedAt: number;
};

export type ShopRecord = {
  id: number;
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  installed: boolean;
  nextOrderNumber: number;
  products: Map<number, ProductRecord>;
  variants: Map<number, VariantRecord>;
  orders: Map<number, OrderRecord>;
  fulfillmentOrders: Map<number, FulfillmentOrderRecord>;
  fulfillments: Map<number, FulfillmentRecord>;
  subscriptions: Map<number, WebhookSubscriptionRecord>;
  bucket: LeakyBucket;
};

export type AccessTokenRecord = {
  token: string;
  shop: string;
  scopes: string[];
  expiresAt: number | null;
  revoked: boolean;
};

export type RefreshTokenRecord = {
  token: string;
  shop: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  replaces: string | null;
};

export type AuthorizationCodeRecord = {
  code: string;
  shop: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
  used: boolean;
};

export type GraphqlRequestRecord = {
  at: number;
  shop: string;
  query: string;
  variables: Record<string, unknown> | null;
  operationName: string | null;
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  errorCodes: string[];
};

export type ProductInput = {
  title: string;
  status?: ProductRecord["status"];
  vendor?: string;
  productType?: string;
  descriptionHtml?: string;
  tags?: string[];
  variants: { sku?: string | null; price: string | number; options?: Record<string, string>; requiresShipping?: boolean }[];
};

export type PlaceOrderInput = {
  lineItems: { variantId: number | string; quantity: number }[];
  shippingAddress?: AddressInput | null;
  // The checkout's shipping method (Order.shippingLine); none when absent.
  shippingLine?: { title: string; code?: string; price?: string | number } | null;
  financialStatus: FinancialStatus;
  test?: boolean;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
};

// Emits one merchant action as a webhook topic (REST form, e.g. "orders/create") with its payload.
export type TopicEmitter = (shop: ShopRecord, topic: string, payload: () => unknown) => void;

export type StateOptions = { now: () => number; throttle?: ThrottleSettings; accessTokenTtlSeconds: number; refreshTokenTtlSeconds: number };

export const ORDER_TOPICS = { create: "orders/create", updated: "orders/updated", cancelled: "orders/cancelled", paid: "orders/paid" } as const;

export class FakeShopifyShops {
  readonly requests: GraphqlRequestRecord[] = [];
  private readonly shopsByDomain = new Map<string, ShopRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, AuthorizationCodeRecord>();
  private readonly ids = {
    shop: new IdSequence(60_000_000),
    product: new IdSequence(7_100_000_000),
    variant: new IdSequence(42_100_000_000),
    inventoryItem: new IdSequence(44_100_000_000),
    option: new IdSequence(9_100_000_000),
    order: new IdSequence(5_600_000_000),
    lineItem: new IdSequence(13_600_000_000),
    address: new IdSequence(8_600_000_000),
    fulfillmentOrder: new IdSequence(6_600_000_000),
    fulfillmentOrderLineItem: new IdSequence(14_600_000_000),
    fulfillment: new IdSequence(4_600_000_000),
    subscription: new IdSequence(1_300_000_000),
  };
  private emit: TopicEmitter = () => {};

  constructor(private readonly options: StateOptions) {}

  setEmitter(emit: TopicEmitter): void {
    this.emit = emit;
  }

  now(): number {
    return this.options.now();
  }

  nextId(kind: keyof FakeShopifyShops["ids"]): number {
    return this.ids[kind].take();
  }

  // ---- shops ----

  createShop(domain: string, details: { name?: string; email?: string; currencyCode?: string } = {}): ShopRecord {
    if (!isShopDomain(domain)) throw new Error(`Not a myshopify.com domain: ${domain}`);
    const existing = this.shopsByDomain.get(domain);
    if (existing) return existing;
    const handle = domain.replace(/\.myshopify\.com$/, "");
    const shop: ShopRecord = {
      id: this.nextId("shop"),
      domain,
      name: details.name ?? handle.replace(/-/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
      email: details.email ?? `owner@${handle}.example`,
      currencyCode: details.currencyCode ?? "USD",
      installed: false,
      nextOrderNumber: 1001,
      products: new Map(),
      variants: new Map(),
      orders: new Map(),
      fulfillmentOrders: new Map(),
      fulfillments: new Map(),
      subscriptions: new Map(),
      bucket: new LeakyBucket(this.options.throttle ?? DEFAULT_THROTTLE, this.options.now),
    };
    this.shopsByDomain.set(domain, shop);
    return shop;
  }

  findShop(domain: string): ShopRecord | undefined {
    return this.shopsByDomain.get(domain);
  }

  getShop(domain: string): ShopRecord {
    const shop = this.shopsByDomain.get(domain);
    if (!shop) throw new Error(`Unknown shop ${domain}: call createShop first`);
    return shop;
  }

  listShops(): ShopRecord[] {
    return [...this.shopsByDomain.values()];
  }

  setThrottle(domain: string, settings: Partial<ThrottleSettings> & { currentlyAvailable?: number }): void {
    this.getShop(domain).bucket.configure(settings);
  }

  graphqlRequests(domain?: string): GraphqlRequestRecord[] {
    return domain ? this.requests.filter((request) => request.shop === domain) : [...this.requests];
  }

  // ---- products ----

  createProduct(domain: string, input: ProductInput): ProductRecord {
    const shop = this.getShop(domain);
    const at = this.now();
    const optionNames: string[] = [];
    for (const variant of input.variants) for (const name of Object.keys(variant.options ?? {})) if (!optionNames.includes(name)) optionNames.push(name);
    const product: ProductRecord = {
      id: this.nextId("product"),
      title: input.title,
      handle: handleize(input.title),
      status: input.status ?? "ACTIVE",
      vendor: input.vendor ?? shop.name,
      productType: input.productType ?? "",
      descriptionHtml: input.descriptionHtml ?? "",
      tags: input.tags ?? [],
      options: (optionNames.length ? optionNames : ["Title"]).map((name) => ({
        id: this.nextId("option"),
        name,
        values: optionNames.length ? unique(input.variants.map((variant) => variant.options?.[name] ?? "")) : ["Default Title"],
      })),
      variantIds: [],
      createdAt: at,
      updatedAt: at,
    };
    shop.products.set(product.id, product);
    input.variants.forEach((variant, index) => {
      const selectedOptions = optionNames.length
        ? optionNames.map((name) => ({ name, value: variant.options?.[name] ?? "" }))
        : [{ name: "Title", value: "Default Title" }];
      this.addVariant(shop, product, { sku: variant.sku ?? null, price: formatPrice(variant.price), selectedOptions, position: index + 1, requiresShipping: variant.requiresShipping ?? true });
    });
    this.emit(shop, "products/create", () => ({ kind: "product", productId: product.id }));
    return product;
  }

  addVariant(
    shop: ShopRecord,
    product: ProductRecord,
    fields: { sku: string | null; price: string; selectedOptions: { name: string; value: string }[]; position: number; requiresShipping: boolean; id?: number },
  ): VariantRecord {
    const at = this.now();
    const variant: VariantRecord = {
      id: fields.id ?? this.nextId("variant"),
      productId: product.id,
      inventoryItemId: this.nextId("inventoryItem"),
      sku: fields.sku,
      price: fields.price,
      title: fields.selectedOptions.map((option) => option.value).join(" / "),
      position: fields.position,
      selectedOptions: fields.selectedOptions,
      requiresShipping: fields.requiresShipping,
      createdAt: at,
      updatedAt: at,
    };
    shop.variants.set(variant.id, variant);
    product.variantIds.push(variant.id);
    return variant;
  }

  updateVariant(domain: string, variantId: number | string, changes: { sku?: string | null; price?: string | number }): VariantRecord {
    const shop = this.getShop(domain);
    const variant = shop.variants.get(toNumericId(variantId, "ProductVariant"));
    if (!variant) throw new Error(`Unknown variant ${variantId}`);
    if (changes.sku !== undefined) variant.sku = changes.sku;
    if (changes.price !== undefined) variant.price = formatPrice(changes.price);
    variant.updatedAt = this.now();
    const product = shop.products.get(variant.productId);
    if (product) {
      product.updatedAt = variant.updatedAt;
      this.emit(shop, "products/update", () => ({ kind: "product", productId: product.id }));
    }
    return variant;
  }

  // ---- orders ----

  placeOrder(domain: string, input: PlaceOrderInput): OrderRecord {
    const shop = this.getShop(domain);
    if (input.lineItems.length === 0) throw new Error("An order needs at least one line item");
    const at = this.now();
    const lineItems: LineItemRecord[] = input.lineItems.map((item) => {
      const variant = shop.variants.get(toNumericId(item.variantId, "ProductVariant"));
      if (!variant) throw new Error(`Unknown variant ${item.variantId} in ${domain}`);
      const product = shop.products.get(variant.productId);
      return {
        id: this.nextId("lineItem"),
        variantId: variant.id,
        productId: variant.productId,
        sku: variant.sku,
        title: product?.title ?? "",
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        quantity: item.quantity,
        price: variant.price,
        requiresShipping: variant.requiresShipping,
        vendor: product?.vendor ?? null,
      };
    });
    const number = shop.nextOrderNumber++;
    const order: OrderRecord = {
      id: this.nextId("order"),
      number,
      name: `#${number}`,
      email: input.email === undefined ? "buyer@example.com" : input.email,
      phone: input.phone ?? null,
      test: input.test ?? false,
      financialStatus: input.financialStatus,
      cancelledAt: null,
      cancelReason: null,
      note: input.note ?? null,
      tags: [],
      currencyCode: shop.currencyCode,
      shippingAddress: input.shippingAddress ? { ...input.shippingAddress, id: this.nextId("address") } : null,
      shippingLine: input.shippingLine ? { title: input.shippingLine.title, code: input.shippingLine.code ?? input.shippingLine.title, price: formatPrice(input.shippingLine.price ?? 0) } : null,
      lineItems,
      fulfillmentOrderIds: [],
      fulfillmentIds: [],
      createdAt: at,
      updatedAt: at,
      processedAt: at,
    };
    shop.orders.set(order.id, order);
    const shippable = lineItems.filter((item) => item.requiresShipping);
    if (shippable.length) {
      const fulfillmentOrder: FulfillmentOrderRecord = {
        id: this.nextId("fulfillmentOrder"),
        orderId: order.id,
        status: "OPEN",
        lineItems: shippable.map((item) => ({ id: this.nextId("fulfillmentOrderLineItem"), lineItemId: item.id, totalQuantity: item.quantity, remainingQuantity: item.quantity })),
        createdAt: at,
        updatedAt: at,
      };
      shop.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
      order.fulfillmentOrderIds.push(fulfillmentOrder.id);
    }
    this.emitOrder(shop, order, ORDER_TOPICS.create);
    if (order.financialStatus === "PAID") this.emitOrder(shop, order, ORDER_TOPICS.paid);
    return order;
  }

  getOrder(domain: string, orderId: number | string): OrderRecord {
    const order = this.getShop(domain).orders.get(toNumericId(orderId, "Order"));
    if (!order) throw new Error(`Unknown order ${orderId} in ${domain}`);
    return order;
  }

  cancelOrder(domain: string, orderId: number | string, reason: NonNullable<OrderRecord["cancelReason"]> = "CUSTOMER"): OrderRecord {
    const shop = this.getShop(domain);
    const order = this.getOrder(domain, orderId);
    order.cancelledAt = this.now();
    order.cancelReason = reason;
    for (const id of order.fulfillmentOrderIds) {
      const fulfillmentOrder = shop.fulfillmentOrders.get(id);
      if (fulfillmentOrder && fulfillmentOrder.status !== "CLOSED") {
        fulfillmentOrder.status = "CANCELLED";
        fulfillmentOrder.updatedAt = order.cancelledAt;
      }
    }
    this.touch(order);
    this.emitOrder(shop, order, ORDER_TOPICS.cancelled);
    this.emitOrder(shop, order, ORDER_TOPICS.updated);
    return order;
  }

  updateShippingAddress(domain: string, orderId: number | string, address: AddressInput): OrderRecord {
    const shop = this.getShop(domain);
    const order = this.getOrder(domain, orderId);
    order.shippingAddress = { ...(order.shippingAddress ?? { id: this.nextId("address") }), ...address };
    this.touch(order);
    this.emitOrder(shop, order, ORDER_TOPICS.updated);
    return order;
  }

  markPaid(domain: string, orderId: number | string): OrderRecord {
    const shop = this.getShop(domain);
    const order = this.getOrder(domain, orderId);
    order.financialStatus = "PAID";
    this.touch(order);
    this.emitOrder(shop, order, ORDER_TOPICS.paid);
    this.emitOrder(shop, order, ORDER_TOPICS.updated);
    return order;
  }

  listFulfillments(domain: string, orderId: number | string): FulfillmentRecord[] {
    const shop = this.getShop(domain);
    const order = this.getOrder(domain, orderId);
    return order.fulfillmentIds.map((id) => shop.fulfillments.get(id)).filter((item): item is FulfillmentRecord => Boolean(item));
  }

  listFulfillmentOrders(domain: string, orderId: number | string): FulfillmentOrderRecord[] {
    const shop = this.getShop(domain);
    const order = this.getOrder(domain, orderId);
    return order.fulfillmentOrderIds.map((id) => shop.fulfillmentOrders.get(id)).filter((item): item is FulfillmentOrderRecord => Boolean(item));
  }

  touch(order: OrderRecord): void {
    // Keep updated_at strictly increasing so "updated_at:>" polling never misses a change made in the same millisecond.
    order.updatedAt = Math.max(this.now(), order.updatedAt + 1);
  }

  emitOrder(shop: ShopRecord, order: OrderRecord, topic: string): void {
    this.emit(shop, topic, () => ({ kind: "order", orderId: order.id }));
  }

  emitTopic(shop: ShopRecord, topic: string, payload: () => unknown): void {
    this.emit(shop, topic, payload);
  }

  // ---- webhook subscriptions ----

  listWebhookSubscriptions(domain: string): WebhookSubscriptionRecord[] {
    return [...this.getShop(domain).subscriptions.values()];
  }

  deleteWebhookSubscriptions(domain: string, filter: { topic?: string } = {}): number {
    const shop = this.getShop(domain);
    let deleted = 0;
    for (const [id, subscription] of shop.subscriptions) {
      if (filter.topic && subscription.topic !== filter.topic) continue;
      shop.subscriptions.delete(id);
      deleted += 1;
    }
    return deleted;
  }

  // ---- credentials ----

  issueAuthorizationCode(domain: string, scopes: string[], redirectUri: string): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { code, shop: domain, scopes, redirectUri, expiresAt: this.now() + 10 * 60_000, used: false });
    return code;
  }

  redeemAuthorizationCode(domain: string, code: string): AuthorizationCodeRecord | null {
    const record = this.codes.get(code);
    if (!record || record.used || record.shop !== domain || record.expiresAt < this.now()) return null;
    record.used = true;
    return record;
  }

  // A custom app's Admin API token (non-expiring unless expiresInSeconds is given).
  createAccessToken(domain: string, options: { scopes?: string[]; expiresInSeconds?: number; prefix?: string } = {}): string {
    const shop = this.getShop(domain);
    shop.installed = true;
    const token = `${options.prefix ?? "shpat_"}${randomBytes(16).toString("hex")}`;
    this.accessTokens.set(token, {
      token,
      shop: domain,
      scopes: options.scopes ?? ALL_SCOPES,
      expiresAt: options.expiresInSeconds === undefined ? null : this.now() + options.expiresInSeconds * 1000,
      revoked: false,
    });
    return token;
  }

  issueTokens(domain: string, scopes: string[], expiring: boolean, replaces: string | null = null): { accessToken: AccessTokenRecord; refreshToken: RefreshTokenRecord | null } {
    const shop = this.getShop(domain);
    shop.installed = true;
    const accessToken: AccessTokenRecord = {
      token: `shpua_${randomBytes(16).toString("hex")}`,
      shop: domain,
      scopes,
      expiresAt: expiring ? this.now() + this.options.accessTokenTtlSeconds * 1000 : null,
      revoked: false,
    };
    this.accessTokens.set(accessToken.token, accessToken);
    if (!expiring) return { accessToken, refreshToken: null };
    const refreshToken: RefreshTokenRecord = {
      token: `shprt_${randomBytes(16).toString("hex")}`,
      shop: domain,
      scopes,
      expiresAt: this.now() + this.options.refreshTokenTtlSeconds * 1000,
      revoked: false,
      replaces,
    };
    this.refreshTokens.set(refreshToken.token, refreshToken);
    return { accessToken, refreshToken };
  }

  // Rotation as Shopify documents it: each refresh returns a new pair, and the refresh token it replaced
  // stays usable until this new one is used for the first time.
  useRefreshToken(domain: string, token: string): RefreshTokenRecord | null {
    const record = this.refreshTokens.get(token);
    if (!record || record.revoked || record.shop !== domain || record.expiresAt < this.now()) return null;
    if (record.replaces) {
      const previous = this.refreshTokens.get(record.replaces);
      if (previous) previous.revoked = true;
      record.replaces = null;
    }
    return record;
  }

  findAccessToken(token: string): AccessTokenRecord | null {
    const record = this.accessTokens.get(token);
    if (!record || record.revoked) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return null;
    return record;
  }

  revokeToken(token: string): void {
    const access = this.accessTokens.get(token);
    if (access) access.revoked = true;
    const refresh = this.refreshTokens.get(token);
    if (refresh) refresh.revoked = true;
  }

  revokeAllTokens(domain: string): void {
    for (const record of this.accessTokens.values()) if (record.shop === domain) record.revoked = true;
    for (const record of this.refreshTokens.values()) if (record.shop === domain) record.revoked = true;
  }

  // The merchant uninstalls the app: app/uninstalled goes out to the subscriptions that exist now, then
  // tokens die and the app's subscriptions are removed.
  uninstall(domain: string): void {
    const shop = this.getShop(domain);
    this.emit(shop, "app/uninstalled", () => ({ kind: "shop" }));
    this.revokeAllTokens(domain);
    shop.subscriptions.clear();
    shop.installed = false;
  }
}

// Every scope this fake knows; a custom app token gets them all unless told otherwise.
export const ALL_SCOPES = [
  "read_orders",
  "write_orders",
  "read_products",
  "write_products",
  "read_fulfillments",
  "write_fulfillments",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "read_assigned_fulfillment_orders",
  "write_assigned_fulfillment_orders",
];

export function isShopDomain(value: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.com$/.test(value);
}

export function toNumericId(value: number | string, type: string): number {
  if (typeof value === "number") return value;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : Number.NaN;
}

export function formatPrice(value: string | number): string {
  const amount = typeof value === "number" ? value : Number(value);
  return Number.isFinite(amount) ? amount.toFixed(2) : "0.00";
}

export function handleize(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "product";
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
