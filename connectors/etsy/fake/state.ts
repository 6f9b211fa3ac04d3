import { createHash, randomBytes } from "node:crypto";

// The fake's world: Etsy users with one shop each, listings with inventory, receipts with transactions and
// shipments, OAuth codes and tokens. Plain data; server.ts turns it into Etsy's JSON.

export type EtsyMoneyValue = { amount: number; divisor: number; currency_code: string };

export type PropertyValueRecord = { property_id: number; property_name: string; scale_id: number | null; scale_name: string | null; value_ids: number[]; values: string[] };

export type InventoryProductRecord = {
  product_id: number;
  sku: string;
  is_deleted: boolean;
  offerings: Array<{ offering_id: number; quantity: number; is_enabled: boolean; is_deleted: boolean; price: EtsyMoneyValue }>;
  property_values: PropertyValueRecord[];
};

export type ListingState = "active" | "inactive" | "sold_out" | "draft" | "expired";
export const LISTING_STATES: readonly ListingState[] = ["active", "inactive", "sold_out", "draft", "expired"];

export type ListingRecord = {
  listing_id: number;
  shop_id: number;
  user_id: number;
  title: string;
  description: string;
  state: ListingState;
  quantity: number;
  price: EtsyMoneyValue;
  taxonomy_id: number;
  who_made: string;
  when_made: string;
  is_digital: boolean;
  created_timestamp: number;
  updated_timestamp: number;
  products: InventoryProductRecord[];
  price_on_property: number[];
  quantity_on_property: number[];
  sku_on_property: number[];
};

export type TransactionRecord = {
  transaction_id: number;
  listing_id: number;
  product_id: number;
  sku: string;
  title: string;
  quantity: number;
  price: EtsyMoneyValue;
  is_digital: boolean;
  variations: Array<{ property_id: number; value_id: number | null; formatted_name: string; formatted_value: string }>;
};

export type ShipmentRecord = { receipt_shipping_id: number; shipment_notification_timestamp: number; carrier_name: string; tracking_code: string };

export type ReceiptAddress = { name: string; first_line: string; second_line?: string | null; city: string; state?: string | null; zip: string; country_iso: string };

export type ReceiptRecord = {
  receipt_id: number;
  shop_id: number;
  seller_user_id: number;
  buyer_user_id: number;
  buyer_email: string | null;
  address: ReceiptAddress;
  status: "paid" | "completed" | "open" | "payment processing" | "canceled" | "fully refunded" | "partially refunded";
  is_paid: boolean;
  is_shipped: boolean;
  message_from_buyer: string | null;
  created_timestamp: number;
  updated_timestamp: number;
  transactions: TransactionRecord[];
  shipments: ShipmentRecord[];
  currency: string;
};

export type ShopRecord = { shop_id: number; shop_name: string; user_id: number; currency_code: string; listings: Map<number, ListingRecord>; receipts: Map<number, ReceiptRecord> };

export type UserRecord = { user_id: number; primary_email: string; first_name: string; last_name: string; shop_id: number | null };

type CodeRecord = { code: string; userId: number; clientId: string; redirectUri: string; challenge: string; scopes: string[]; expiresAt: number };
export type TokenRecord = { token: string; userId: number; clientId: string; scopes: string[]; expiresAt: number };

export type ListingProductInput = { sku?: string; price: string | number; quantity?: number; properties?: Record<string, string>; isEnabled?: boolean };
export type ListingInput = { title: string; description?: string; state?: ListingState; products: ListingProductInput[]; isDigital?: boolean };

export type ReceiptLineInput = { listingId: number; productId?: number; quantity?: number };
export type ReceiptInput = { lines: ReceiptLineInput[]; paid?: boolean; address?: Partial<ReceiptAddress>; buyerEmail?: string | null; message?: string | null };

export const DEMO_ADDRESS: ReceiptAddress = { name: "Jane Buyer", first_line: "1 Main St", second_line: null, city: "Brooklyn", state: "NY", zip: "11201", country_iso: "US" };

export const CUSTOM_PROPERTY_IDS = [513, 514] as const;

export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** base64url(SHA-256(verifier)) without padding, as RFC 7636 S256 defines it. */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

function money(amount: string | number, currency: string): EtsyMoneyValue {
  return { amount: Math.round(Number(amount) * 100), divisor: 100, currency_code: currency };
}

