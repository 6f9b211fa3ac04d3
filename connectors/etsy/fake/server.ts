import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppRateLimiter, DEFAULT_RATE_LIMITS, type RateLimits } from "./rate";
import { FakeEtsyWorld, LISTING_STATES, s256, seconds, type InventoryProductRecord, type ListingRecord, type ListingState, type PropertyValueRecord, type ReceiptRecord, type ShopRecord, type TokenRecord } from "./state";
import { receiptView, listingView, inventoryView, shopView } from "./views";
import { StandardWebhookEmitter, type DeliveryAttempt } from "./webhooks";

export type EtsyFakeOptions = {
  keystring: string;
  sharedSecret: string;
  port?: number;
  host?: string;
  /** The connect page redirects at once instead of showing the Allow button. */
  autoApprove?: boolean;
  /** Etsy accepts only https redirect URIs; tests and the local demo allow http. */
  allowHttpRedirects?: boolean;
  /** Exact redirect URIs registered for the app; any (https) URI when unset. */
  redirectUris?: string[];
  rateLimits?: Partial<RateLimits>;
  /** Sends `order.paid` Standard Webhooks to this address (commercial apps, configured in Etsy's portal). */
  webhooks?: { url: string; secret: string; retryDelaysMs?: number[] };
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  now?: () => number;
};

export type EtsyFake = {
  url: string;
  /** The value for ETSY_API_ORIGIN: it stands for both https://api.etsy.com and https://www.etsy.com. */
  origin: string;
  world: FakeEtsyWorld;
  /** Whose Etsy session the connect page sees (defaults to the first shop's owner). */
  signIn(shopId: number): void;
  /** `throttled`: how many calls were answered 429 since the start (or the last `reset`). */
  rate: { block(ms: number): void; unblock(): void; reset(): void; configure(limits: Partial<RateLimits>): void; readonly throttled: number };
  /** Token endpoint calls by grant, answered 200 or not. */
  tokenRequests: Array<{ grant: string; ok: boolean }>;
  webhooks: { attempts: DeliveryAttempt[]; idle(): Promise<void> };
  /** API calls (`/v3/application/…`) made with this user's tokens. */
  requestCount(userId: number): number;
  close(): Promise<void>;
};

const SCOPES = new Set(["address_r", "address_w", "billing_r", "cart_r", "cart_w", "email_r", "favorites_r", "favorites_w", "feedback_r", "listings_d", "listings_r", "listings_w", "profile_r", "profile_w", "recommend_r", "recommend_w", "shops_r", "shops_w", "transactions_r", "transactions_w"]);
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const SORT_ORDERS: Record<string, "asc" | "desc"> = { asc: "asc", ascending: "asc", up: "asc", desc: "desc", descending: "desc", down: "desc" };

class EtsyHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startEtsyFake(options: EtsyFakeOptions): Promise<EtsyFake> {
  const now = options.now ?? Date.now;
  const world = new FakeEtsyWorld(now, { accessSeconds: options.accessTokenTtlSeconds ?? 3600, refreshSeconds: options.refreshTokenTtlSeconds ?? 90 * 24 * 3600 });
  const limiter = new AppRateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits });
  let signedInShopId: number | null = null;
  let origin = "";
  let throttled = 0;
  const tokenRequests: Array<{ grant: string; ok: boolean }> = [];
  const emitter = options.webhooks ? new StandardWebhookEmitter(options.webhooks, now) : null;
  world.setPaidListener((shop, receipt) => {
    emitter?.emit({ event_type: "order.paid", resource_url: `${origin}/v3/application/shops/${shop.shop_id}/receipts/${receipt.receipt_id}`, shop_id: shop.shop_id });
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof EtsyHttpError) return sendJson(res, error.status, { error: error.message });
      sendJson(res, 500, { error: "Internal server error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/") return sendHtml(res, 200, indexPage(world));
    if (url.pathname === "/oauth/connect") return connect(req, res, url);
    if (url.pathname === "/v3/public/oauth/token") return token(req, res);
    if (url.pathname === "/fake/place-receipt" && req.method === "POST") return placeDemoReceipt(req, res);
    if (url.pathname.startsWith("/v3/application/")) return application(req, res, url);
    sendJson(res, 404, { error: "Not found" });
  }

  // ---- OAuth ----

  async function connect(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const params = req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const fail = (message: string) => sendHtml(res, 400, page("Something went wrong", `<p>${escapeHtml(message)}</p>`));
    if (params.get("response_type") !== "code") return fail("response_type must be code");
    if (params.get("client_id") !== options.keystring) return fail("The client_id is not a known app keystring");
    const redirectUri = params.get("redirect_uri") ?? "";
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return fail("redirect_uri is missing or not a URL");
    }
    if (redirect.protocol !== "https:" && !(options.allowHttpRedirects && redirect.protocol === "http:")) return fail("redirect_uri must use https");
    if (options.redirectUris && !options.redirectUris.includes(redirectUri)) return fail("redirect_uri is not registered for this app");
    const scopes = (params.get("scope") ?? "").split(" ").filter(Boolean);
    if (scopes.length === 0 || scopes.some((scope) => !SCOPES.has(scope))) return fail("scope must be a space-separated list of Etsy scopes");
    const state = params.get("state") ?? "";
    if (!state) return fail("state is required");
    const challenge = params.get("code_challenge") ?? "";
    if (params.get("code_challenge_method") !== "S256") return fail("code_challenge_method must be S256");
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail("code_challenge must be base64url(SHA-256(verifier)) without padding");
    const shop = signedInShopId !== null ? world.shops.get(signedInShopId) : world.shops.values().next().value;
    if (!shop) return fail("Nobody is signed in to the Etsy fake (create a shop first)");
    const decision = req.method === "POST" ? params.get("decision") : options.autoApprove ? "allow" : null;
    if (decision === null) return sendHtml(res, 200, allowPage(shop, params, scopes));
    if (decision !== "allow") {
      redirect.searchParams.set("error", "access_denied");
      redirect.searchParams.set("error_description", "The user denied the request");
      redirect.searchParams.set("state", state);
    } else {
      const code = world.issueCode({ userId: shop.user_id, clientId: options.keystring, redirectUri, challenge, scopes });
      redirect.searchParams.set("code", code);
      redirect.searchParams.set("state", state);
    }
    res.writeHead(302, { Location: redirect.toString() });
    res.end();
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { error: "Method not allowed" });
    const raw = await readBody(req);
    const fail = (error: string, description: string, status = 400) => sendJson(res, status, { error, error_description: description });
    if (!(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) return fail("invalid_request", "The body must be application/x-www-form-urlencoded");
    const body = new URLSearchParams(raw);
    if (body.get("client_id") !== options.keystring) return fail("invalid_client", "client_id is not a known keystring", 401);
    const grant = body.get("grant_type");
    if (grant === "authorization_code") {
      const code = world.redeemCode(body.get("code") ?? "");
      if (!code) return fail("invalid_grant", "code is invalid, expired or already used");
      if (code.redirectUri !== body.get("redirect_uri")) return fail("invalid_grant", "redirect_uri does not match the one of the authorization request");
      const verifier = body.get("code_verifier") ?? "";
      if (!VERIFIER.test(verifier) || s256(verifier) !== code.challenge) return fail("invalid_grant", "code_verifier does not match the code_challenge");
      return sendJson(res, 200, tokenAnswer(world.issueTokens(code.userId, code.clientId, code.scopes)));
    }
    if (grant === "refresh_token") {
      const previous = world.useRefreshToken(body.get("refresh_token") ?? "", options.keystring);
      tokenRequests.push({ grant, ok: previous !== null });
      if (!previous) return fail("invalid_grant", "refresh_token is invalid, expired or revoked");
      return sendJson(res, 200, tokenAnswer(world.issueTokens(previous.userId, previous.clientId, previous.scopes)));
    }
    return fail("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
  }

  function tokenAnswer(issued: { access: TokenRecord; refresh: TokenRecord }): Record<string, unknown> {
    return { access_token: issued.access.token, token_type: "Bearer", expires_in: Math.round((issued.access.expiresAt - now()) / 1000), refresh_token: issued.refresh.token };
  }

  // ---- Open API v3 ----

  async function application(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const apiKey = typeof req.headers["x-api-key"] === "string" ? req.headers["x-api-key"] : "";
    if (!apiKey) throw new EtsyHttpError(403, "Missing x-api-key header.");
    const [keystring, secret, extra] = apiKey.split(":");
    if (secret === undefined) throw new EtsyHttpError(403, "Shared secret is required in x-api-key header.");
    if (extra !== undefined || !keystring || !secret) throw new EtsyHttpError(403, "Invalid API key: should be in the format 'keystring:shared_secret'.");
    if (keystring !== options.keystring || secret !== options.sharedSecret) throw new EtsyHttpError(403, "Invalid API key.");
    const decision = limiter.take(keystring);
    if (!decision.ok) {
      throttled += 1;
      await readBody(req);
      res.writeHead(429, { "Content-Type": "application/json", "retry-after": String(decision.retryAfterSeconds) });
      res.end(JSON.stringify({ error: "You have exceeded your rate limit." }));
      return;
    }
    for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
    const authorization = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
    const bearer = /^Bearer (\d+\.\S+)$/.exec(authorization)?.[1];
    const record = bearer ? world.findAccessToken(bearer) : null;
    const path = url.pathname.slice("/v3/application".length);
    const log = (status: number) => world.requests.push({ userId: record?.userId ?? null, method: req.method ?? "GET", path, status });
    if (!record) {
      await readBody(req);
      log(401);
      return sendJson(res, 401, { error: "invalid_token" });
    }
    try {
      const { status, body } = await route(req, url, path, record);
      log(status);
      sendJson(res, status, body);
    } catch (error) {
      if (error instanceof EtsyHttpError) log(error.status);
      throw error;
    }
  }

  function requireScope(token: TokenRecord, scope: string): void {
    if (!token.scopes.includes(scope)) throw new EtsyHttpError(403, `This request requires the ${scope} scope.`);
  }

  function ownShop(token: TokenRecord, shopId: string): ShopRecord {
    const shop = world.shops.get(Number(shopId));
    if (!shop) throw new EtsyHttpError(404, `Could not find a shop with shop_id = ${shopId}`);
    if (shop.user_id !== token.userId) throw new EtsyHttpError(403, "The shop is not owned by the user of this token.");
    return shop;
  }

  async function route(req: IncomingMessage, url: URL, path: string, token: TokenRecord): Promise<{ status: number; body: unknown }> {
    const method = req.method ?? "GET";
    const query = url.searchParams;
    let match: RegExpExecArray | null;
    if (method === "GET" && path === "/users/me") {
      requireScope(token, "shops_r");
      const user = world.users.get(token.userId);
      return { status: 200, body: { user_id: token.userId, shop_id: user?.shop_id ?? null } };
    }
    if (method === "GET" && (match = /^\/shops\/(\d+)$/.exec(path))) {
      const shop = world.shops.get(Number(match[1]));
      if (!shop) throw new EtsyHttpError(404, `Could not find a shop with shop_id = ${match[1]}`);
      return { status: 200, body: shopView(shop, origin) };
    }
    if (method === "GET" && (match = /^\/shops\/(\d+)\/receipts$/.exec(path))) {
      requireScope(token, "transactions_r");
      return { status: 200, body: listReceipts(ownShop(token, match[1] as string), query) };
    }
    if (method === "GET" && (match = /^\/shops\/(\d+)\/receipts\/(\d+)$/.exec(path))) {
      requireScope(token, "transactions_r");
      return { status: 200, body: receiptView(receiptOf(ownShop(token, match[1] as string), match[2] as string), world.redactAddresses) };
    }
    if (method === "GET" && (match = /^\/shops\/(\d+)\/receipts\/(\d+)\/transactions$/.exec(path))) {
      requireScope(token, "transactions_r");
      const transactions = receiptView(receiptOf(ownShop(token, match[1] as string), match[2] as string), world.redactAddresses).transactions as unknown[];
      return { status: 200, body: { count: transactions.length, results: transactions } };
    }
    if (method === "POST" && (match = /^\/shops\/(\d+)\/receipts\/(\d+)\/tracking$/.exec(path))) {
      requireScope(token, "transactions_w");
      const shop = ownShop(token, match[1] as string);
      const form = await readForm(req);
      const receipt = receiptOf(shop, match[2] as string);
      if (world.forbidTracking) throw new EtsyHttpError(403, "This application is not permitted to submit tracking information for this shop.");
      const trackingCode = form.get("tracking_code") ?? "";
      const carrierName = form.get("carrier_name") ?? "";
      if (!trackingCode || !carrierName) throw new EtsyHttpError(400, "A tracking number is required");
      if (receipt.status === "canceled") throw new EtsyHttpError(409, "The receipt has been canceled.");
      world.addShipment(receipt, { trackingCode, carrierName });
      return { status: 200, body: receiptView(receipt, world.redactAddresses) };
    }
    if (method === "GET" && (match = /^\/shops\/(\d+)\/listings$/.exec(path))) {
      requireScope(token, "listings_r");
      return { status: 200, body: listListings(ownShop(token, match[1] as string), query) };
    }
    if (method === "POST" && (match = /^\/shops\/(\d+)\/listings$/.exec(path))) {
      requireScope(token, "listings_w");
      const shop = ownShop(token, match[1] as string);
      return { status: 201, body: listingView(createDraft(shop, await readForm(req)), false) };
    }
    if ((match = /^\/listings\/(\d+)\/inventory$/.exec(path))) {
      const listing = world.findListing(Number(match[1]));
      if (!listing) throw new EtsyHttpError(404, `Could not find a listing with listing_id = ${match[1]}`);
      if (method === "GET") {
        requireScope(token, "listings_r");
        if (listing.user_id !== token.userId) throw new EtsyHttpError(403, "The listing is not owned by the user of this token.");
        return { status: 200, body: inventoryView(listing) };
      }
      if (method === "PUT") {
        requireScope(token, "listings_w");
        if (listing.user_id !== token.userId) throw new EtsyHttpError(403, "The listing is not owned by the user of this token.");
        updateInventoryFromRequest(listing, await readJson(req));
        return { status: 200, body: inventoryView(listing) };
      }
    }
    throw new EtsyHttpError(404, `No route for ${method} /v3/application${path}`);
  }

  function receiptOf(shop: ShopRecord, receiptId: string): ReceiptRecord {
    const receipt = shop.receipts.get(Number(receiptId));
    if (!receipt) throw new EtsyHttpError(404, `Could not find a receipt with receipt_id = ${receiptId}`);
    return receipt;
  }

  function listReceipts(shop: ShopRecord, query: URLSearchParams): { count: number; results: unknown[] } {
    const limit = intParam(query, "limit", 25, 1, 100);
    const offset = intParam(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const sortOn = query.get("sort_on") ?? "created";
    if (!["created", "updated", "receipt_id"].includes(sortOn)) throw new EtsyHttpError(400, "sort_on must be one of created, updated, receipt_id");
    const order = SORT_ORDERS[query.get("sort_order") ?? "desc"];
    if (!order) throw new EtsyHttpError(400, "sort_order must be one of asc, ascending, desc, descending, up, down");
    const bounds = {
      min_created: timestampParam(query, "min_created"),
      max_created: timestampParam(query, "max_created"),
      min_last_modified: timestampParam(query, "min_last_modified"),
      max_last_modified: timestampParam(query, "max_last_modified"),
    };
    const flags = { was_paid: boolParam(query, "was_paid"), was_shipped: boolParam(query, "was_shipped"), was_canceled: boolParam(query, "was_canceled") };
    const matching = [...shop.receipts.values()].filter(
      (receipt) =>
        (bounds.min_created === null || receipt.created_timestamp >= bounds.min_created) &&
        (bounds.max_created === null || receipt.created_timestamp <= bounds.max_created) &&
        (bounds.min_last_modified === null || receipt.updated_timestamp >= bounds.min_last_modified) &&
        (bounds.max_last_modified === null || receipt.updated_timestamp <= bounds.max_last_modified) &&
        (flags.was_paid === null || receipt.is_paid === flags.was_paid) &&
        (flags.was_shipped === null || receipt.is_shipped === flags.was_shipped) &&
        (flags.was_canceled === null || (receipt.status === "canceled") === flags.was_canceled),
    );
    const key = (receipt: ReceiptRecord) => (sortOn === "created" ? receipt.created_timestamp : sortOn === "updated" ? receipt.updated_timestamp : receipt.receipt_id);
    const direction = order === "asc" ? 1 : -1;
    matching.sort((a, b) => direction * (key(a) - key(b) || a.receipt_id - b.receipt_id));
    return { count: matching.length, results: matching.slice(offset, offset + limit).map((receipt) => receiptView(receipt, world.redactAddresses)) };
  }

  function listListings(shop: ShopRecord, query: URLSearchParams): { count: number; results: unknown[] } {
    const state = (query.get("state") ?? "active") as ListingState;
    if (!LISTING_STATES.includes(state)) throw new EtsyHttpError(400, `state must be one of ${LISTING_STATES.join(", ")}`);
    const limit = intParam(query, "limit", 25, 1, 100);
    const offset = intParam(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const includes = query.getAll("includes").flatMap((value) => value.split(","));
    const matching = [...shop.listings.values()].filter((listing) => listing.state === state).sort((a, b) => b.created_timestamp - a.created_timestamp || b.listing_id - a.listing_id);
    return { count: matching.length, results: matching.slice(offset, offset + limit).map((listing) => listingView(listing, includes.includes("Inventory"))) };
  }

  function createDraft(shop: ShopRecord, form: URLSearchParams): ListingRecord {
    const required = ["quantity", "title", "description", "price", "who_made", "when_made", "taxonomy_id"];
    const missing = required.filter((name) => !form.get(name));
    if (missing.length) throw new EtsyHttpError(400, `Missing required parameter(s): ${missing.join(", ")}`);
    const price = Number(form.get("price"));
    const quantity = Number(form.get("quantity"));
    if (!Number.isFinite(price) || price <= 0) throw new EtsyHttpError(400, "price must be a positive number");
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 999) throw new EtsyHttpError(400, "quantity must be between 1 and 999");
    if (!["i_did", "someone_else", "collective"].includes(form.get("who_made") ?? "")) throw new EtsyHttpError(400, "who_made must be one of i_did, someone_else, collective");
    return world.createDraftListing(shop, {
      title: form.get("title") as string,
      description: form.get("description") as string,
      price,
      quantity,
      taxonomyId: Number(form.get("taxonomy_id")),
      whoMade: form.get("who_made") as string,
      whenMade: form.get("when_made") as string,
    });
  }

  // PUT inventory: the whole product list is replaced and every product gets a new product_id.
  function updateInventoryFromRequest(listing: ListingRecord, body: unknown): void {
    if (!body || typeof body !== "object" || !Array.isArray((body as { products?: unknown }).products)) throw new EtsyHttpError(400, "products is required");
    const input = body as { products: unknown[]; price_on_property?: unknown; quantity_on_property?: unknown; sku_on_property?: unknown };
    const onProperty = (value: unknown, name: string): number[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value) || value.some((item) => !Number.isInteger(item))) throw new EtsyHttpError(400, `${name} must be an array of property ids`);
      return value as number[];
    };
    const priceOn = onProperty(input.price_on_property, "price_on_property");
    const quantityOn = onProperty(input.quantity_on_property, "quantity_on_property");
    const skuOn = onProperty(input.sku_on_property, "sku_on_property");
    const shop = world.getShop(listing.shop_id);
    if (input.products.length === 0) throw new EtsyHttpError(400, "products must not be empty");
    const seen = new Set<string>();
    const built = input.products.map((raw, index) => {
      const product = raw as { sku?: unknown; property_values?: unknown; offerings?: unknown };
      const values = Array.isArray(product.property_values) ? (product.property_values as Array<Record<string, unknown>>) : [];
      if (values.length > 2) throw new EtsyHttpError(400, "A listing can have at most two variation properties");
      const propertyValues: PropertyValueRecord[] = values.map((value) => {
        const strings = Array.isArray(value.values) ? value.values.map(String) : [];
        if (!Number.isInteger(value.property_id) || strings.length !== 1) throw new EtsyHttpError(400, `products[${index}].property_values need a property_id and exactly one value`);
        if (strings.some((text) => /[()]/.test(text))) throw new EtsyHttpError(400, "Property values may not contain ( or )");
        return { property_id: value.property_id as number, property_name: typeof value.property_name === "string" ? value.property_name : `Property ${String(value.property_id)}`, scale_id: null, scale_name: null, value_ids: Array.isArray(value.value_ids) ? (value.value_ids as number[]) : [], values: strings };
      });
      const combination = propertyValues.map((value) => `${value.property_id}=${value.values[0]}`).sort().join("&");
      if (seen.has(combination)) throw new EtsyHttpError(400, "Two products have the same property values");
      seen.add(combination);
      const offerings = Array.isArray(product.offerings) ? (product.offerings as Array<Record<string, unknown>>) : [];
      const offering = offerings[0];
      if (!offering || typeof offering.price !== "number" || offering.price <= 0) throw new EtsyHttpError(400, `products[${index}].offerings need a price`);
      const quantity = Number(offering.quantity ?? 0);
      return { sku: typeof product.sku === "string" ? product.sku : "", price: { amount: Math.round(offering.price * 100), divisor: 100, currency_code: shop.currency_code }, quantity, isEnabled: offering.is_enabled !== false, propertyValues };
    });
    const propertyIds = new Set(built.flatMap((product) => product.propertyValues.map((value) => value.property_id)));
    for (const [name, ids] of [["price_on_property", priceOn], ["quantity_on_property", quantityOn], ["sku_on_property", skuOn]] as const) {
      if (ids.some((id) => !propertyIds.has(id))) throw new EtsyHttpError(400, `${name} names a property the products do not have`);
    }
    const uniform = (pick: (product: (typeof built)[number]) => string, ids: number[], name: string) => {
      if (ids.length > 0) return;
      if (new Set(built.map(pick)).size > 1) throw new EtsyHttpError(400, `Products differ in ${name} but ${name}_on_property is empty`);
    };
    uniform((product) => String(product.price.amount), priceOn, "price");
    uniform((product) => product.sku, skuOn, "sku");
    const products: InventoryProductRecord[] = world.buildProducts(built);
    world.replaceInventory(listing, products, { price_on_property: priceOn, quantity_on_property: quantityOn, sku_on_property: skuOn });
  }

  // The index page's "Place a paid receipt" button: one of the shop's first listing.
  async function placeDemoReceipt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const shop = world.shops.get(Number(form.get("shop_id")));
    const listing = shop ? [...shop.listings.values()].find((candidate) => candidate.state === "active") : undefined;
    if (!shop || !listing) return sendHtml(res, 409, page("No listing", "<p>This shop has no active listing.</p>"));
    world.placeReceipt(shop.shop_id, { lines: [{ listingId: listing.listing_id }], paid: true });
    res.writeHead(303, { Location: "/" });
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${options.host ?? "127.0.0.1"}:${address.port}`;

  return {
    url: origin,
    origin,
    world,
    signIn(shopId) {
      world.getShop(shopId);
      signedInShopId = shopId;
    },
    rate: {
      block: (ms) => limiter.block(options.keystring, ms),
      unblock: () => limiter.unblock(options.keystring),
      reset: () => {
        limiter.reset();
        throttled = 0;
      },
      configure: (limits) => limiter.configure(limits),
      get throttled() {
        return throttled;
      },
    },
    tokenRequests,
    webhooks: { attempts: emitter?.attempts ?? [], idle: () => emitter?.idle() ?? Promise.resolve() },
    requestCount: (userId) => world.requests.filter((request) => request.userId === userId).length,
    async close() {
      emitter?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new EtsyHttpError(400, `Expected int >= ${min}${max < Number.MAX_SAFE_INTEGER ? ` and <= ${max}` : ""} for '${name}'.`);
  return value;
}

function timestampParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 946684800) throw new EtsyHttpError(400, `Expected a unix timestamp >= 946684800 for '${name}'.`);
  return Number(raw);
}

function boolParam(query: URLSearchParams, name: string): boolean | null {
  const raw = query.get(name);
  if (raw === null) return null;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new EtsyHttpError(400, `Expected a boolean for '${name}'.`);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const raw = await readBody(req);
  if (!(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) throw new EtsyHttpError(400, "The body must be application/x-www-form-urlencoded");
  return new URLSearchParams(raw);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new EtsyHttpError(400, "The body is not valid JSON");
  }
}

function readBody(req: IncomingMessage, limit = 2_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new EtsyHttpError(413, "Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
  res.end(html);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{background:#f1641e;color:#fff;border:0;border-radius:1.5rem;padding:.6rem 1.4rem;font-size:1rem;cursor:pointer}button.secondary{background:#fff;color:#222;border:1px solid #222}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function allowPage(shop: ShopRecord, params: URLSearchParams, scopes: string[]): string {
  const hidden = [...params.entries()].filter(([key]) => key !== "decision").map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`).join("");
  const list = scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  return page(
    "An app would like to connect to your account",
    `<p>Signed in as the owner of <strong>${escapeHtml(shop.shop_name)}</strong> (shop ${shop.shop_id}) on the Etsy fake. The app asks for:</p><ul>${list}</ul><form method="post">${hidden}<button type="submit" name="decision" value="allow">Allow Access</button> <button type="submit" name="decision" value="deny" class="secondary">Cancel</button></form>`,
  );
}

function indexPage(world: FakeEtsyWorld): string {
  const rows = [...world.shops.values()]
    .map((shop) => {
      const shipments = [...shop.receipts.values()].flatMap((receipt) => receipt.shipments.map((shipment) => `${receipt.receipt_id}: ${escapeHtml(shipment.carrier_name)} ${escapeHtml(shipment.tracking_code)}`));
      return `<li>${escapeHtml(shop.shop_name)} (shop ${shop.shop_id}): ${shop.listings.size} listings, ${shop.receipts.size} receipts${shipments.length ? `, shipments: ${shipments.join("; ")}` : ""} <form method="post" action="/fake/place-receipt" style="display:inline"><input type="hidden" name="shop_id" value="${shop.shop_id}"><button type="submit">Place a paid receipt</button></form></li>`;
    })
    .join("");
  return page("Etsy fake", `<p>Open API v3. Shops:</p><ul>${rows}</ul><p>Buyer addresses ${world.redactAddresses ? "withheld" : "shown"}; tracking ${world.forbidTracking ? "forbidden" : "allowed"}. Clock: ${seconds(Date.now())}.</p>`);
}
