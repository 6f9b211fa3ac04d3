import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { runGraphql } from "./graphql";
import { buildPayload, type PayloadRef } from "./payloads";
import { ADMIN_API_VERSION, getAdminSchema } from "./schema";
import { FakeShopifyShops, isShopDomain, type ShopRecord } from "./state";
import type { ThrottleSettings } from "./throttle";
import { WebhookEmitter, type DeliveryAttempt, type WebhookDeliveryOptions, type WebhookFaults } from "./webhooks";

export type ShopifyFakeOptions = {
  apiKey: string;
  apiSecret: string;
  port?: number;
  host?: string;
  webhookFaults?: WebhookFaults;
  webhookDelivery?: WebhookDeliveryOptions;
  throttle?: ThrottleSettings;
  // Exact redirect URLs the app allows; when unset any http(s) URL is accepted.
  redirectUrls?: string[];
  // Where the app's compliance webhooks go (configured in shopify.app.toml on the real platform).
  complianceUri?: string;
  // The authorize step redirects at once instead of showing the Install page.
  autoApprove?: boolean;
  // Unknown *.myshopify.com shops are created on first OAuth visit (the standalone demo uses this).
  autoCreateShops?: boolean;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  now?: () => number;
};

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

export type ShopifyFake = {
  url: string;
  origin: string;
  shops: FakeShopifyShops;
  schemaBuildMs: number;
  webhooks: {
    attempts: DeliveryAttempt[];
    idle(): Promise<void>;
    setFaults(faults: WebhookFaults): void;
    sendCompliance(shop: string, topic: ComplianceTopic, options?: { uri?: string; customer?: { id: number; email?: string; phone?: string }; orderIds?: number[] }): string;
  };
  hmacForQuery(params: Record<string, string>): string;
  close(): Promise<void>;
};

const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const SCOPE = /^(unauthenticated_)?(read|write)_[a-z_]+$/;

// Shopify's admin HMAC: sorted params without hmac/signature, URL-encoded with %20 for spaces, hex SHA-256.
export function signQuery(params: Record<string, string>, secret: string): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort((a, b) => a.localeCompare(b))) if (key !== "hmac" && key !== "signature") search.append(key, params[key] as string);
  return createHmac("sha256", secret).update(search.toString().replace(/\+/g, "%20")).digest("hex");
}