export class FakeEtsyWorld {
  readonly users = new Map<number, UserRecord>();
  readonly shops = new Map<number, ShopRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly accessTokens = new Map<string, TokenRecord>();
  private readonly refreshTokens = new Map<string, TokenRecord>();
  /** API requests (`/v3/application/…`) per user, for tests that count calls. */
  readonly requests: Array<{ userId: number | null; method: string; path: string; status: number }> = [];
  /** Apps that Etsy has not approved see buyer addresses withheld (null fields). */
  redactAddresses = false;
  /** createReceiptShipment answers 403, as for apps without the fulfilment permission. */
  forbidTracking = false;
  private nextId = 1;
  private onPaid: ((shop: ShopRecord, receipt: ReceiptRecord) => void) | null = null;

  constructor(
    private readonly now: () => number,
    private readonly ttl: { accessSeconds: number; refreshSeconds: number },
  ) {}

  private id(base: number): number {
    this.nextId += 1;
    return base + this.nextId * 7;
  }

  setPaidListener(listener: (shop: ShopRecord, receipt: ReceiptRecord) => void): void {
    this.onPaid = listener;
  }

  createUserWithShop(input: { shopName: string; email?: string; currency?: string }): { user: UserRecord; shop: ShopRecord } {
    const userId = this.id(50_000_000);
    const shopId = this.id(30_000_000);
    const user: UserRecord = { user_id: userId, primary_email: input.email ?? `${input.shopName.toLowerCase()}@example.com`, first_name: "Sam", last_name: "Seller", shop_id: shopId };
    const shop: ShopRecord = { shop_id: shopId, shop_name: input.shopName, user_id: userId, currency_code: input.currency ?? "USD", listings: new Map(), receipts: new Map() };
    this.users.set(userId, user);
    this.shops.set(shopId, shop);
    return { user, shop };
  }

  getShop(shopId: number): ShopRecord {
    const shop = this.shops.get(shopId);
    if (!shop) throw new Error(`No fake Etsy shop ${shopId}`);
    return shop;
  }

  findListing(listingId: number): ListingRecord | undefined {
    for (const shop of this.shops.values()) {
      const listing = shop.listings.get(listingId);
      if (listing) return listing;
    }
    return undefined;
  }

  findReceipt(receiptId: number): ReceiptRecord | undefined {
    for (const shop of this.shops.values()) {
      const receipt = shop.receipts.get(receiptId);
      if (receipt) return receipt;
    }
    return undefined;
  }

  // ---- listings and inventory ----

  /** Builds inventory products from plain input; every product gets a fresh product_id, as Etsy does on each write. */
  buildProducts(products: Array<{ sku: string; price: EtsyMoneyValue; quantity: number; isEnabled: boolean; propertyValues: PropertyValueRecord[] }>): InventoryProductRecord[] {
    return products.map((product) => ({
      product_id: this.id(11_000_000_000),
      sku: product.sku,
      is_deleted: false,
      offerings: [{ offering_id: this.id(12_000_000_000), quantity: product.quantity, is_enabled: product.isEnabled, is_deleted: false, price: product.price }],
      property_values: product.propertyValues,
    }));
  }

  private productsFromInput(currency: string, inputs: ListingProductInput[]): { products: InventoryProductRecord[]; propertyIds: number[] } {
    const names = [...new Set(inputs.flatMap((input) => Object.keys(input.properties ?? {})))];
    if (names.length > 2) throw new Error("Etsy listings have at most two variation properties");
    const propertyIds = names.map((_, index) => CUSTOM_PROPERTY_IDS[index] as number);
    const products = this.buildProducts(
      inputs.map((input) => ({
        sku: input.sku ?? "",
        price: money(input.price, currency),
        quantity: input.quantity ?? 999,
        isEnabled: input.isEnabled ?? true,
        propertyValues: names.map((name, index) => ({ property_id: propertyIds[index] as number, property_name: name, scale_id: null, scale_name: null, value_ids: [], values: [input.properties?.[name] ?? ""] })),
      })),
    );
    return { products, propertyIds };
  }

  createListing(shopId: number, input: ListingInput): { listingId: number; productIds: number[] } {
    const shop = this.getShop(shopId);
    const at = seconds(this.now());
    const { products, propertyIds } = this.productsFromInput(shop.currency_code, input.products);
    const first = products[0]?.offerings[0]?.price ?? money(0, shop.currency_code);
    const listing: ListingRecord = {
      listing_id: this.id(1_700_000_000),
      shop_id: shop.shop_id,
      user_id: shop.user_id,
      title: input.title,
      description: input.description ?? input.title,
      state: input.state ?? "active",
      quantity: products.reduce((sum, product) => sum + (product.offerings[0]?.quantity ?? 0), 0),
      price: first,
      taxonomy_id: 1,
      who_made: "i_did",
      when_made: "made_to_order",
      is_digital: input.isDigital ?? false,
      created_timestamp: at,
      updated_timestamp: at,
      products,
      price_on_property: new Set(input.products.map((product) => String(product.price))).size > 1 ? propertyIds : [],
      quantity_on_property: [],
      sku_on_property: new Set(input.products.map((product) => product.sku ?? "")).size > 1 ? propertyIds : [],
    };
    shop.listings.set(listing.listing_id, listing);
    return { listingId: listing.listing_id, productIds: products.map((product) => product.product_id) };
  }

