import { randomBytes } from "node:crypto";

// The data of one fake WooCommerce site and the merchant's actions on it. The server renders these
// records as wc/v3 JSON (views below); the emitter is told about every change.

export type KeyPermissions = "read" | "write" | "read_write";
export type OrderStatus = "pending" | "processing" | "on-hold" | "completed" | "cancelled" | "refunded" | "failed" | "trash";
export type WebhookStatus = "active" | "paused" | "disabled";

export type ApiKeyRecord = {
  keyId: number;
  userId: number;
  description: string;
  permissions: KeyPermissions;
  consumerKey: string;
  consumerSecret: string;
  /** Used OAuth nonces by timestamp (seconds), as WooCommerce keeps them on the key. */
  nonces: Map<string, number>;
};

export type AddressRecord = {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone: string;
};

export type ProductRecord = {
  id: number;
  name: string;
  type: "simple" | "variable";
  status: "draft" | "pending" | "private" | "publish";
  description: string;
  sku: string;
  regularPrice: string;
  virtual: boolean;
  downloadable: boolean;
  attributes: Array<{ name: string; position: number; visible: boolean; variation: boolean; options: string[] }>;
  images: Array<{ id: number; src: string }>;
  variationIds: number[];
  createdAt: number;
  modifiedAt: number;
};

export type VariationRecord = {
  id: number;
  productId: number;
  sku: string;
  regularPrice: string;
  status: "publish" | "private";
  virtual: boolean;
  downloadable: boolean;
  attributes: Array<{ name: string; option: string }>;
  createdAt: number;
  modifiedAt: number;
};

export type LineItemRecord = { id: number; productId: number; variationId: number; quantity: number; price: string };

export type NoteRecord = { id: number; note: string; customerNote: boolean; author: string; createdAt: number };

export type TrackingRecord = { trackingId: string; provider: string; customProvider: string; customLink: string; trackingNumber: string; dateShipped: string };

export type OrderRecord = {
  id: number;
  orderKey: string;
  status: OrderStatus;
  currency: string;
  billing: AddressRecord;
  shipping: AddressRecord;
  customerNote: string;
  paymentMethod: string;
  shippingLines: Array<{ id: number; methodTitle: string; methodId: string; total: string }>;
  lineItems: LineItemRecord[];
  notes: NoteRecord[];
  trackings: TrackingRecord[];
  meta: Array<{ id: number; key: string; value: string }>;
  createdAt: number;
  modifiedAt: number;
  paidAt: number | null;
  completedAt: number | null;
};

export type WebhookRecord = {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  failureCount: number;
  createdAt: number;
  modifiedAt: number;
};

export type AddressInput = Partial<AddressRecord> & { first_name: string; last_name: string; address_1: string; city: string; postcode: string; country: string };

export type ResourceEvent = { resource: "order" | "product"; event: "created" | "updated" | "deleted"; id: number };

export class WooError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const EMPTY_ADDRESS: AddressRecord = { first_name: "", last_name: "", company: "", address_1: "", address_2: "", city: "", state: "", postcode: "", country: "", phone: "" };

export const ORDER_STATUSES: readonly OrderStatus[] = ["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash"];

/** WooCommerce's date fields: site-local and GMT, both without a zone (the fake's site runs on UTC). */
export function wcDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 19);
}

export class FakeWooSite {
  readonly keys = new Map<string, ApiKeyRecord>();
  readonly products = new Map<number, ProductRecord>();
  readonly variations = new Map<number, VariationRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly webhooks = new Map<number, WebhookRecord>();
  /** Shipment Tracking extension active: its routes answer, otherwise they are `rest_no_route`. */
  shipmentTracking = true;
  private nextPostId = 100;
  private nextItemId = 1;
  private nextKeyId = 1;
  private listener: (change: ResourceEvent) => void = () => {};

  constructor(
    readonly name: string,
    readonly now: () => number,
  ) {}

  onChange(listener: (change: ResourceEvent) => void): void {
    this.listener = listener;
  }

  private emit(change: ResourceEvent): void {
    this.listener(change);
  }

