import { randomBytes } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { isLoopbackAddress } from "@/lib/net";
import { OAUTH_WINDOW_SECONDS, oauthSignature, parseOAuthHeader, sameText } from "./oauth";
import { FakeWooSite, ORDER_STATUSES, WooError, wcDate, type ApiKeyRecord, type KeyPermissions, type OrderStatus, type ProductRecord, type ResourceEvent, type WebhookStatus } from "./state";
import { noteJson, orderJson, productJson, trackingJson, TRACKING_PROVIDERS, variationJson, webhookJson } from "./views";
import { WebhookEmitter, type DeliveryAttempt, type WebhookDeliveryOptions } from "./webhooks";

export type WooFakeOptions = {
  port?: number;
  host?: string;
  /** Serve https with this key and certificate (the site is then "SSL", and Basic auth is WooCommerce's way). */
  tls?: { key: string; cert: string };
  siteName?: string;
  /**
   * Where Basic auth (and `consumer_key`/`consumer_secret` in the query) is accepted: WooCommerce takes it
   * only over TLS; `tls-or-loopback` (default) also from a loopback client, for curl and demos.
   */
  basicAuth?: "tls" | "tls-or-loopback";
  /** WooCommerce refuses a non-https `callback_url`; the local demo relaxes that. */
  requireHttpsCallback?: boolean;
  webhookDelivery?: WebhookDeliveryOptions;
  shipmentTracking?: boolean;
  /** A "disable the REST API for visitors" plugin: `/wp-json/` answers 401 without credentials. */
  protectRestIndex?: boolean;
  now?: () => number;
};

export type RequestRecord = { method: string; path: string; auth: "basic" | "oauth" | "none"; status: number };

export type Fault = { status: 429 | 500 | 502 | 503; retryAfterSeconds?: number; times: number };

export type WooFake = {
  /** The site URL (home URL, no trailing slash), what a merchant types into Inkbridge. */
  siteUrl: string;
  site: FakeWooSite;
  requests: RequestRecord[];
  webhooks: {
    attempts: DeliveryAttempt[];
    readonly coalesced: number;
    idle(): Promise<void>;
    pause(): void;
    resume(): void;
    setOptions(options: WebhookDeliveryOptions): void;
  };
  /** The next `times` REST requests answer `status` (a host's WAF or an overloaded PHP pool). */
  fail(fault: Fault): void;
  clearFaults(): void;
  setShipmentTracking(active: boolean): void;
  close(): Promise<void>;
};

type Actor = { key: ApiKeyRecord; method: "basic" | "oauth" } | null;
type Json = Record<string, unknown>;
type RestRequest = { method: string; url: URL; body: Json; actor: Actor };
type RestAnswer = { status: number; body: unknown; headers?: Record<string, string> };

const VALID_TOPICS = /^(order|product|coupon|customer)\.(created|updated|deleted|restored)$|^action\.(woocommerce|wc)_[a-z0-9_]+$/;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function wooError(status: number, code: string, message: string, extra: Json = {}): RestAnswer {
  return { status, body: { code, message, data: { status, ...extra } } };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#1d2327}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}.button{background:#2271b1;color:#fff;padding:.4rem .9rem;border:0;border-radius:3px;text-decoration:none;display:inline-block}.deny{background:#ccc;color:#000}</style></head><body>${body}</body></html>`;
}