export async function startShopifyFake(options: ShopifyFakeOptions): Promise<ShopifyFake> {
  const { buildMs } = getAdminSchema();
  const now = options.now ?? Date.now;
  const shops = new FakeShopifyShops({ now, throttle: options.throttle, accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600, refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 90 * 24 * 3600 });
  const emitter = new WebhookEmitter(options.apiSecret, options.webhookFaults ?? {}, options.webhookDelivery);
  shops.setEmitter((shop, topic, payload) => {
    const ref = payload() as PayloadRef;
    emitter.emit(shop, topic, buildPayload(shop, ref));
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: error instanceof Error ? error.message : "Internal error" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const [, shopDomain, ...rest] = url.pathname.split("/");
    const route = `/${rest.join("/")}`;
    if (!shopDomain) return sendHtml(res, 200, indexPage(shops.listShops()));
    if (!isShopDomain(shopDomain)) return sendJson(res, 404, { errors: "Not Found" });
    let shop = shops.findShop(shopDomain);
    if (!shop && options.autoCreateShops && route === "/admin/oauth/authorize") shop = shops.createShop(shopDomain);
    if (!shop) return sendHtml(res, 404, page("Store not found", `<p>There is no store at ${escapeHtml(shopDomain)}.</p>`));
    if (route === "/admin/oauth/authorize") return authorize(req, res, shop, url);
    if (route === "/fake/place-order" && req.method === "POST") return placeDemoOrder(req, res, shop);
    if (route === "/admin/oauth/access_token") return accessToken(req, res, shop);
    const api = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(route);
    if (api) return graphql(req, res, shop, api[1] as string);
    return sendJson(res, 404, { errors: "Not Found" });
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, shop: ShopRecord, url: URL): Promise<void> {
    const params = req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const clientId = params.get("client_id") ?? "";
    const scope = params.get("scope") ?? "";
    const redirectUri = params.get("redirect_uri") ?? "";
    const state = params.get("state") ?? "";
    const oauthError = (message: string) => sendHtml(res, 400, page("Oauth error", `<p>Oauth error ${escapeHtml(message)}</p>`));
    if (clientId !== options.apiKey) return oauthError("invalid_request: The client_id is invalid or missing");
    const scopes = scope.split(",").map((item) => item.trim()).filter(Boolean);
    if (scopes.length === 0) return oauthError("invalid_scope: The access scope is missing");
    const badScope = scopes.find((item) => !SCOPE.test(item));
    if (badScope) return oauthError(`invalid_scope: The access scope is invalid: ${badScope}`);
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return oauthError("invalid_request: The redirect_uri is missing or not a URL");
    }
    if (redirect.protocol !== "https:" && redirect.protocol !== "http:") return oauthError("invalid_request: The redirect_uri must be an http(s) URL");
    if (options.redirectUrls && !options.redirectUrls.includes(`${redirect.origin}${redirect.pathname}`)) return oauthError("invalid_request: The redirect_uri is not whitelisted");
    if (!state) return oauthError("invalid_request: The state parameter is missing");
    const approved = req.method === "POST" ? params.get("install") === "1" : options.autoApprove === true;
    if (!approved) return sendHtml(res, 200, installPage(shop, params, scopes));
    const code = shops.issueAuthorizationCode(shop.domain, scopes, redirectUri);
    const query: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${shop.domain.replace(/\.myshopify\.com$/, "")}`).toString("base64").replace(/=+$/, ""),
      shop: shop.domain,
      state,
      timestamp: String(Math.floor(now() / 1000)),
    };
    query.hmac = signQuery(query, options.apiSecret);
    for (const [key, value] of Object.entries(query)) redirect.searchParams.set(key, value);
    res.writeHead(302, { Location: redirect.toString() });
    res.end();
  }

  // The index page's "Place a paid order" button: one of each shippable variant, a demo address.
  async function placeDemoOrder(req: IncomingMessage, res: ServerResponse, shop: ShopRecord): Promise<void> {
    await readBody(req);
    const variant = [...shop.variants.values()].find((candidate) => candidate.requiresShipping);
    if (!variant) return sendHtml(res, 409, page("No products", "<p>This shop has no shippable variant.</p>"));
    shops.placeOrder(shop.domain, {
      lineItems: [{ variantId: variant.id, quantity: 1 }],
      financialStatus: "PAID",
      shippingAddress: { firstName: "Dana", lastName: "Demo", address1: "1 Example Street", city: "Berlin", zip: "10115", country: "Germany", countryCode: "DE" },
    });
    res.writeHead(303, { Location: "/" });
    res.end();
  }

  async function accessToken(req: IncomingMessage, res: ServerResponse, shop: ShopRecord): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" });
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = (req.headers["content-type"] ?? "").includes("application/json") ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return sendJson(res, 400, { error: "invalid_request", error_description: "The request body could not be parsed" });
    }
    const fail = (error: string, description: string, status = 400) => sendJson(res, status, { error, error_description: description });
    if (body.client_id !== options.apiKey || body.client_secret !== options.apiSecret) return fail("invalid_client", "Client authentication failed: the client_id or client_secret is wrong", 401);
    const expiring = String(body.expiring ?? "0") === "1";
    const grantType = String(body.grant_type ?? "authorization_code");
    if (grantType === "authorization_code") {
      const code = typeof body.code === "string" ? shops.redeemAuthorizationCode(shop.domain, body.code) : null;
      if (!code) return fail("invalid_request", "The authorization code was not found or was already used");
      const issued = shops.issueTokens(shop.domain, code.scopes, expiring);
      return sendJson(res, 200, tokenResponse(issued, now()));
    }
    if (grantType === "refresh_token") {
      const record = typeof body.refresh_token === "string" ? shops.useRefreshToken(shop.domain, body.refresh_token) : null;
      if (!record) return fail("invalid_grant", "The refresh token is invalid, expired or revoked");
      return sendJson(res, 200, tokenResponse(shops.issueTokens(shop.domain, record.scopes, true, record.token), now()));
    }
    return fail("unsupported_grant_type", `The grant type ${grantType} is not supported by this fake`);
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, shop: ShopRecord, version: string): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" });
    const header = req.headers["x-shopify-access-token"];
    const token = typeof header === "string" ? shops.findAccessToken(header) : null;
    if (!token || token.shop !== shop.domain) {
      await readBody(req);
      return sendJson(res, 401, INVALID_TOKEN_BODY);
    }
    if (version !== ADMIN_API_VERSION) return sendJson(res, 404, { errors: `The fake serves only API version ${ADMIN_API_VERSION}` });
    const raw = await readBody(req);
    let request: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      request = (req.headers["content-type"] ?? "").includes("application/graphql") ? { query: raw } : (JSON.parse(raw) as typeof request);
    } catch {
      return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    if (typeof request.query !== "string" || !request.query.trim()) return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    const variables = request.variables && typeof request.variables === "object" ? (request.variables as Record<string, unknown>) : null;
    const result = await runGraphql(shops, shop, token.scopes, { query: request.query, variables, operationName: typeof request.operationName === "string" ? request.operationName : null });
    sendJson(res, 200, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;

  return {
    url,
    origin: `${url}/{shop}`,
    shops,
    schemaBuildMs: buildMs,
    webhooks: {
      attempts: emitter.attempts,
      idle: () => emitter.idle(),
      setFaults: (faults) => emitter.setFaults(faults),
      sendCompliance(domain, topic, extra = {}) {
        const shop = shops.getShop(domain);
        const uri = extra.uri ?? options.complianceUri;
        if (!uri) throw new Error("sendCompliance needs a uri (or the complianceUri option)");
        const customer = extra.customer ?? { id: 191167, email: "buyer@example.com", phone: "555-625-1199" };
        const base = { shop_id: shop.id, shop_domain: shop.domain };
        const payload =
          topic === "shop/redact"
            ? base
            : topic === "customers/redact"
              ? { ...base, customer, orders_to_redact: extra.orderIds ?? [] }
              : { ...base, customer, orders_requested: extra.orderIds ?? [], data_request: { id: Math.floor(now() / 1000) } };
        return emitter.emitTo(shop, uri, topic, payload);
      },
    },
    hmacForQuery: (params) => signQuery(params, options.apiSecret),
    async close() {
      emitter.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function tokenResponse(issued: ReturnType<FakeShopifyShops["issueTokens"]>, at: number): Record<string, unknown> {
  const { accessToken, refreshToken } = issued;
  const body: Record<string, unknown> = { access_token: accessToken.token, scope: accessToken.scopes.join(",") };
  if (accessToken.expiresAt !== null && refreshToken) {
    body.expires_in = Math.max(0, Math.round((accessToken.expiresAt - at) / 1000));
    body.refresh_token = refreshToken.token;
    body.refresh_token_expires_in = Math.max(0, Math.round((refreshToken.expiresAt - at) / 1000));
  }
  return body;
}

function readBody(req: IncomingMessage, limit = 2_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("Request body too large"));
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
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
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
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{background:#008060;color:#fff;border:0;border-radius:.4rem;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function installPage(shop: ShopRecord, params: URLSearchParams, scopes: string[]): string {
  const hidden = [...params.entries()].map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`).join("");
  const list = scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  return page(
    "Install app",
    `<p><strong>${escapeHtml(shop.name)}</strong> (${escapeHtml(shop.domain)}) is about to install this app (Shopify fake). It asks for:</p><ul>${list}</ul><form method="post">${hidden}<input type="hidden" name="install" value="1"><button type="submit">Install app</button></form>`,
  );
}

function indexPage(shops: ShopRecord[]): string {
  const rows = shops
    .map((shop) => {
      const fulfillments = [...shop.fulfillments.values()].map((f) => `${escapeHtml(f.name)} ${escapeHtml(f.trackingInfo.map((info) => info.number ?? "").join(", "))}`).join("; ");
      return `<li>${escapeHtml(shop.domain)}: ${shop.products.size} products, ${shop.orders.size} orders, ${shop.subscriptions.size} webhook subscriptions${fulfillments ? `, fulfillments: ${fulfillments}` : ""} <form method="post" action="/${escapeHtml(shop.domain)}/fake/place-order" style="display:inline"><button type="submit">Place a paid order</button></form></li>`;
    })
    .join("");
  return page("Shopify fake", `<p>Admin API ${ADMIN_API_VERSION}. Shops:</p><ul>${rows}</ul>`);
}


