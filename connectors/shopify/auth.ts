import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import type { ShopifyCredentials } from "../types";
import { requestAccessToken, shopOrigin } from "./client";
import { SHOP_DOMAIN } from "./schemas";

// OAuth authorization code grant for a non-embedded app (platforms.md §1.1), done by hand rather than
// with @shopify/shopify-api: see README.md "Why not @shopify/shopify-api for OAuth".

/** Shopify's own tolerance for the callback's `timestamp` (HMAC_TIMESTAMP_PERMITTED_CLOCK_TOLERANCE_SEC). */
export const CALLBACK_CLOCK_TOLERANCE_SECONDS = 90;

/** `acme`, `acme.myshopify.com`, `https://acme.myshopify.com/admin` or `admin.shopify.com/store/acme` → `acme.myshopify.com`; null otherwise. */
export function normalizeShopDomain(input: string): string | null {
  let value = input.trim().toLowerCase();
  if (!value) return null;
  value = value.replace(/^https?:\/\//, "");
  const admin = /^admin\.shopify\.com\/store\/([a-z0-9][a-z0-9-]*)\/?/.exec(value);
  if (admin) value = `${admin[1]}.myshopify.com`;
  value = value.replace(/[/?#].*$/, "");
  if (/^[a-z0-9][a-z0-9-]*$/.test(value)) value = `${value}.myshopify.com`;
  return SHOP_DOMAIN.test(value) ? value : null;
}

export function configuredScopes(): string[] {
  return (getEnv().SHOPIFY_SCOPES ?? "")
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
}

/** Where to send the merchant: Shopify's grant screen for an offline token with SHOPIFY_SCOPES. */
export function buildAuthorizeUrl(input: { shop: string; state: string; redirectUri: string }): string {
  const env = getEnv();
  if (!env.SHOPIFY_API_KEY) throw new Error("SHOPIFY_API_KEY must be set for Shopify OAuth");
  const scopes = configuredScopes();
  if (scopes.length === 0) throw new Error("SHOPIFY_SCOPES must list the access scopes to request");
  const query = new URLSearchParams({
    client_id: env.SHOPIFY_API_KEY,
    scope: scopes.join(","),
    redirect_uri: input.redirectUri,
    state: input.state,
    // Empty grant options ask for an offline (shop) token; "per-user" would be an online one.
    "grant_options[]": "",
  });
  return `${shopOrigin(input.shop)}/admin/oauth/authorize?${query}`;
}

/** Shopify's admin HMAC message: params other than hmac/signature, sorted, URL-encoded with %20 for spaces. */
export function callbackMessage(params: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) if (key !== "hmac" && key !== "signature") search.append(key, params[key] as string);
  return search.toString().replace(/\+/g, "%20");
}

export function signCallback(params: Record<string, string>, secret: string): string {
  return createHmac("sha256", secret).update(callbackMessage(params)).digest("hex");
}

function safeEqualText(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type CallbackCheck = { ok: true; shop: string; code: string; state: string } | { ok: false; reason: string };

/**
 * Checks the callback query: every parameter present once, `shop` a myshopify.com domain, `timestamp`
 * within 90 s, and `hmac` (hex HMAC-SHA256 with the API secret) compared in constant time. Whether
 * `state` is the single-use one bound to this browser is the caller's check (it owns that storage).
 */
export function validateCallback(query: URLSearchParams | Record<string, string | string[] | undefined>, options: { secret?: string; now?: number } = {}): CallbackCheck {
  const secret = options.secret ?? getEnv().SHOPIFY_API_SECRET;
  if (!secret) throw new Error("SHOPIFY_API_SECRET must be set for Shopify OAuth");
  const params: Record<string, string> = {};
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query).flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => [key, item] as const) : value === undefined ? [] : [[key, value] as const]));
  for (const [key, value] of entries) {
    if (key in params) return { ok: false, reason: `repeated parameter ${key}` };
    params[key] = value;
  }
  const { hmac, shop, code, state, timestamp } = params;
  if (!hmac || !shop || !code || !state || !timestamp) return { ok: false, reason: "missing hmac, shop, code, state or timestamp" };
  if (!/^[0-9a-f]{64}$/i.test(hmac) || !safeEqualText(hmac.toLowerCase(), signCallback(params, secret))) return { ok: false, reason: "bad hmac" };
  if (!SHOP_DOMAIN.test(shop)) return { ok: false, reason: "shop is not a myshopify.com domain" };
  const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const now = (options.now ?? Date.now()) / 1000;
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > CALLBACK_CLOCK_TOLERANCE_SECONDS) return { ok: false, reason: "timestamp too old or in the future" };
  return { ok: true, shop, code, state };
}

/** Compares the callback's state with the one this browser was given, in constant time. */
export function isSameState(given: string, expected: string): boolean {
  return safeEqualText(given, expected);
}

/** Exchanges the callback's code for an expiring offline token and its refresh token. */
export function exchangeCode(shop: string, code: string): Promise<ShopifyCredentials> {
  return requestAccessToken(shop, { grant: "authorization_code", code });
}
