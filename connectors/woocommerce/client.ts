import * as wooRestApiModule from "@woocommerce/woocommerce-rest-api";
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from "axios";
import { AxiosHeaders } from "axios";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { guardedFetch, OutboundError, parseAllowList, systemResolver, type GuardedResponse, type OutboundPolicy, type Resolver } from "@/lib/net";
import { ShopError, type PlatformCall, type StoreSession } from "../types";
import { wooErrorSchema, wooIndexSchema } from "./schemas";

// The only file of this connector that talks HTTP. Requests are built and signed by
// @woocommerce/woocommerce-rest-api (Basic over https, OAuth 1.0a HMAC-SHA256 over http); they leave
// through the outbound guard (SHOP_FETCH_ALLOW), plugged in as the library's axios adapter.

export type WooSession = StoreSession<"woocommerce">;
export type WooNamespace = "wc/v3" | "wc-shipment-tracking/v3";

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 20 * 1024 * 1024;
// platforms.md §3.5: shared PHP hosts fall over under parallel load; keep to a few requests per site.
const MAX_CONCURRENT_PER_SITE = 4;
const MAX_ATTEMPTS = 4;
const MAX_WAIT_MS = 60_000;
const IDEMPOTENT = new Set(["GET", "PUT", "DELETE"]);

type WooRestApiInstance = {
  get(endpoint: string, params?: Record<string, unknown>): Promise<AxiosResponse<unknown>>;
  post(endpoint: string, data: unknown, params?: Record<string, unknown>): Promise<AxiosResponse<unknown>>;
  put(endpoint: string, data: unknown, params?: Record<string, unknown>): Promise<AxiosResponse<unknown>>;
  delete(endpoint: string, params?: Record<string, unknown>): Promise<AxiosResponse<unknown>>;
};
type WooRestApiConstructor = new (options: { url: string; consumerKey: string; consumerSecret: string; version: string; axiosConfig: Record<string, unknown> }) => WooRestApiInstance;

// The package is CommonJS with `exports.default`: depending on the loader the class is one or two `default`s deep.
function restApiClass(): WooRestApiConstructor {
  const outer = (wooRestApiModule as unknown as { default?: unknown }).default;
  const inner = (outer as { default?: unknown } | undefined)?.default;
  const candidate = typeof outer === "function" ? outer : inner;
  if (typeof candidate !== "function") throw new Error("@woocommerce/woocommerce-rest-api did not load");
  return candidate as WooRestApiConstructor;
}

// ---- site URL and the outbound guard ----

/** `https://Shop.Example/store/` → `https://shop.example/store`: scheme and host lower-cased, no trailing slash, query or fragment. */
export function normalizeSiteUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `https://${input.trim()}`);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || !url.hostname) return null;
  const path = url.pathname.replace(/\/(wp-json|wp-admin)(\/.*)?$/, "").replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

type TestTransport = { resolve?: Resolver; trustedCertificates?: string[] };
let testTransport: TestTransport = {};

/** Tests only: a stand-in DNS and extra CA certificates (a local TLS fake). */
export function setWooTransportForTests(transport: TestTransport): void {
  testTransport = transport;
}

export function shopSitePolicy(): OutboundPolicy {
  return {
    allowHttp: true,
    allow: parseAllowList(getEnv().SHOP_FETCH_ALLOW),
    timeoutMs: REQUEST_TIMEOUT_MS,
    idleTimeoutMs: REQUEST_TIMEOUT_MS,
    resolve: testTransport.resolve ?? systemResolver,
    refusalHint: "shop sites are only reached on public addresses, or on hosts listed in SHOP_FETCH_ALLOW",
    ...(testTransport.trustedCertificates ? { trustedCertificates: testTransport.trustedCertificates } : {}),
  };
}

function outboundShopError(error: OutboundError): ShopError {
  switch (error.code) {
    case "invalid_url":
    case "scheme":
    case "refused_address":
      return new ShopError("rejected", `The site URL ${error.reason}`, { field: "siteUrl", platformCode: error.code });
    case "dns":
      return error.transient ? new ShopError("unavailable", `The site ${error.reason}`) : new ShopError("rejected", `The site URL ${error.reason}`, { field: "siteUrl", platformCode: "dns" });
    case "connect":
    case "tls":
    case "timeout":
    case "http_status":
      return new ShopError("unavailable", `The site ${error.reason}`, { platformCode: error.code });
  }
}

// The library's axios requests leave through the guard: address checked, no redirects, bounded body and time.
const guardedAdapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) {
    if (value !== undefined && value !== null) headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  if (config.auth) headers.Authorization = `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString("base64")}`;
  const url = new URL(config.url ?? "");
  const params = config.params as Record<string, unknown> | undefined;
  // oauth-1.0a hands back the URL's own query among the OAuth parameters: set, so none is sent twice.
  for (const [name, value] of Object.entries(params ?? {})) if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
  const response: GuardedResponse = await guardedFetch(url.toString(), { method: (config.method ?? "get").toUpperCase(), headers, body: typeof config.data === "string" ? config.data : undefined, maxBodyBytes: MAX_BODY_BYTES }, shopSitePolicy());
  if (response.truncated) throw new OutboundError("http_status", `sent an answer larger than ${MAX_BODY_BYTES} bytes`, false);
  const responseHeaders = new AxiosHeaders();
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
  return { data: response.body.toString("utf8"), status: response.status, statusText: "", headers: responseHeaders, config, request: null };
};