function readBody(req: IncomingMessage, limit = 4_000_000): Promise<string> {
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

function send(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  return /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

/** `include=1,2` or `include[]=1&include[]=2`. */
function idList(url: URL, name: string): number[] | undefined {
  const values = [...url.searchParams.getAll(name), ...url.searchParams.getAll(`${name}[]`)].flatMap((value) => value.split(",")).filter(Boolean);
  return values.length ? values.map(Number) : undefined;
}

/** WordPress reads a date without a zone as site time (UTC here) or GMT with dates_are_gmt. */
function dateParam(url: URL, name: string): number | undefined | null {
  const raw = url.searchParams.get(name);
  if (!raw) return undefined;
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(raw) ? raw : `${raw}Z`;
  const parsed = Date.parse(withZone);
  return Number.isNaN(parsed) ? null : parsed;
}

export async function startWooFake(options: WooFakeOptions = {}): Promise<WooFake> {
  const now = options.now ?? Date.now;
  const site = new FakeWooSite(options.siteName ?? "Fake Woo Store", now);
  site.shipmentTracking = options.shipmentTracking ?? true;
  const requests: RequestRecord[] = [];
  const faults: Fault[] = [];
  const grantNonces = new Set<string>();
  let siteUrl = "";

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }) : createHttpServer();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, "application/json; charset=UTF-8", JSON.stringify({ code: "internal_server_error", message: error instanceof Error ? error.message : "error", data: { status: 500 } }));
    });
  });

  const restBase = () => `${siteUrl}/wp-json`;
  const emitter = new WebhookEmitter(site, () => siteUrl, render, options.webhookDelivery);
  site.onChange((change) => emitter.trigger(change));

  function render(change: ResourceEvent): unknown {
    if (change.resource === "order") {
      const order = site.orders.get(change.id);
      return order ? orderJson(site, order, restBase()) : undefined;
    }
    const product = site.products.get(change.id);
    return product ? productJson(site, product, siteUrl, restBase()) : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", siteUrl);
    const method = (req.method ?? "GET").toUpperCase();
    if (url.pathname === "/" && method === "GET" && !url.searchParams.has("rest_route")) return send(res, 200, "text/html; charset=utf-8", indexPage());
    if (url.pathname === "/fake/place-order" && method === "POST") return placeDemoOrder(req, res);
    if (url.pathname === "/wc-auth/v1/authorize") return authorize(res, url);
    if (url.pathname === "/wc-auth/v1/access_granted") return accessGranted(res, url);
    const restRoute = url.pathname.startsWith("/wp-json/") ? url.pathname.slice("/wp-json".length) : url.pathname === "/wp-json" ? "/" : url.searchParams.get("rest_route");
    if (restRoute === null) return send(res, 404, "text/html; charset=utf-8", page("Page not found", "<h1>Page not found</h1>"));
    const raw = await readBody(req);
    const answer = await rest(req, method, url, restRoute.replace(/\/+$/, "") || "/", raw);
    send(res, answer.status, "application/json; charset=UTF-8", JSON.stringify(answer.body), { ...(answer.headers ?? {}) });
  }

  // ---- wc-auth ----

  function authError(res: ServerResponse, status: number, message: string): void {
    send(res, status, "text/html; charset=utf-8", page("WooCommerce › Error", `<h1>Error</h1><p>Error: ${escapeHtml(message)}</p>`));
  }

  function readAuthParams(url: URL): { ok: true; params: Record<string, string> } | { ok: false; message: string } {
    const params: Record<string, string> = {};
    for (const name of ["app_name", "scope", "user_id", "return_url", "callback_url"]) {
      const values = url.searchParams.getAll(name);
      if (values.length !== 1 || !values[0]) return { ok: false, message: `Missing parameter ${name}` };
      params[name] = values[0];
    }
    if (!["read", "write", "read_write"].includes(params.scope as string)) return { ok: false, message: "Invalid scope" };
    for (const name of ["return_url", "callback_url"]) if (!URL.canParse(params[name] as string)) return { ok: false, message: `The ${name} is not a valid URL` };
    if ((options.requireHttpsCallback ?? true) && !(params.callback_url as string).startsWith("https://")) return { ok: false, message: "The callback_url needs to be over SSL" };
    return { ok: true, params };
  }

  function authorize(res: ServerResponse, url: URL): void {
    const read = readAuthParams(url);
    if (!read.ok) return authError(res, 400, read.message);
    const { params } = read;
    const nonce = randomBytes(10).toString("hex");
    grantNonces.add(nonce);
    const approve = new URL("/wc-auth/v1/access_granted", siteUrl);
    for (const [key, value] of Object.entries(params)) approve.searchParams.set(key, value);
    approve.searchParams.set("wc_auth_nonce", nonce);
    const deny = new URL(params.return_url as string);
    deny.searchParams.set("success", "0");
    deny.searchParams.set("user_id", params.user_id as string);
    const access = params.scope === "read" ? "Read" : params.scope === "write" ? "Write" : "Read/Write";
    send(
      res,
      200,
      "text/html; charset=utf-8",
      page(
        `${site.name} › Authorize`,
        `<h1>${escapeHtml(params.app_name as string)} would like to connect to your store</h1><p>This will give "${escapeHtml(params.app_name as string)}" <strong>${access}</strong> access which will allow it to view and manage coupons, customers, orders, products and reports.</p><p>Logged in as admin</p><p><a class="button" id="approve" href="${escapeHtml(approve.toString())}">Approve</a> <a class="button deny" id="deny" href="${escapeHtml(deny.toString())}">Deny</a></p>`,
      ),
    );
  }

  async function accessGranted(res: ServerResponse, url: URL): Promise<void> {
    const read = readAuthParams(url);
    if (!read.ok) return authError(res, 400, read.message);
    const nonce = url.searchParams.get("wc_auth_nonce") ?? "";
    if (!grantNonces.delete(nonce)) return authError(res, 401, "Invalid nonce verification");
    const { params } = read;
    const stamp = new Date(now()).toISOString().slice(0, 19).replace("T", " ");
    const key = site.createKey(params.scope as KeyPermissions, `${params.app_name} - API (${stamp})`);
    const body = JSON.stringify({ key_id: key.keyId, user_id: params.user_id, consumer_key: key.consumerKey, consumer_secret: key.consumerSecret, key_permissions: key.permissions });
    const status = await fetch(params.callback_url as string, { method: "POST", headers: { "Content-Type": "application/json;charset=UTF-8", "User-Agent": "WooCommerce" }, body, redirect: "manual", signal: AbortSignal.timeout(60_000) }).then(
      async (response) => {
        await response.arrayBuffer().catch(() => undefined);
        return response.status;
      },
      () => null,
    );
    if (status !== 200) {
      site.deleteKey(key.consumerKey);
      return authError(res, 401, "An error occurred in the request and at the time were unable to send the consumer data");
    }
    const back = new URL(params.return_url as string);
    back.searchParams.set("success", "1");
    back.searchParams.set("user_id", params.user_id as string);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }

  // ---- REST authentication (WC_REST_Authentication) ----

  function authenticate(req: IncomingMessage, method: string, url: URL, form: Array<[string, string]>): { actor: Actor; error?: RestAnswer } {
    const secure = Boolean(options.tls) || ((options.basicAuth ?? "tls-or-loopback") === "tls-or-loopback" && isLoopbackAddress(req.socket.remoteAddress ?? ""));
    const header = req.headers.authorization;
    if (secure) {
      let user: string | undefined;
      let pass: string | undefined;
      if (header && /^Basic\s/i.test(header)) {
        const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        if (colon > 0) [user, pass] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      } else if (url.searchParams.get("consumer_key") && url.searchParams.get("consumer_secret")) {
        [user, pass] = [url.searchParams.get("consumer_key") as string, url.searchParams.get("consumer_secret") as string];
      }
      if (user !== undefined && pass !== undefined) {
        const key = site.keys.get(user);
        if (!key) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.") };
        if (!sameText(key.consumerSecret, pass)) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.") };
        return { actor: { key, method: "basic" } };
      }
    }
    // PHP's $_GET/$_POST keep the last of repeated keys; the header's oauth_* come on top.
    const merged = new Map<string, string>([...url.searchParams.entries(), ...form, ...parseOAuthHeader(header)]);
    const params: Array<[string, string]> = [...merged.entries()];
    const value = (name: string) => params.find(([key]) => key === name)?.[1] ?? "";
    const required = ["oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method"];
    const missing = required.filter((name) => !value(name));
    if (missing.length === required.length) return { actor: null };
    if (missing.length) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_missing_parameter", `Missing OAuth parameter${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`) };
    const key = site.keys.get(value("oauth_consumer_key"));
    if (!key) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.") };
    const signatureMethod = value("oauth_signature_method");
    if (signatureMethod !== "HMAC-SHA1" && signatureMethod !== "HMAC-SHA256") return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Invalid signature - signature method is invalid.") };
    const expected = oauthSignature(method, `${siteUrl}${url.pathname}`, params, key.consumerSecret, signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256");
    if (!sameText(expected, value("oauth_signature").replace(/ /g, "+"))) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.") };
    const timestamp = Number(value("oauth_timestamp"));
    const seconds = Math.floor(now() / 1000);
    if (!Number.isFinite(timestamp) || timestamp < seconds - OAUTH_WINDOW_SECONDS || timestamp > seconds + OAUTH_WINDOW_SECONDS) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Invalid timestamp.") };
    const nonce = value("oauth_nonce");
    for (const [used, at] of key.nonces) if (at < seconds - OAUTH_WINDOW_SECONDS) key.nonces.delete(used);
    if (key.nonces.has(nonce)) return { actor: null, error: wooError(401, "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used.") };
    key.nonces.set(nonce, timestamp);
    return { actor: { key, method: "oauth" } };
  }

  async function rest(req: IncomingMessage, method: string, url: URL, route: string, raw: string): Promise<RestAnswer> {
    const record: RequestRecord = { method, path: route, auth: "none", status: 0 };
    requests.push(record);
    const answer = await restInner(req, method, url, route, raw, record);
    record.status = answer.status;
    return answer;
  }

  async function restInner(req: IncomingMessage, method: string, url: URL, route: string, raw: string, record: RequestRecord): Promise<RestAnswer> {
    const fault = faults[0];
    if (fault && route !== "/") {
      fault.times -= 1;
      if (fault.times <= 0) faults.shift();
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
      return { ...wooError(fault.status, fault.status === 429 ? "too_many_requests" : "server_error", fault.status === 429 ? "Too many requests." : "The server is temporarily unavailable."), headers };
    }
    if (route === "/" && !options.protectRestIndex) return { status: 200, body: indexJson() };
    const contentType = req.headers["content-type"] ?? "";
    let body: Json = {};
    let form: Array<[string, string]> = [];
    if (raw && contentType.includes("application/x-www-form-urlencoded")) {
      form = [...new URLSearchParams(raw).entries()];
      body = Object.fromEntries(form);
    } else if (raw.trim()) {
      try {
        const parsed = JSON.parse(raw) as unknown;
        body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : {};
      } catch {
        return wooError(400, "rest_invalid_json", "Invalid JSON body passed.");
      }
    }
    const { actor, error } = authenticate(req, method, url, form);
    if (error) return error;
    if (actor) {
      record.auth = actor.method;
      const permissions = actor.key.permissions;
      if (WRITE_METHODS.has(method) && permissions === "read") return wooError(401, "woocommerce_rest_authentication_error", "The API key provided does not have write permissions.");
      if (!WRITE_METHODS.has(method) && permissions === "write") return wooError(401, "woocommerce_rest_authentication_error", "The API key provided does not have read permissions.");
    }
    if (route === "/") return actor ? { status: 200, body: indexJson() } : wooError(401, "rest_cannot_access", "Only authenticated users can access the REST API.");
    try {
      return await dispatch({ method, url, body, actor }, route);
    } catch (caught) {
      if (caught instanceof WooError) return wooError(caught.status, caught.code, caught.message);
      throw caught;
    }
  }

  function denied(request: RestRequest, single: boolean): RestAnswer | null {
    if (request.actor) return null;
    switch (request.method) {
      case "POST":
        return single ? wooError(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.") : wooError(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
      case "PUT":
      case "PATCH":
        return wooError(401, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.");
      case "DELETE":
        return wooError(401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.");
      default:
        return single ? wooError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.") : wooError(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
    }
  }

  const noRoute = () => wooError(404, "rest_no_route", "No route was found matching the URL and request method.");

  async function dispatch(request: RestRequest, route: string): Promise<RestAnswer> {
    const { method } = request;
    let match: RegExpExecArray | null;
    const guard = (single: boolean, run: () => RestAnswer | Promise<RestAnswer>) => denied(request, single) ?? run();

    if ((match = /^\/wc-shipment-tracking\/v3\/orders\/(\d+)\/shipment-trackings(?:\/(providers|[A-Za-z0-9]+))?$/.exec(route))) {
      if (!site.shipmentTracking) return noRoute();
      return guard(Boolean(match[2]), () => shipmentTrackings(request, Number(match![1]), match![2]));
    }
    if (!route.startsWith("/wc/v3/")) return noRoute();
    const path = route.slice("/wc/v3".length);

    if (path === "/orders") return method === "GET" ? guard(false, () => listOrders(request)) : noRoute();
    if ((match = /^\/orders\/(\d+)$/.exec(path))) {
      const id = Number(match[1]);
      if (method === "GET") return guard(true, () => ({ status: 200, body: orderJson(site, site.getOrder(id), restBase()) }));
      if (method === "PUT" || method === "PATCH" || method === "POST") return guard(true, () => updateOrder(id, request.body));
      return noRoute();
    }
    if ((match = /^\/orders\/(\d+)\/notes(?:\/(\d+))?$/.exec(path))) return guard(Boolean(match[2]), () => notes(request, Number(match![1]), match![2] ? Number(match![2]) : undefined));
    if (path === "/products") {
      if (method === "GET") return guard(false, () => listProducts(request));
      if (method === "POST") return guard(false, () => ({ status: 201, body: productJson(site, createProduct(request.body), siteUrl, restBase()) }));
      return noRoute();
    }
    if (path === "/products/batch" && (method === "POST" || method === "PUT" || method === "PATCH")) return guard(false, () => batchProducts(request.body));
    if ((match = /^\/products\/(\d+)$/.exec(path))) {
      const id = Number(match[1]);
      if (method === "GET") return guard(true, () => ({ status: 200, body: productJson(site, site.getProduct(id), siteUrl, restBase()) }));
      if (method === "PUT" || method === "PATCH" || method === "POST") return guard(true, () => ({ status: 200, body: productJson(site, updateProduct(id, request.body), siteUrl, restBase()) }));
      if (method === "DELETE") return guard(true, () => ({ status: 200, body: productJson(site, site.deleteProduct(id), siteUrl, restBase()) }));
      return noRoute();
    }
    if ((match = /^\/products\/(\d+)\/variations(?:\/(batch|\d+))?$/.exec(path))) return guard(Boolean(match[2]) && match[2] !== "batch", () => variations(request, Number(match![1]), match![2]));
    if (path === "/webhooks") {
      if (method === "GET") return guard(false, () => listWebhooks(request));
      if (method === "POST") return guard(false, () => createWebhook(request.body));
      return noRoute();
    }
    if ((match = /^\/webhooks\/(\d+)$/.exec(path))) return guard(true, () => webhook(request, Number(match![1])));
    return noRoute();
  }

  // ---- paging ----

  function paged<T>(request: RestRequest, items: T[], toJson: (item: T) => unknown): RestAnswer {
    const perPage = intParam(request.url, "per_page", 10);
    const pageNumber = intParam(request.url, "page", 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return wooError(400, "rest_invalid_param", "Invalid parameter(s): per_page", { params: { per_page: "per_page must be between 1 (inclusive) and 100 (inclusive)" } });
    if (!Number.isInteger(pageNumber) || pageNumber < 1) return wooError(400, "rest_invalid_param", "Invalid parameter(s): page", { params: { page: "page must be greater than or equal to 1" } });
    const offset = intParam(request.url, "offset", Number.NaN);
    const start = Number.isInteger(offset) && offset >= 0 ? offset : (pageNumber - 1) * perPage;
    const total = items.length;
    const totalPages = Math.ceil(total / perPage);
    const links: string[] = [];
    const linkTo = (target: number) => {
      const next = new URL(request.url.pathname + request.url.search, siteUrl);
      for (const name of [...next.searchParams.keys()]) if (name.startsWith("oauth_") || name === "consumer_key" || name === "consumer_secret") next.searchParams.delete(name);
      next.searchParams.set("page", String(target));
      return next.toString();
    };
    if (pageNumber > 1 && totalPages > 0) links.push(`<${linkTo(Math.min(pageNumber - 1, totalPages))}>; rel="prev"`);
    if (pageNumber < totalPages) links.push(`<${linkTo(pageNumber + 1)}>; rel="next"`);
    const headers: Record<string, string> = { "X-WP-Total": String(total), "X-WP-TotalPages": String(totalPages) };
    if (links.length) headers.Link = links.join(", ");
    return { status: 200, body: items.slice(start, start + perPage).map(toJson), headers };
  }

  function sortBy<T extends { id: number; createdAt: number; modifiedAt: number }>(request: RestRequest, items: T[], title: (item: T) => string): T[] | RestAnswer {
    const orderby = request.url.searchParams.get("orderby") ?? "date";
    const order = request.url.searchParams.get("order") ?? "desc";
    if (!["date", "id", "include", "title", "slug", "modified"].includes(orderby)) return wooError(400, "rest_invalid_param", "Invalid parameter(s): orderby", { params: { orderby: "orderby is not one of date, id, include, title, slug, and modified." } });
    if (order !== "asc" && order !== "desc") return wooError(400, "rest_invalid_param", "Invalid parameter(s): order", { params: { order: "order is not one of asc and desc." } });
    const key = (item: T): number | string => (orderby === "modified" ? item.modifiedAt : orderby === "id" || orderby === "include" ? item.id : orderby === "title" || orderby === "slug" ? title(item) : item.createdAt);
    const sorted = [...items].sort((a, b) => {
      const left = key(a);
      const right = key(b);
      const primary = left < right ? -1 : left > right ? 1 : 0;
      return primary !== 0 ? primary : a.id - b.id;
    });
    return order === "desc" ? sorted.reverse() : sorted;
  }

  function dateFilters(request: RestRequest): Array<(item: { createdAt: number; modifiedAt: number }) => boolean> | RestAnswer {
    const filters: Array<(item: { createdAt: number; modifiedAt: number }) => boolean> = [];
    const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;
    for (const [name, field, after] of [["after", "createdAt", true], ["before", "createdAt", false], ["modified_after", "modifiedAt", true], ["modified_before", "modifiedAt", false]] as const) {
      const value = dateParam(request.url, name);
      if (value === null) return wooError(400, "rest_invalid_param", `Invalid parameter(s): ${name}`, { params: { [name]: "Invalid date." } });
      if (value === undefined) continue;
      // WP_Date_Query compares whole seconds and is exclusive.
      filters.push((item) => (after ? seconds(item[field]) > value : seconds(item[field]) < value));
    }
    return filters;
  }

  // ---- orders ----

  function listOrders(request: RestRequest): RestAnswer {
    const statusParam = request.url.searchParams.get("status") ?? "any";
    const statuses = statusParam.split(",").map((status) => status.trim());
    for (const status of statuses) if (status !== "any" && !ORDER_STATUSES.includes(status as OrderStatus)) return wooError(400, "rest_invalid_param", "Invalid parameter(s): status", { params: { status: `status[0] is not one of any, ${ORDER_STATUSES.join(", ")}.` } });
    const filters = dateFilters(request);
    if (!Array.isArray(filters)) return filters;
    const matching = [...site.orders.values()].filter((order) => (statuses.includes("any") ? order.status !== "trash" : statuses.includes(order.status)) && filters.every((filter) => filter(order)));
    const sorted = sortBy(request, matching, (order) => String(order.id));
    if (!Array.isArray(sorted)) return sorted;
    return paged(request, sorted, (order) => orderJson(site, order, restBase()));
  }

  function updateOrder(id: number, body: Json): RestAnswer {
    const order = site.getOrder(id);
    if (body.status !== undefined) {
      if (typeof body.status !== "string" || !ORDER_STATUSES.includes(body.status as OrderStatus)) return wooError(400, "rest_invalid_param", "Invalid parameter(s): status", { params: { status: `status is not one of ${ORDER_STATUSES.join(", ")}.` } });
      site.setStatus(id, body.status as OrderStatus);
    }
    if (body.shipping && typeof body.shipping === "object") site.updateShipping(id, body.shipping as Record<string, string>);
    if (typeof body.customer_note === "string") order.customerNote = body.customer_note;
    return { status: 200, body: orderJson(site, site.getOrder(id), restBase()) };
  }

  function notes(request: RestRequest, orderId: number, noteId: number | undefined): RestAnswer {
    const order = site.getOrder(orderId);
    if (noteId === undefined) {
      if (request.method === "GET") {
        const type = request.url.searchParams.get("type") ?? "any";
        const list = order.notes.filter((note) => type === "any" || (type === "customer" ? note.customerNote : !note.customerNote));
        return { status: 200, body: [...list].reverse().map(noteJson) };
      }
      if (request.method === "POST") {
        if (typeof request.body.note !== "string" || !request.body.note) return wooError(400, "rest_missing_callback_param", "Missing parameter(s): note", { params: ["note"] });
        const customerNote = request.body.customer_note === true || request.body.customer_note === "true" || request.body.customer_note === "1";
        return { status: 201, body: noteJson(site.addNote(orderId, request.body.note, customerNote)) };
      }
      return noRoute();
    }
    const note = order.notes.find((candidate) => candidate.id === noteId);
    if (request.method === "GET") return note ? { status: 200, body: noteJson(note) } : wooError(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
    if (request.method === "DELETE") {
      const force = request.url.searchParams.get("force");
      if (force !== "true" && force !== "1") return wooError(501, "woocommerce_rest_trash_not_supported", "The resource does not support trashing.");
      return { status: 200, body: noteJson(site.deleteNote(orderId, noteId)) };
    }
    return noRoute();
  }

  // ---- products ----

  function listProducts(request: RestRequest): RestAnswer {
    const status = request.url.searchParams.get("status") ?? "any";
    const type = request.url.searchParams.get("type");
    const sku = request.url.searchParams.get("sku");
    const include = idList(request.url, "include");
    const filters = dateFilters(request);
    if (!Array.isArray(filters)) return filters;
    const matching = [...site.products.values()].filter((product) => (status === "any" || product.status === status) && (!type || product.type === type) && (!sku || sku.split(",").includes(product.sku)) && (!include || include.includes(product.id)) && filters.every((filter) => filter(product)));
    const sorted = sortBy(request, matching, (product) => product.name);
    if (!Array.isArray(sorted)) return sorted;
    return paged(request, sorted, (product) => productJson(site, product, siteUrl, restBase()));
  }

  function productInput(body: Json): Parameters<FakeWooSite["createProduct"]>[0] {
    if (typeof body.name !== "string" || !body.name) throw new WooError(400, "rest_missing_callback_param", "Missing parameter(s): name");
    const type = body.type === undefined ? "simple" : body.type;
    if (type !== "simple" && type !== "variable") throw new WooError(400, "rest_invalid_param", "Invalid parameter(s): type");
    const status = body.status ?? "publish";
    if (!["draft", "pending", "private", "publish"].includes(status as string)) throw new WooError(400, "rest_invalid_param", "Invalid parameter(s): status");
    const attributes = Array.isArray(body.attributes) ? (body.attributes as Json[]).map((attribute) => ({ name: String(attribute.name ?? ""), options: Array.isArray(attribute.options) ? attribute.options.map(String) : [], variation: attribute.variation === true, visible: attribute.visible !== false })) : [];
    const images = Array.isArray(body.images) ? (body.images as Json[]).map((image) => String(image.src ?? "")).filter(Boolean) : [];
    return {
      name: body.name,
      type,
      status: status as ProductRecord["status"],
      description: typeof body.description === "string" ? body.description : "",
      sku: typeof body.sku === "string" ? body.sku : "",
      regularPrice: typeof body.regular_price === "string" ? body.regular_price : "",
      virtual: body.virtual === true,
      downloadable: body.downloadable === true,
      attributes,
      images,
    };
  }

  function createProduct(body: Json): ProductRecord {
    return site.createProduct(productInput(body));
  }

  function updateProduct(id: number, body: Json): ProductRecord {
    const patch: Parameters<FakeWooSite["updateProduct"]>[1] = {};
    if (typeof body.name === "string") patch.name = body.name;
    if (typeof body.status === "string") patch.status = body.status as ProductRecord["status"];
    if (typeof body.sku === "string") patch.sku = body.sku;
    if (typeof body.regular_price === "string") patch.regularPrice = body.regular_price;
    if (typeof body.description === "string") patch.description = body.description;
    return site.updateProduct(id, patch);
  }

  function batchItems(body: Json): { create: Json[]; update: Json[]; delete: number[] } | RestAnswer {
    const create = Array.isArray(body.create) ? (body.create as Json[]) : [];
    const update = Array.isArray(body.update) ? (body.update as Json[]) : [];
    const remove = Array.isArray(body.delete) ? (body.delete as unknown[]).map(Number) : [];
    if (create.length + update.length + remove.length > 100) return wooError(413, "woocommerce_rest_request_entity_too_large", "Unable to accept more than 100 items for this request.");
    return { create, update, delete: remove };
  }

  function batchResult(run: () => unknown, id = 0): unknown {
    try {
      return run();
    } catch (caught) {
      if (caught instanceof WooError) return { id, error: { code: caught.code, message: caught.message, data: { status: caught.status } } };
      throw caught;
    }
  }

  function batchProducts(body: Json): RestAnswer {
    const items = batchItems(body);
    if ("status" in items) return items;
    return {
      status: 200,
      body: {
        create: items.create.map((item) => batchResult(() => productJson(site, createProduct(item), siteUrl, restBase()))),
        update: items.update.map((item) => batchResult(() => productJson(site, updateProduct(Number(item.id), item), siteUrl, restBase()), Number(item.id) || 0)),
        delete: items.delete.map((id) => batchResult(() => productJson(site, site.deleteProduct(id), siteUrl, restBase()), id)),
      },
    };
  }

  function variationInput(body: Json): Parameters<FakeWooSite["createVariation"]>[1] {
    const attributes = Array.isArray(body.attributes) ? (body.attributes as Json[]) : [];
    return {
      sku: typeof body.sku === "string" ? body.sku : "",
      regularPrice: typeof body.regular_price === "string" ? body.regular_price : "",
      virtual: body.virtual === true,
      attributes: Object.fromEntries(attributes.map((attribute) => [String(attribute.name ?? ""), String(attribute.option ?? "")])),
    };
  }

  function checkVariationAttributes(productId: number, input: ReturnType<typeof variationInput>): void {
    const product = site.getProduct(productId);
    for (const [name, option] of Object.entries(input.attributes)) {
      const attribute = product.attributes.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase() && candidate.variation);
      if (!attribute || !attribute.options.includes(option)) throw new WooError(400, "woocommerce_rest_invalid_variation_attribute", `Invalid attribute ${name}: ${option}.`);
    }
  }

  function variations(request: RestRequest, productId: number, tail: string | undefined): RestAnswer {
    const product = site.getProduct(productId);
    const json = (id: number) => variationJson(site.getVariation(productId, id), siteUrl, restBase());
    const create = (item: Json) => {
      const input = variationInput(item);
      checkVariationAttributes(productId, input);
      return variationJson(site.createVariation(productId, input), siteUrl, restBase());
    };
    const update = (item: Json) => {
      const patch: { sku?: string; regularPrice?: string } = {};
      if (typeof item.sku === "string") patch.sku = item.sku;
      if (typeof item.regular_price === "string") patch.regularPrice = item.regular_price;
      return variationJson(site.updateVariation(productId, Number(item.id), patch), siteUrl, restBase());
    };
    if (tail === undefined) {
      if (request.method === "GET") {
        const include = idList(request.url, "include");
        const list = product.variationIds.filter((id) => !include || include.includes(id)).map((id) => site.variations.get(id)).filter((variation): variation is NonNullable<typeof variation> => variation !== undefined);
        const sorted = sortBy(request, list, (variation) => variation.sku);
        if (!Array.isArray(sorted)) return sorted;
        return paged(request, sorted, (variation) => variationJson(variation, siteUrl, restBase()));
      }
      if (request.method === "POST") return { status: 201, body: create(request.body) };
      return noRoute();
    }
    if (tail === "batch") {
      if (request.method === "GET") return noRoute();
      const items = batchItems(request.body);
      if ("status" in items) return items;
      return {
        status: 200,
        body: {
          create: items.create.map((item) => batchResult(() => create(item))),
          update: items.update.map((item) => batchResult(() => update(item), Number(item.id) || 0)),
          delete: items.delete.map((id) => batchResult(() => variationJson(site.deleteVariation(productId, id), siteUrl, restBase()), id)),
        },
      };
    }
    const id = Number(tail);
    if (request.method === "GET") return { status: 200, body: json(id) };
    if (request.method === "PUT" || request.method === "PATCH" || request.method === "POST") return { status: 200, body: update({ ...request.body, id }) };
    if (request.method === "DELETE") return { status: 200, body: variationJson(site.deleteVariation(productId, id), siteUrl, restBase()) };
    return noRoute();
  }

  // ---- webhooks ----

  function listWebhooks(request: RestRequest): RestAnswer {
    const status = request.url.searchParams.get("status") ?? "all";
    const matching = [...site.webhooks.values()].filter((webhook) => status === "all" || webhook.status === status);
    const sorted = sortBy(request, matching, (webhook) => webhook.name);
    if (!Array.isArray(sorted)) return sorted;
    return paged(request, sorted, (webhook) => webhookJson(webhook, restBase()));
  }

  function checkWebhookFields(body: Json, creating: boolean): RestAnswer | null {
    if (creating) {
      const missing = ["topic", "delivery_url"].filter((name) => body[name] === undefined || body[name] === "");
      if (missing.length) return wooError(400, "rest_missing_callback_param", `Missing parameter(s): ${missing.join(", ")}`, { params: missing });
    }
    if (body.topic !== undefined && (typeof body.topic !== "string" || !VALID_TOPICS.test(body.topic))) return wooError(400, "woocommerce_rest_webhook_invalid_topic", "Webhook topic is required and must be valid.");
    if (body.delivery_url !== undefined && (typeof body.delivery_url !== "string" || !URL.canParse(body.delivery_url) || !/^https?:$/.test(new URL(body.delivery_url).protocol))) return wooError(400, "rest_invalid_param", "Invalid parameter(s): delivery_url", { params: { delivery_url: "Invalid URI." } });
    if (body.status !== undefined && !["active", "paused", "disabled"].includes(body.status as string)) return wooError(400, "rest_invalid_param", "Invalid parameter(s): status", { params: { status: "status is not one of active, paused, and disabled." } });
    return null;
  }

  async function createWebhook(body: Json): Promise<RestAnswer> {
    const invalid = checkWebhookFields(body, true);
    if (invalid) return invalid;
    const webhook = site.createWebhook({
      name: typeof body.name === "string" ? body.name : undefined,
      topic: body.topic as string,
      deliveryUrl: body.delivery_url as string,
      secret: typeof body.secret === "string" && body.secret ? body.secret : undefined,
      status: body.status as WebhookStatus | undefined,
    });
    await emitter.ping(webhook);
    return { status: 201, body: webhookJson(webhook, restBase()) };
  }

  function webhook(request: RestRequest, id: number): RestAnswer {
    const record = site.getWebhook(id);
    if (request.method === "GET") return { status: 200, body: webhookJson(record, restBase()) };
    if (request.method === "PUT" || request.method === "PATCH" || request.method === "POST") {
      const invalid = checkWebhookFields(request.body, false);
      if (invalid) return invalid;
      const body = request.body;
      if (typeof body.name === "string") record.name = body.name;
      if (typeof body.topic === "string") record.topic = body.topic;
      if (typeof body.delivery_url === "string") record.deliveryUrl = body.delivery_url;
      if (typeof body.secret === "string" && body.secret) record.secret = body.secret;
      if (typeof body.status === "string") {
        if (body.status === "active" && record.status !== "active") record.failureCount = 0;
        record.status = body.status as WebhookStatus;
      }
      record.modifiedAt = now();
      return { status: 200, body: webhookJson(record, restBase()) };
    }
    if (request.method === "DELETE") {
      const force = request.url.searchParams.get("force");
      if (force !== "true" && force !== "1") return wooError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
      site.webhooks.delete(id);
      return { status: 200, body: webhookJson(record, restBase()) };
    }
    return noRoute();
  }

  // ---- Shipment Tracking extension ----

  function shipmentTrackings(request: RestRequest, orderId: number, tail: string | undefined): RestAnswer {
    if (tail === "providers") return request.method === "GET" ? { status: 200, body: { "United States": Object.fromEntries(TRACKING_PROVIDERS.map((name) => [name, ""])) } } : noRoute();
    const order = site.orders.get(orderId);
    if (!order) return wooError(404, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
    if (tail === undefined) {
      if (request.method === "GET") return { status: 200, body: order.trackings.map(trackingJson) };
      if (request.method === "POST") {
        const body = request.body;
        if (typeof body.tracking_number !== "string" || !body.tracking_number) return wooError(400, "rest_missing_callback_param", "Missing parameter(s): tracking_number", { params: ["tracking_number"] });
        const provider = typeof body.tracking_provider === "string" ? body.tracking_provider : "";
        const customProvider = typeof body.custom_tracking_provider === "string" ? body.custom_tracking_provider : "";
        const shipped = typeof body.date_shipped === "string" && body.date_shipped ? body.date_shipped : (wcDate(now()) as string).slice(0, 10);
        const tracking = { trackingId: randomBytes(16).toString("hex"), provider: customProvider ? "" : provider, customProvider, customLink: typeof body.custom_tracking_link === "string" ? body.custom_tracking_link : "", trackingNumber: body.tracking_number, dateShipped: shipped };
        order.trackings.push(tracking);
        return { status: 201, body: trackingJson(tracking) };
      }
      return noRoute();
    }
    const tracking = order.trackings.find((candidate) => candidate.trackingId === tail);
    if (!tracking) return wooError(404, "woocommerce_rest_shipment_tracking_invalid_id", "Invalid tracking ID.");
    if (request.method === "GET") return { status: 200, body: trackingJson(tracking) };
    if (request.method === "DELETE") {
      order.trackings = order.trackings.filter((candidate) => candidate !== tracking);
      return { status: 200, body: { message: "true" } };
    }
    return noRoute();
  }

  // ---- index and demo pages ----

  function indexJson(): Json {
    const namespaces = ["oembed/1.0", "wc/v3", "wc/v2", "wc/v1", "wc/store/v1", "wc-admin", "wp/v2"];
    if (site.shipmentTracking) namespaces.push("wc-shipment-tracking/v3");
    return { name: site.name, description: "Just another WordPress site", url: siteUrl, home: siteUrl, gmt_offset: 0, timezone_string: "UTC", namespaces, authentication: [], routes: {} };
  }

  function indexPage(): string {
    const products = [...site.products.values()].map((product) => `<tr><td>${product.id}</td><td>${escapeHtml(product.name)}</td><td>${product.type}</td><td>${product.variationIds.map((id) => `${id} ${escapeHtml(site.variations.get(id)?.sku ?? "")}`).join("<br>") || escapeHtml(product.sku)}</td></tr>`).join("");
    const orders = [...site.orders.values()].reverse().slice(0, 20).map((order) => `<tr><td>${order.id}</td><td>${order.status}</td><td>${order.notes.filter((note) => note.customerNote).map((note) => escapeHtml(note.note)).join("<br>")}</td><td>${order.trackings.map((tracking) => escapeHtml(tracking.trackingNumber)).join(", ")}</td></tr>`).join("");
    const webhooks = [...site.webhooks.values()].map((webhook) => `<tr><td>${webhook.id}</td><td>${webhook.topic}</td><td>${webhook.status}</td><td>${escapeHtml(webhook.deliveryUrl)}</td><td>${webhook.failureCount}</td></tr>`).join("");
    return page(
      site.name,
      `<h1>${escapeHtml(site.name)}</h1><p>WooCommerce fake at ${escapeHtml(siteUrl)} (REST ${escapeHtml(siteUrl)}/wp-json/wc/v3, Shipment Tracking ${site.shipmentTracking ? "on" : "off"})</p>
<form method="post" action="/fake/place-order"><button class="button">Place a paid order</button></form>
<h2>Products</h2><table><tr><th>id</th><th>name</th><th>type</th><th>variations / SKU</th></tr>${products}</table>
<h2>Orders</h2><table><tr><th>id</th><th>status</th><th>customer notes</th><th>tracking</th></tr>${orders}</table>
<h2>Webhooks</h2><table><tr><th>id</th><th>topic</th><th>status</th><th>delivery URL</th><th>failures</th></tr>${webhooks}</table>`,
    );
  }

  async function placeDemoOrder(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await readBody(req);
    const product = [...site.products.values()].find((candidate) => !candidate.virtual && (candidate.type === "simple" || candidate.variationIds.length > 0));
    if (!product) return send(res, 409, "text/html; charset=utf-8", page("No products", "<p>This store has no shippable product.</p>"));
    site.placeOrder({
      lines: [{ productId: product.id, variationId: product.variationIds[0], quantity: 1 }],
      shipping: { first_name: "Dana", last_name: "Demo", address_1: "1 Example Street", city: "Berlin", postcode: "10115", country: "DE" },
      status: "processing",
    });
    res.writeHead(303, { Location: "/" });
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  siteUrl = `${options.tls ? "https" : "http"}://${options.host ?? "127.0.0.1"}:${address.port}`;

  return {
    siteUrl,
    site,
    requests,
    webhooks: {
      attempts: emitter.attempts,
      get coalesced() {
        return emitter.coalesced;
      },
      idle: () => emitter.idle(),
      pause: () => emitter.pause(),
      resume: () => emitter.resume(),
      setOptions: (next) => emitter.setOptions(next),
    },
    fail: (fault) => void faults.push({ ...fault }),
    clearFaults: () => void faults.splice(0),
    setShipmentTracking: (active) => void (site.shipmentTracking = active),
    async close() {
      emitter.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