  // WordPress keeps orders (without HPOS), products, variations and webhooks in one id sequence.
  private postId(): number {
    return this.nextPostId++;
  }

  // ---- keys ----

  createKey(permissions: KeyPermissions = "read_write", description = "Inkbridge - API"): ApiKeyRecord {
    const key: ApiKeyRecord = {
      keyId: this.nextKeyId++,
      userId: 1,
      description,
      permissions,
      consumerKey: `ck_${randomBytes(20).toString("hex")}`,
      consumerSecret: `cs_${randomBytes(20).toString("hex")}`,
      nonces: new Map(),
    };
    this.keys.set(key.consumerKey, key);
    return key;
  }

  /** The merchant revokes a key (WooCommerce → Settings → Advanced → REST API → Revoke). */
  deleteKey(consumerKey: string): boolean {
    return this.keys.delete(consumerKey);
  }

  deleteKeys(): void {
    this.keys.clear();
  }

  // ---- products ----

  private assertSkuFree(sku: string, exceptId?: number): void {
    if (!sku) return;
    for (const product of this.products.values()) if (product.sku === sku && product.id !== exceptId) throw new WooError(400, "product_invalid_sku", "Invalid or duplicated SKU.");
    for (const variation of this.variations.values()) if (variation.sku === sku && variation.id !== exceptId) throw new WooError(400, "product_invalid_sku", "Invalid or duplicated SKU.");
  }

  createProduct(input: {
    name: string;
    type?: "simple" | "variable";
    status?: ProductRecord["status"];
    description?: string;
    sku?: string;
    regularPrice?: string;
    virtual?: boolean;
    downloadable?: boolean;
    attributes?: Array<{ name: string; options: string[]; variation?: boolean; visible?: boolean }>;
    images?: string[];
    variations?: Array<{ sku?: string; regularPrice?: string; attributes: Record<string, string>; virtual?: boolean }>;
  }): ProductRecord {
    if (!input.name.trim()) throw new WooError(400, "rest_invalid_param", "Invalid parameter(s): name");
    const type = input.type ?? (input.variations?.length ? "variable" : "simple");
    this.assertSkuFree(input.sku ?? "");
    const at = this.now();
    const product: ProductRecord = {
      id: this.postId(),
      name: input.name,
      type,
      status: input.status ?? "publish",
      description: input.description ?? "",
      sku: input.sku ?? "",
      regularPrice: input.regularPrice ?? "",
      virtual: input.virtual ?? false,
      downloadable: input.downloadable ?? false,
      attributes: (input.attributes ?? []).map((attribute, position) => ({ name: attribute.name, position, visible: attribute.visible ?? true, variation: attribute.variation ?? type === "variable", options: attribute.options })),
      images: (input.images ?? []).map((src) => ({ id: this.postId(), src })),
      variationIds: [],
      createdAt: at,
      modifiedAt: at,
    };
    this.products.set(product.id, product);
    for (const variation of input.variations ?? []) this.createVariation(product.id, variation, false);
    this.emit({ resource: "product", event: "created", id: product.id });
    return product;
  }

  getProduct(id: number): ProductRecord {
    const product = this.products.get(id);
    if (!product) throw new WooError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
    return product;
  }

  updateProduct(id: number, patch: { name?: string; status?: ProductRecord["status"]; sku?: string; regularPrice?: string; description?: string }): ProductRecord {
    const product = this.getProduct(id);
    if (patch.sku !== undefined) this.assertSkuFree(patch.sku, id);
    if (patch.name !== undefined) product.name = patch.name;
    if (patch.status !== undefined) product.status = patch.status;
    if (patch.sku !== undefined) product.sku = patch.sku;
    if (patch.regularPrice !== undefined) product.regularPrice = patch.regularPrice;
    if (patch.description !== undefined) product.description = patch.description;
    product.modifiedAt = this.now();
    this.emit({ resource: "product", event: "updated", id });
    return product;
  }