  /** createDraftListing: a listing in state draft with one product and no variations. */
  createDraftListing(shop: ShopRecord, input: { title: string; description: string; price: number; quantity: number; taxonomyId: number; whoMade: string; whenMade: string }): ListingRecord {
    const at = seconds(this.now());
    const price = money(input.price, shop.currency_code);
    const listing: ListingRecord = {
      listing_id: this.id(1_700_000_000),
      shop_id: shop.shop_id,
      user_id: shop.user_id,
      title: input.title,
      description: input.description,
      state: "draft",
      quantity: input.quantity,
      price,
      taxonomy_id: input.taxonomyId,
      who_made: input.whoMade,
      when_made: input.whenMade,
      is_digital: false,
      created_timestamp: at,
      updated_timestamp: at,
      products: this.buildProducts([{ sku: "", price, quantity: input.quantity, isEnabled: true, propertyValues: [] }]),
      price_on_property: [],
      quantity_on_property: [],
      sku_on_property: [],
    };
    shop.listings.set(listing.listing_id, listing);
    return listing;
  }

  /** The merchant edits the variations in Etsy: the inventory is rewritten and every product_id changes. */
  updateInventory(listingId: number, products: ListingProductInput[]): number[] {
    const listing = this.findListing(listingId);
    if (!listing) throw new Error(`No fake Etsy listing ${listingId}`);
    const shop = this.getShop(listing.shop_id);
    const built = this.productsFromInput(shop.currency_code, products);
    this.replaceInventory(listing, built.products, {
      price_on_property: new Set(products.map((product) => String(product.price))).size > 1 ? built.propertyIds : [],
      quantity_on_property: [],
      sku_on_property: new Set(products.map((product) => product.sku ?? "")).size > 1 ? built.propertyIds : [],
    });
    return built.products.map((product) => product.product_id);
  }

  replaceInventory(listing: ListingRecord, products: InventoryProductRecord[], onProperty: { price_on_property: number[]; quantity_on_property: number[]; sku_on_property: number[] }): void {
    listing.products = products;
    listing.price_on_property = onProperty.price_on_property;
    listing.quantity_on_property = onProperty.quantity_on_property;
    listing.sku_on_property = onProperty.sku_on_property;
    listing.quantity = products.reduce((sum, product) => sum + (product.offerings[0]?.quantity ?? 0), 0);
    const first = products[0]?.offerings[0]?.price;
    if (first) listing.price = first;
    listing.updated_timestamp = seconds(this.now());
  }

  // ---- receipts ----

  placeReceipt(shopId: number, input: ReceiptInput): ReceiptRecord {
    const shop = this.getShop(shopId);
    const at = seconds(this.now());
    const transactions: TransactionRecord[] = input.lines.map((line) => {
      const listing = shop.listings.get(line.listingId);
      if (!listing) throw new Error(`No listing ${line.listingId} in shop ${shopId}`);
      const product = listing.products.find((candidate) => (line.productId === undefined ? !candidate.is_deleted : candidate.product_id === line.productId));
      if (!product) throw new Error(`No product ${line.productId} in listing ${line.listingId}`);
      return {
        transaction_id: this.id(4_000_000_000),
        listing_id: listing.listing_id,
        product_id: product.product_id,
        sku: product.sku,
        title: listing.title,
        quantity: line.quantity ?? 1,
        price: product.offerings[0]?.price ?? listing.price,
        is_digital: listing.is_digital,
        variations: product.property_values.map((value) => ({ property_id: value.property_id, value_id: value.value_ids[0] ?? null, formatted_name: value.property_name, formatted_value: value.values.join(", ") })),
      };
    });
    const paid = input.paid ?? true;
    const receipt: ReceiptRecord = {
      receipt_id: this.id(3_000_000_000),
      shop_id: shop.shop_id,
      seller_user_id: shop.user_id,
      buyer_user_id: this.id(60_000_000),
      buyer_email: input.buyerEmail === undefined ? "buyer@example.com" : input.buyerEmail,
      address: { ...DEMO_ADDRESS, ...input.address },
      status: paid ? "paid" : "payment processing",
      is_paid: paid,
      is_shipped: false,
      message_from_buyer: input.message ?? null,
      created_timestamp: at,
      updated_timestamp: at,
      transactions,
      shipments: [],
      currency: shop.currency_code,
    };
    shop.receipts.set(receipt.receipt_id, receipt);
    if (paid) this.onPaid?.(shop, receipt);
    return receipt;
  }

