import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { ShopError, type PlatformCall, type ShopifyCredentials, type StoreSession } from "../types";
import {
  shopDomainSchema,
  shopifyGraphqlResponseSchema,
  shopifyTokenErrorSchema,
  shopifyTokenResponseSchema,
  type ShopifyThrottleStatus,
  type ShopifyUserError,
} from "./schemas";

// The only file of this connector that talks HTTP: Admin GraphQL and the OAuth token endpoint.

export const SHOPIFY_API_VERSION = "2026-10";
export type ShopifySession = StoreSession<"shopify">;

const REQUEST_TIMEOUT_MS = 20_000;
// Refresh an expiring offline token this long before it runs out.
const REFRESH_MARGIN_MS = 5 * 60_000;
// Throttle waits beyond this give the job back to the queue instead of holding a worker.
const MAX_THROTTLE_WAIT_MS = 60_000;
const MAX_THROTTLED_ATTEMPTS = 6;

/** One GraphQL document with the requested cost Shopify computes for it (checked by the tests). */
export type ShopifyOperation<T> = { name: string; query: string; cost: number; data: z.ZodType<T> };

export function defineOperation<T>(operation: ShopifyOperation<T>): ShopifyOperation<T> {
  return operation;
}

/** `https://{shop}`, or SHOPIFY_API_ORIGIN with `{shop}` replaced (tests and demo). */
export function shopOrigin(shop: string): string {
  const domain = shopDomainSchema.safeParse(shop);
  if (!domain.success) throw new ShopError("rejected", `Not a Shopify shop domain: ${shop}`, { field: "shopDomain" });
  const configured = getEnv().SHOPIFY_API_ORIGIN;
  return configured ? configured.replace("{shop}", domain.data).replace(/\/+$/, "") : `https://${domain.data}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- cost budget ----

type BucketState = { available: number; maximum: number; restoreRate: number; at: number };

// Shopify's leaky bucket as this process last saw it, per shop: a request waits until its requested cost
// fits, so the bucket is not overdrawn in the first place; THROTTLED is the fallback when it was anyway.
class CostBudget {
  private readonly shops = new Map<string, BucketState>();

  waitFor(shop: string, cost: number): number {
    const state = this.refill(shop);
    if (!state || state.available >= cost) return 0;
    return Math.ceil(((Math.min(cost, state.maximum) - state.available) / state.restoreRate) * 1000);
  }

  take(shop: string, cost: number): void {
    const state = this.refill(shop);
    if (state) state.available -= cost;
  }

  learn(shop: string, status: ShopifyThrottleStatus): void {
    this.shops.set(shop, { available: status.currentlyAvailable, maximum: status.maximumAvailable, restoreRate: Math.max(status.restoreRate, 1), at: Date.now() });
  }

  private refill(shop: string): BucketState | undefined {
    const state = this.shops.get(shop);
    if (!state) return undefined;
    const now = Date.now();
    state.available = Math.min(state.maximum, state.available + (Math.max(0, now - state.at) / 1000) * state.restoreRate);
    state.at = now;
    return state;
  }
}

const budget = new CostBudget();

async function reserve(shop: string, cost: number): Promise<void> {
  let waited = 0;
  for (let wait = budget.waitFor(shop, cost); wait > 0; wait = budget.waitFor(shop, cost)) {
    if (waited + wait > MAX_THROTTLE_WAIT_MS) throw new ShopError("throttled", "Shopify's rate budget for this shop is exhausted", { retryAfterMs: wait });
    await sleep(wait);
    waited += wait;
  }
  budget.take(shop, cost);
}

// ---- GraphQL ----

function report(session: ShopifySession, operation: string, started: number, outcome: PlatformCall["outcome"]): void {
  session.onCall?.({ platform: "shopify", operation, durationMs: Math.round(performance.now() - started), outcome });
}

async function post(url: string, init: { headers: Record<string, string>; body: string }): Promise<Response> {
  try {
    return await fetch(url, { method: "POST", headers: init.headers, body: init.body, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new ShopError("unavailable", timedOut ? "Shopify did not answer in time" : "Shopify could not be reached");
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

function statusError(status: number): ShopError {
  if (status === 401) return new ShopError("unauthorized", "Shopify refused the access token", { status });
  if (status === 402 || status === 403 || status === 423) return new ShopError("forbidden", "Shopify refused access to this shop (missing permission, frozen or locked shop)", { status });
  if (status === 404) return new ShopError("not_found", "Shopify has no shop at this address", { status });
  if (status >= 500) return new ShopError("unavailable", `Shopify answered ${status}`, { status });
  return new ShopError("rejected", `Shopify answered ${status}`, { status });
}

/**
 * Runs one document against the shop's Admin API: refreshes an expiring token first, waits for the cost
 * budget, retries THROTTLED answers after the wait the bucket needs, and returns `data` parsed by the
 * operation's schema.
 */
export async function shopifyGraphql<T>(session: ShopifySession, operation: ShopifyOperation<T>, variables: Record<string, unknown> = {}): Promise<T> {
  const shop = session.identity;
  const url = `${shopOrigin(shop)}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  const body = JSON.stringify({ query: operation.query, variables, operationName: operation.name });
  let throttleWaited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const credentials = await freshCredentials(session);
    await reserve(shop, operation.cost);
    const started = performance.now();
    let response: Response;
    try {
      response = await post(url, { headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": credentials.accessToken }, body });
    } catch (error) {
      report(session, operation.name, started, "error");
      throw error;
    }
    const json = await readJson(response);

    if (response.status === 429) {
      report(session, operation.name, started, "throttled");
      const retryAfterMs = Math.ceil(Number(response.headers.get("retry-after") ?? "2") * 1000) || 2000;
      if (attempt >= MAX_THROTTLED_ATTEMPTS || throttleWaited + retryAfterMs > MAX_THROTTLE_WAIT_MS) throw new ShopError("throttled", "Shopify kept answering 429", { status: 429, retryAfterMs });
      await sleep(retryAfterMs);
      throttleWaited += retryAfterMs;
      continue;
    }
    if (response.status !== 200) {
      report(session, operation.name, started, "error");
      throw statusError(response.status);
    }
    const parsed = shopifyGraphqlResponseSchema.safeParse(json);
    if (!parsed.success) {
      report(session, operation.name, started, "error");
      throw new ShopError("unavailable", "Shopify sent a malformed GraphQL answer", { status: 200 });
    }
    const { data, errors, extensions } = parsed.data;
    const throttleStatus = extensions?.cost?.throttleStatus;
    if (throttleStatus) budget.learn(shop, throttleStatus);

    if (Array.isArray(errors) && errors.length > 0) {
      const codes = errors.map((error) => error.extensions?.code ?? "");
      if (codes.includes("THROTTLED")) {
        report(session, operation.name, started, "throttled");
        const requested = extensions?.cost?.requestedQueryCost ?? operation.cost;
        const wait = throttleStatus ? Math.ceil((Math.max(0, requested - throttleStatus.currentlyAvailable) / Math.max(throttleStatus.restoreRate, 1)) * 1000) + 50 : 1000;
        if (attempt >= MAX_THROTTLED_ATTEMPTS || throttleWaited + wait > MAX_THROTTLE_WAIT_MS) throw new ShopError("throttled", "Shopify kept throttling this shop", { retryAfterMs: wait, platformCode: "THROTTLED" });
        await sleep(wait);
        throttleWaited += wait;
        continue;
      }
      report(session, operation.name, started, "error");
      const first = errors[0] as (typeof errors)[number];
      if (codes.includes("ACCESS_DENIED")) throw new ShopError("forbidden", first.message, { platformCode: "ACCESS_DENIED" });
      throw new ShopError("rejected", `Shopify refused ${operation.name}: ${first.message}`, { platformCode: codes.find(Boolean) });
    }
    if (errors !== undefined && !Array.isArray(errors)) {
      report(session, operation.name, started, "error");
      throw new ShopError("rejected", `Shopify refused ${operation.name}`);
    }
    const result = operation.data.safeParse(data);
    if (!result.success) {
      report(session, operation.name, started, "error");
      throw new ShopError("unavailable", `Shopify sent an unexpected answer to ${operation.name}`, { status: 200 });
    }
    report(session, operation.name, started, "ok");
    return result.data;
  }
}

/** Mutation `userErrors` mean Shopify refused the request itself: retrying will not help. */
export function throwOnUserErrors(operation: string, userErrors: ShopifyUserError[]): void {
  const first = userErrors[0];
  if (!first) return;
  throw new ShopError("rejected", `Shopify refused ${operation}: ${userErrors.map((error) => error.message).join("; ")}`, {
    field: first.field?.join("."),
    platformCode: first.code ?? undefined,
  });
}

// ---- tokens ----

function appCredentials(): { clientId: string; clientSecret: string } {
  const env = getEnv();
  if (!env.SHOPIFY_API_KEY || !env.SHOPIFY_API_SECRET) throw new Error("SHOPIFY_API_KEY and SHOPIFY_API_SECRET must be set for Shopify OAuth");
  return { clientId: env.SHOPIFY_API_KEY, clientSecret: env.SHOPIFY_API_SECRET };
}

function credentialsFrom(answer: z.infer<typeof shopifyTokenResponseSchema>, previous?: ShopifyCredentials): ShopifyCredentials {
  const now = Date.now();
  const credentials: ShopifyCredentials = { accessToken: answer.access_token, scopes: answer.scope };
  if (answer.refresh_token) credentials.refreshToken = answer.refresh_token;
  if (answer.expires_in !== undefined) credentials.accessTokenExpiresAt = new Date(now + answer.expires_in * 1000).toISOString();
  if (answer.refresh_token_expires_in !== undefined) credentials.refreshTokenExpiresAt = new Date(now + answer.refresh_token_expires_in * 1000).toISOString();
  if (previous?.webhookSecret) credentials.webhookSecret = previous.webhookSecret;
  return credentials;
}

type TokenGrant = { grant: "authorization_code"; code: string } | { grant: "refresh_token"; refreshToken: string };

/** `POST /admin/oauth/access_token`: a code (asking for an expiring offline token) or a refresh token. */
export async function requestAccessToken(shop: string, grant: TokenGrant, previous?: ShopifyCredentials): Promise<ShopifyCredentials> {
  const { clientId, clientSecret } = appCredentials();
  const payload =
    grant.grant === "authorization_code"
      ? { client_id: clientId, client_secret: clientSecret, code: grant.code, expiring: "1" }
      : { client_id: clientId, client_secret: clientSecret, grant_type: "refresh_token", refresh_token: grant.refreshToken };
  const response = await post(`${shopOrigin(shop)}/admin/oauth/access_token`, {
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(payload),
  });
  const json = await readJson(response);
  if (response.status >= 500) throw new ShopError("unavailable", `Shopify's token endpoint answered ${response.status}`, { status: response.status });
  if (response.status !== 200) {
    const refused = shopifyTokenErrorSchema.safeParse(json);
    const reason = refused.success ? refused.data.error : `HTTP ${response.status}`;
    // A refresh token that no longer works means the store must be connected again.
    const kind = grant.grant === "refresh_token" ? "expired" : response.status === 401 ? "unauthorized" : "rejected";
    throw new ShopError(kind, `Shopify refused the ${grant.grant === "refresh_token" ? "token refresh" : "authorization code"} (${reason})`, { status: response.status, platformCode: reason });
  }
  const answer = shopifyTokenResponseSchema.safeParse(json);
  if (!answer.success) throw new ShopError("unavailable", "Shopify sent a malformed token answer", { status: 200 });
  return credentialsFrom(answer.data, previous);
}

const refreshing = new Map<string, Promise<ShopifyCredentials>>();

function needsRefresh(credentials: ShopifyCredentials): boolean {
  if (!credentials.refreshToken || !credentials.accessTokenExpiresAt) return false;
  const expiresAt = Date.parse(credentials.accessTokenExpiresAt);
  return Number.isNaN(expiresAt) || expiresAt - Date.now() <= REFRESH_MARGIN_MS;
}

/** The session's credentials, refreshed (and saved before first use) when the access token is about to expire. */
export async function freshCredentials(session: ShopifySession): Promise<ShopifyCredentials> {
  const current = session.credentials;
  if (!needsRefresh(current)) return current;
  const refreshToken = current.refreshToken as string;
  const refreshExpiresAt = current.refreshTokenExpiresAt ? Date.parse(current.refreshTokenExpiresAt) : Number.NaN;
  if (!Number.isNaN(refreshExpiresAt) && refreshExpiresAt <= Date.now()) throw new ShopError("expired", "The Shopify refresh token has expired");
  // One refresh per refresh token at a time: two racing refreshes would rotate the pair twice.
  const key = `${session.storeId}:${refreshToken}`;
  let pending = refreshing.get(key);
  if (!pending) {
    pending = (async () => {
      const started = performance.now();
      try {
        const next = await requestAccessToken(session.identity, { grant: "refresh_token", refreshToken }, current);
        await session.saveCredentials(next);
        report(session, "refreshToken", started, "ok");
        return next;
      } catch (error) {
        report(session, "refreshToken", started, "error");
        throw error;
      }
    })().finally(() => refreshing.delete(key));
    refreshing.set(key, pending);
  }
  const next = await pending;
  session.credentials = next;
  return next;
}