  deleteProduct(id: number): ProductRecord {
    const product = this.getProduct(id);
    for (const variationId of product.variationIds) this.variations.delete(variationId);
    this.products.delete(id);
    this.emit({ resource: "product", event: "deleted", id });
    return product;
  }

  createVariation(productId: number, input: { sku?: string; regularPrice?: string; attributes: Record<string, string>; virtual?: boolean }, notify = true): VariationRecord {
    const product = this.getProduct(productId);
    if (product.type !== "variable") throw new WooError(400, "woocommerce_rest_invalid_product_id", "Variations can only be added to variable products.");
    this.assertSkuFree(input.sku ?? "");
    const at = this.now();
    const variation: VariationRecord = {
      id: this.postId(),
      productId,
      sku: input.sku ?? "",
      regularPrice: input.regularPrice ?? "",
      status: "publish",
      virtual: input.virtual ?? false,
      downloadable: false,
      attributes: Object.entries(input.attributes).map(([name, option]) => ({ name, option })),
      createdAt: at,
      modifiedAt: at,
    };
    this.variations.set(variation.id, variation);
    product.variationIds.push(variation.id);
    product.modifiedAt = at;
    if (notify) this.emit({ resource: "product", event: "updated", id: productId });
    return variation;
  }

  getVariation(productId: number, id: number): VariationRecord {
    const variation = this.variations.get(id);
    if (!variation || variation.productId !== productId) throw new WooError(404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
    return variation;
  }

  updateVariation(productId: number, id: number, patch: { sku?: string; regularPrice?: string }): VariationRecord {
    const variation = this.getVariation(productId, id);
    if (patch.sku !== undefined) {
      this.assertSkuFree(patch.sku, id);
      variation.sku = patch.sku;
    }
    if (patch.regularPrice !== undefined) variation.regularPrice = patch.regularPrice;
    variation.modifiedAt = this.now();
    this.emit({ resource: "product", event: "updated", id: productId });
    return variation;
  }

  deleteVariation(productId: number, id: number): VariationRecord {
    const variation = this.getVariation(productId, id);
    this.variations.delete(id);
    const product = this.getProduct(productId);
    product.variationIds = product.variationIds.filter((candidate) => candidate !== id);
    this.emit({ resource: "product", event: "updated", id: productId });
    return variation;
  }

  // ---- orders ----

  /** A customer checks out. `status` is where the payment left the order (`processing` = paid). */
  placeOrder(input: {
    lines: Array<{ productId: number; variationId?: number; quantity: number }>;
    shipping: AddressInput;
    billing?: AddressInput & { email?: string };
    status?: OrderStatus;
    currency?: string;
    shippingMethod?: string;
    customerNote?: string;
    /** Order meta as gateways leave it (`_wcpay_mode: test` for a WooPayments test-mode payment). */
    meta?: Record<string, string>;
  }): OrderRecord {
    if (input.lines.length === 0) throw new Error("an order needs at least one line");
    const at = this.now();
    const lineItems = input.lines.map((line) => {
      const product = this.getProduct(line.productId);
      const variation = line.variationId ? this.getVariation(line.productId, line.variationId) : undefined;
      if (product.type === "variable" && !variation) throw new Error(`product ${product.id} is variable: name a variation`);
      return { id: this.nextItemId++, productId: product.id, variationId: variation?.id ?? 0, quantity: line.quantity, price: variation?.regularPrice || product.regularPrice || "0" };
    });
    const status = input.status ?? "processing";
    const order: OrderRecord = {
      id: this.postId(),
      orderKey: `wc_order_${randomBytes(7).toString("hex").slice(0, 13)}`,
      status,
      currency: input.currency ?? "EUR",
      billing: { ...EMPTY_ADDRESS, email: "customer@example.com", ...(input.billing ?? input.shipping) },
      shipping: { ...EMPTY_ADDRESS, ...input.shipping },
      customerNote: input.customerNote ?? "",
      paymentMethod: "bacs",
      shippingLines: [{ id: this.nextItemId++, methodTitle: input.shippingMethod ?? "Flat rate", methodId: "flat_rate", total: "4.90" }],
      lineItems,
      notes: [],
      trackings: [],
      meta: Object.entries(input.meta ?? {}).map(([key, value]) => ({ id: this.nextItemId++, key, value })),
      createdAt: at,
      modifiedAt: at,
      paidAt: status === "processing" || status === "completed" ? at : null,
      completedAt: status === "completed" ? at : null,
    };
    delete (order.shipping as Partial<AddressRecord>).email;
    this.orders.set(order.id, order);
    this.emit({ resource: "order", event: "created", id: order.id });
    return order;
  }

  getOrder(id: number): OrderRecord {
    const order = this.orders.get(id);
    if (!order) throw new WooError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
    return order;
  }

  private touch(order: OrderRecord): void {
    order.modifiedAt = this.now();
    this.emit({ resource: "order", event: "updated", id: order.id });
  }

  /** The merchant (or a payment gateway) changes the status; WooCommerce adds its own note. */
  setStatus(id: number, status: OrderStatus): OrderRecord {
    if (!ORDER_STATUSES.includes(status)) throw new WooError(400, "rest_invalid_param", "Invalid parameter(s): status");
    const order = this.getOrder(id);
    if (order.status === status) return order;
    const label = (value: string) => value.replace(/(^|-)\w/g, (letter) => letter.toUpperCase()).replace("-", " ");
    order.notes.push({ id: this.nextItemId++, note: `Order status changed from ${label(order.status)} to ${label(status)}.`, customerNote: false, author: "system", createdAt: this.now() });
    order.status = status;
    if (status === "processing" && order.paidAt === null) order.paidAt = this.now();
    if (status === "completed") order.completedAt = this.now();
    this.touch(order);
    return order;
  }

  updateShipping(id: number, shipping: Partial<AddressRecord>): OrderRecord {
    const order = this.getOrder(id);
    order.shipping = { ...order.shipping, ...shipping };
    this.touch(order);
    return order;
  }

  addNote(orderId: number, note: string, customerNote: boolean, author = "Inkbridge"): NoteRecord {
    const order = this.getOrder(orderId);
    if (!note.trim()) throw new WooError(400, "woocommerce_rest_invalid_order_note", "Invalid order note.");
    const record: NoteRecord = { id: this.nextItemId++, note, customerNote, author, createdAt: this.now() };
    order.notes.push(record);
    return record;
  }

  deleteNote(orderId: number, noteId: number): NoteRecord {
    const order = this.getOrder(orderId);
    const note = order.notes.find((candidate) => candidate.id === noteId);
    if (!note) throw new WooError(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
    order.notes = order.notes.filter((candidate) => candidate !== note);
    return note;
  }

  // ---- webhooks (the REST controller validates; these keep the records) ----

  createWebhook(input: { name?: string; topic: string; deliveryUrl: string; secret?: string; status?: WebhookStatus }): WebhookRecord {
    const at = this.now();
    const webhook: WebhookRecord = {
      id: this.postId(),
      name: input.name ?? `Webhook created on ${new Date(at).toUTCString()}`,
      status: input.status ?? "active",
      topic: input.topic,
      deliveryUrl: input.deliveryUrl,
      secret: input.secret ?? randomBytes(16).toString("hex"),
      failureCount: 0,
      createdAt: at,
      modifiedAt: at,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  getWebhook(id: number): WebhookRecord {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw new WooError(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
    return webhook;
  }

  /** As WooCommerce does after repeated failed deliveries, or the merchant in the admin. */
  disableWebhook(id: number, status: WebhookStatus = "disabled"): WebhookRecord {
    const webhook = this.getWebhook(id);
    webhook.status = status;
    webhook.modifiedAt = this.now();
    return webhook;
  }

  deleteWebhooks(deliveryUrl?: string): number {
    let count = 0;
    for (const webhook of [...this.webhooks.values()]) {
      if (deliveryUrl !== undefined && webhook.deliveryUrl !== deliveryUrl) continue;
      this.webhooks.delete(webhook.id);
      count += 1;
    }
    return count;
  }
}