  private receipt(receiptId: number): ReceiptRecord {
    const receipt = this.findReceipt(receiptId);
    if (!receipt) throw new Error(`No fake Etsy receipt ${receiptId}`);
    return receipt;
  }

  markPaid(receiptId: number): ReceiptRecord {
    const receipt = this.receipt(receiptId);
    receipt.is_paid = true;
    receipt.status = "paid";
    receipt.updated_timestamp = seconds(this.now());
    this.onPaid?.(this.getShop(receipt.shop_id), receipt);
    return receipt;
  }

  cancelReceipt(receiptId: number): ReceiptRecord {
    const receipt = this.receipt(receiptId);
    receipt.status = "canceled";
    receipt.updated_timestamp = seconds(this.now());
    return receipt;
  }

  addShipment(receipt: ReceiptRecord, input: { trackingCode: string; carrierName: string }): ShipmentRecord {
    const at = seconds(this.now());
    const shipment: ShipmentRecord = { receipt_shipping_id: this.id(7_000_000_000), shipment_notification_timestamp: at, carrier_name: input.carrierName, tracking_code: input.trackingCode };
    receipt.shipments.push(shipment);
    receipt.is_shipped = true;
    receipt.status = "completed";
    receipt.updated_timestamp = at;
    return shipment;
  }

  // ---- OAuth ----

  issueCode(input: Omit<CodeRecord, "code" | "expiresAt">): string {
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, { ...input, code, expiresAt: this.now() + 10 * 60_000 });
    return code;
  }

  /** Codes are single use: a second redemption finds nothing. */
  redeemCode(code: string): CodeRecord | null {
    const record = this.codes.get(code);
    this.codes.delete(code);
    if (!record || record.expiresAt < this.now()) return null;
    return record;
  }

  issueTokens(userId: number, clientId: string, scopes: string[]): { access: TokenRecord; refresh: TokenRecord } {
    const now = this.now();
    const access: TokenRecord = { token: `${userId}.${randomBytes(36).toString("base64url")}`, userId, clientId, scopes, expiresAt: now + this.ttl.accessSeconds * 1000 };
    const refresh: TokenRecord = { token: `${userId}.${randomBytes(36).toString("base64url")}`, userId, clientId, scopes, expiresAt: now + this.ttl.refreshSeconds * 1000 };
    this.accessTokens.set(access.token, access);
    this.refreshTokens.set(refresh.token, refresh);
    return { access, refresh };
  }

  /** A token pair for a shop's owner, as if they had connected (tests and the demo). */
  createTokens(shopId: number, clientId: string, scopes: string[] = ALL_SCOPES): { accessToken: string; refreshToken: string; expiresAt: number } {
    const { access, refresh } = this.issueTokens(this.getShop(shopId).user_id, clientId, scopes);
    return { accessToken: access.token, refreshToken: refresh.token, expiresAt: access.expiresAt };
  }

  /** Rotation: the used refresh token stops working, a new pair is issued. */
  useRefreshToken(token: string, clientId: string): TokenRecord | null {
    const record = this.refreshTokens.get(token);
    if (!record || record.clientId !== clientId || record.expiresAt < this.now()) return null;
    this.refreshTokens.delete(token);
    return record;
  }

  findAccessToken(token: string): TokenRecord | null {
    const record = this.accessTokens.get(token);
    if (!record || record.expiresAt < this.now()) return null;
    return record;
  }

  /** Forgets an access or refresh token (the seller removed the app, or a test revokes it). */
  revokeToken(token: string): void {
    this.accessTokens.delete(token);
    this.refreshTokens.delete(token);
  }

  /** The seller removes the app: every token of the user dies. */
  revokeUser(userId: number): void {
    for (const [token, record] of this.accessTokens) if (record.userId === userId) this.accessTokens.delete(token);
    for (const [token, record] of this.refreshTokens) if (record.userId === userId) this.refreshTokens.delete(token);
  }
}

export const ALL_SCOPES = ["transactions_r", "transactions_w", "listings_r", "listings_w", "listings_d", "shops_r", "shops_w", "profile_r", "email_r", "address_r"];