function client(session: WooSession, namespace: WooNamespace): WooRestApiInstance {
  const site = normalizeSiteUrl(session.identity);
  if (!site) throw new ShopError("rejected", `Not a site URL: ${session.identity}`, { field: "siteUrl" });
  const { consumerKey, consumerSecret } = session.credentials;
  if (!consumerKey || !consumerSecret) throw new ShopError("unauthorized", "The store has no WooCommerce keys", { field: "consumerKey" });
  const RestApi = restApiClass();
  return new RestApi({
    url: site,
    consumerKey,
    consumerSecret,
    version: namespace,
    axiosConfig: { adapter: guardedAdapter, transformRequest: [(data: unknown) => data], transformResponse: [(data: unknown) => data], maxRedirects: 0 },
  });
}

// ---- one site at a time ----

const slots = new Map<string, { active: number; waiting: Array<() => void> }>();

async function withSlot<T>(site: string, run: () => Promise<T>): Promise<T> {
  let slot = slots.get(site);
  if (!slot) slots.set(site, (slot = { active: 0, waiting: [] }));
  const current = slot;
  if (current.active >= MAX_CONCURRENT_PER_SITE) await new Promise<void>((resolve) => current.waiting.push(resolve));
  current.active += 1;
  try {
    return await run();
  } finally {
    current.active -= 1;
    const next = current.waiting.shift();
    if (next) next();
    else if (current.active === 0) slots.delete(site);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- requests ----

export type WooRequest = {
  /** Named in onCall and errors: `getOrder`, `createNote`, … */
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Below the namespace: `orders/123/notes`. */
  path: string;
  params?: Record<string, string | number | boolean>;
  body?: unknown;
  namespace?: WooNamespace;
  /** Statuses answered to the caller instead of raised (a 404 that means "no such order"). */
  accept?: number[];
};

export type WooResponse = { status: number; body: unknown; header(name: string): string | undefined };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function report(session: WooSession, operation: string, started: number, outcome: PlatformCall["outcome"]): void {
  session.onCall?.({ platform: "woocommerce", operation, durationMs: Math.round(performance.now() - started), outcome });
}

/** WooCommerce's `{code, message, data:{status}}` → ShopError. */
export function statusError(operation: string, status: number, body: unknown, location?: string): ShopError {
  const parsed = wooErrorSchema.safeParse(body);
  const code = parsed.success ? parsed.data.code : undefined;
  const message = parsed.success ? parsed.data.message : `HTTP ${status}`;
  const details = { status, platformCode: code };
  if (status >= 300 && status < 400) return new ShopError("rejected", `The site redirects to ${location ?? "another address"}; connect it under that address`, { ...details, field: "siteUrl" });
  if (status === 401) {
    // The same code covers refused keys and keys without the permission: only the message tells them apart.
    if (/does not have (write|read) permissions/i.test(message)) return new ShopError("forbidden", `WooCommerce refused ${operation}: ${message}`, { ...details, field: "consumerKey" });
    return new ShopError("unauthorized", `WooCommerce refused the keys: ${message}`, { ...details, field: "consumerKey" });
  }
  if (status === 403) return new ShopError("forbidden", `WooCommerce refused ${operation}: ${message}`, details);
  if (status === 404) return new ShopError("not_found", code === "rest_no_route" ? `The site has no WooCommerce REST API here (${operation})` : `WooCommerce has no such resource (${operation})`, details);
  if (status === 429) return new ShopError("throttled", `The site kept answering 429 to ${operation}`, details);
  if (status >= 500 && status !== 501) return new ShopError("unavailable", `The site answered ${status} to ${operation}`, details);
  const params = parsed.success ? (parsed.data.data as { params?: unknown } | null | undefined)?.params : undefined;
  const field = params && typeof params === "object" ? (Array.isArray(params) ? String(params[0]) : Object.keys(params)[0]) : undefined;
  return new ShopError("rejected", `WooCommerce refused ${operation}: ${message}`, { ...details, ...(field ? { field } : {}) });
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * One REST call: signed by the library, sent through the guard, at most four at a time per site. 429 and
 * 503 wait `Retry-After` (or back off) and retry; other 5xx, timeouts and network errors retry only
 * idempotent methods (a POST that may have landed is not sent twice). Answers 2xx and `accept`ed statuses.
 */
export async function wooRequest(session: WooSession, request: WooRequest): Promise<WooResponse> {
  const api = client(session, request.namespace ?? "wc/v3");
  const site = normalizeSiteUrl(session.identity) as string;
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const started = performance.now();
    let status: number;
    let text: string;
    let headers: AxiosResponse["headers"];
    try {
      const response = await withSlot(site, () => {
        switch (request.method) {
          case "GET":
            return api.get(request.path, request.params ?? {});
          case "DELETE":
            return api.delete(request.path, request.params ?? {});
          case "POST":
            return api.post(request.path, request.body ?? {}, request.params ?? {});
          case "PUT":
            return api.put(request.path, request.body ?? {}, request.params ?? {});
        }
      });
      status = response.status;
      text = typeof response.data === "string" ? response.data : JSON.stringify(response.data);
      headers = response.headers;
    } catch (error) {
      report(session, request.operation, started, "error");
      const failure = error instanceof OutboundError ? outboundShopError(error) : error instanceof ShopError ? error : new ShopError("unavailable", `The site could not be reached (${request.operation})`);
      const backoff = 500 * 2 ** (attempt - 1);
      if (failure.kind === "unavailable" && IDEMPOTENT.has(request.method) && attempt < MAX_ATTEMPTS && waited + backoff <= MAX_WAIT_MS) {
        await sleep(backoff);
        waited += backoff;
        continue;
      }
      throw failure;
    }
    const header = (name: string): string | undefined => {
      const value = (headers as AxiosHeaders).get?.(name) ?? (headers as Record<string, unknown>)[name.toLowerCase()];
      return value === undefined || value === null ? undefined : String(value);
    };
    const body = parseJson(text);
    if ((status >= 200 && status < 300) || request.accept?.includes(status)) {
      report(session, request.operation, started, "ok");
      return { status, body, header };
    }
    const throttled = status === 429 || (status === 503 && header("retry-after") !== undefined);
    report(session, request.operation, started, throttled ? "throttled" : "error");
    const retryable = throttled || (status >= 500 && status !== 501 && IDEMPOTENT.has(request.method));
    const wait = Math.min(retryAfterMs(header("retry-after")) ?? 1000 * 2 ** (attempt - 1), MAX_WAIT_MS);
    if (retryable && attempt < MAX_ATTEMPTS && waited + wait <= MAX_WAIT_MS) {
      await sleep(wait);
      waited += wait;
      continue;
    }
    const failure = statusError(request.operation, status, body, header("location"));
    if (failure.kind === "throttled") throw new ShopError("throttled", failure.message, { ...failure.details, retryAfterMs: wait });
    throw failure;
  }
}

/** Parses an answer with its schema; a malformed one is the site's fault and may be temporary. */
export function parseAnswer<T>(schema: z.ZodType<T>, body: unknown, operation: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ShopError("unavailable", `WooCommerce sent an unexpected answer to ${operation}`);
  return parsed.data;
}

/**
 * `GET {site}/wp-json/` (no keys): the site's name, home URL and REST namespaces; null when a plugin
 * closes the index to visitors (401/403), which says nothing about the keys.
 */
export async function readSiteIndex(session: WooSession): Promise<z.infer<typeof wooIndexSchema> | null> {
  const site = normalizeSiteUrl(session.identity);
  if (!site) throw new ShopError("rejected", `Not a site URL: ${session.identity}`, { field: "siteUrl" });
  const started = performance.now();
  let response: GuardedResponse;
  try {
    response = await withSlot(site, () => guardedFetch(`${site}/wp-json/`, { method: "GET", headers: { Accept: "application/json" }, maxBodyBytes: MAX_BODY_BYTES }, shopSitePolicy()));
  } catch (error) {
    report(session, "readSiteIndex", started, "error");
    throw error instanceof OutboundError ? outboundShopError(error) : new ShopError("unavailable", "The site could not be reached");
  }
  const body = parseJson(response.body.toString("utf8"));
  if (response.status !== 200) {
    const location = response.headers.location;
    if (response.status === 401 || response.status === 403) {
      report(session, "readSiteIndex", started, "ok");
      return null;
    }
    report(session, "readSiteIndex", started, "error");
    if (response.status === 404 || response.status === 410) throw new ShopError("rejected", "The site has no WordPress REST API at /wp-json/", { field: "siteUrl", status: response.status });
    throw statusError("readSiteIndex", response.status, body, typeof location === "string" ? location : undefined);
  }
  const index = wooIndexSchema.safeParse(body);
  if (!index.success || response.truncated) {
    report(session, "readSiteIndex", started, "error");
    throw new ShopError("rejected", "The site does not answer like WordPress (no REST index at /wp-json/)", { field: "siteUrl" });
  }
  report(session, "readSiteIndex", started, "ok");
  return index.data;
}

/** The next page number from the `Link` header (rel="next"), else from X-WP-TotalPages. */
export function nextPage(response: WooResponse, page: number): number | null {
  const link = response.header("link");
  if (link) return /rel="?next"?/.test(link) ? page + 1 : null;
  const totalPages = Number(response.header("x-wp-totalpages") ?? "0");
  return page < totalPages ? page + 1 : null;
}
