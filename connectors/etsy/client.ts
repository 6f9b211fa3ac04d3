import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { ShopError, type EtsyCredentials, type PlatformCall, type StoreSession } from "../types";
import { etsyErrorSchema, etsyTokenResponseSchema } from "./schemas";

// The only file of this connector that talks HTTP: Open API v3 calls and the OAuth token endpoint. Every
// call carries `x-api-key: keystring:shared_secret` and the store's Bearer token, waits for the app's rate
// limiter, and refreshes a token that is about to expire (saving the rotated pair before using it).

export type EtsySession = StoreSession<"etsy">;

const REQUEST_TIMEOUT_MS = 20_000;
// Refresh the hour-long access token this long before it runs out.
const REFRESH_MARGIN_MS = 5 * 60_000;
// Waits beyond this give the job back to the queue instead of holding a worker.
const MAX_THROTTLE_WAIT_MS = 60_000;
const MAX_THROTTLED_ATTEMPTS = 5;

/** `https://api.etsy.com` and `https://www.etsy.com`, or ETSY_API_ORIGIN for both (tests and demo). */
export function etsyOrigins(): { api: string; www: string } {
  const configured = getEnv().ETSY_API_ORIGIN?.replace(/\/+$/, "");
  return configured ? { api: configured, www: configured } : { api: "https://api.etsy.com", www: "https://www.etsy.com" };
}

export function appCredentials(): { keystring: string; sharedSecret: string } {
  const env = getEnv();
  if (!env.ETSY_KEYSTRING || !env.ETSY_SHARED_SECRET) throw new Error("ETSY_KEYSTRING and ETSY_SHARED_SECRET must be set for Etsy");
  return { keystring: env.ETSY_KEYSTRING, sharedSecret: env.ETSY_SHARED_SECRET };
}

/** Etsy requires the shared secret with the keystring on every request since 2026-02-09. */
export function apiKeyHeader(): string {
  const { keystring, sharedSecret } = appCredentials();
  return `${keystring}:${sharedSecret}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- rate limiting ----

/** What one answer said about the app's budget. */
export type EtsyRateObservation = {
  limitPerSecond?: number;
  remainingThisSecond?: number;
  limitPerDay?: number;
  remainingToday?: number;
  /** A 429: no call should go out for this long. */
  throttledForMs?: number;
};

export type EtsyDailyBudget = { limitPerDay: number; remainingToday: number; observedAt: string };

/**
 * Etsy limits calls per app (10 per second and 10,000 per day by default), shared by every store and every
 * process. The services replace the in-memory default with one backed by Redis or the database.
 */
export interface EtsyRateLimiter {
  /**
   * Resolves when one more call fits the app's budget, with a function to call once its answer is in;
   * raises ShopError throttled when the budget will not allow a call soon.
   */
  acquire(): Promise<() => void>;
  observe(observation: EtsyRateObservation): void;
  /** The daily budget as last seen (for store health); null before the first answer. */
  dailyBudget(): EtsyDailyBudget | null;
}

/**
 * One process's view: at most `perSecond` calls that are in flight or answered within the last second (Etsy
 * counts a call when it arrives, somewhere between our send and its answer), paused after a 429, refusing
 * once Etsy said the day's budget is used.
 */
export class InMemoryEtsyRateLimiter implements EtsyRateLimiter {
  private readonly slots: Array<{ answeredAt: number | null }> = [];
  private perSecond: number;
  private pausedUntil = 0;
  private daily: (EtsyDailyBudget & { at: number }) | null = null;

  constructor(
    options: { perSecond?: number } = {},
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.perSecond = options.perSecond ?? 10;
  }

  async acquire(): Promise<() => void> {
    for (;;) {
      const at = this.clock();
      if (this.daily && this.daily.remainingToday <= 0 && at - this.daily.at < 60_000) {
        throw new ShopError("throttled", "Etsy's daily call budget for this app is used up", { retryAfterMs: 60_000 });
      }
      for (let index = this.slots.length - 1; index >= 0; index -= 1) {
        const answeredAt = (this.slots[index] as { answeredAt: number | null }).answeredAt;
        if (answeredAt !== null && at - answeredAt >= 1000) this.slots.splice(index, 1);
      }
      const answered = this.slots.map((slot) => slot.answeredAt).filter((time): time is number => time !== null);
      const full = this.slots.length >= this.perSecond;
      if (this.pausedUntil <= at && !full) {
        const slot = { answeredAt: null as number | null };
        this.slots.push(slot);
        return () => void (slot.answeredAt ??= this.clock());
      }
      // Full with every call still in flight: look again shortly.
      const wait = Math.max(this.pausedUntil - at, full ? (answered.length ? Math.min(...answered) + 1000 - at : 20) : 0);
      await sleep(Math.max(1, Math.ceil(wait)));
    }
  }

  observe(observation: EtsyRateObservation): void {
    const at = this.clock();
    if (observation.limitPerSecond && observation.limitPerSecond > 0) this.perSecond = observation.limitPerSecond;
    if (observation.throttledForMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, at + observation.throttledForMs);
    if (observation.limitPerDay !== undefined && observation.remainingToday !== undefined) {
      this.daily = { limitPerDay: observation.limitPerDay, remainingToday: observation.remainingToday, observedAt: new Date().toISOString(), at };
    }
  }

  dailyBudget(): EtsyDailyBudget | null {
    if (!this.daily) return null;
    const { limitPerDay, remainingToday, observedAt } = this.daily;
    return { limitPerDay, remainingToday, observedAt };
  }
}

let limiter: EtsyRateLimiter = new InMemoryEtsyRateLimiter();

export function setEtsyRateLimiter(next: EtsyRateLimiter): void {
  limiter = next;
}

export function getEtsyRateLimiter(): EtsyRateLimiter {
  return limiter;
}

function numberHeader(response: Response, name: string): number | undefined {
  const value = response.headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function rateObservation(response: Response): EtsyRateObservation {
  return {
    limitPerSecond: numberHeader(response, "x-limit-per-second"),
    remainingThisSecond: numberHeader(response, "x-remaining-this-second"),
    limitPerDay: numberHeader(response, "x-limit-per-day"),
    remainingToday: numberHeader(response, "x-remaining-today"),
  };
}

// ---- requests ----

export type EtsyRequest = {
  /** Etsy's operation name (getShopReceipts), for onCall and error messages. */
  operation: string;
  method: "GET" | "POST" | "PUT";
  /** Below `/v3/application`, e.g. `/shops/123/receipts`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  form?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
};

function report(session: EtsySession, operation: string, started: number, outcome: PlatformCall["outcome"]): void {
  session.onCall?.({ platform: "etsy", operation, durationMs: Math.round(performance.now() - started), outcome });
}

function encode(values: Record<string, string | number | boolean | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.set(key, String(value));
  return params;
}

async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new ShopError("unavailable", timedOut ? "Etsy did not answer in time" : "Etsy could not be reached");
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

function etsyMessage(json: unknown): string | undefined {
  const parsed = etsyErrorSchema.safeParse(json);
  return parsed.success ? parsed.data.error : undefined;
}

function statusError(operation: string, status: number, json: unknown): ShopError {
  const message = etsyMessage(json);
  const said = message ? `: ${message}` : "";
  if (status === 401) return new ShopError("unauthorized", `Etsy refused the access token${said}`, { status, platformCode: message });
  if (status === 403) return new ShopError("forbidden", `Etsy refused ${operation}${said}`, { status, platformCode: message });
  if (status === 404) return new ShopError("not_found", `Etsy found nothing for ${operation}${said}`, { status });
  if (status >= 500) return new ShopError("unavailable", `Etsy answered ${status} to ${operation}`, { status });
  return new ShopError("rejected", `Etsy refused ${operation}${said}`, { status, platformCode: message });
}

/**
 * One Open API v3 call for the store: fresh credentials, the app's rate limiter, 429s waited out per
 * `retry-after` (then ShopError throttled), and the answer parsed with `schema`.
 */
export async function etsyRequest<T>(session: EtsySession, request: EtsyRequest, schema: z.ZodType<T>): Promise<T> {
  const { api } = etsyOrigins();
  const query = request.query ? `?${encode(request.query)}` : "";
  const url = `${api}/v3/application${request.path}${query}`;
  const body = request.form ? encode(request.form).toString() : request.json !== undefined ? JSON.stringify(request.json) : undefined;
  const contentType = request.form ? "application/x-www-form-urlencoded" : request.json !== undefined ? "application/json" : undefined;
  let throttleWaited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const credentials = await freshCredentials(session);
    const answered = await limiter.acquire();
    const started = performance.now();
    let response: Response;
    let json: unknown;
    try {
      response = await send(url, {
        method: request.method,
        headers: { Accept: "application/json", "x-api-key": apiKeyHeader(), Authorization: `Bearer ${credentials.accessToken}`, ...(contentType ? { "Content-Type": contentType } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
      json = await readJson(response);
    } catch (error) {
      report(session, request.operation, started, "error");
      throw error;
    } finally {
      answered();
    }
    if (response.status === 429) {
      report(session, request.operation, started, "throttled");
      const retryAfterMs = Math.max(1, Number(response.headers.get("retry-after") ?? "1") || 1) * 1000;
      limiter.observe({ throttledForMs: retryAfterMs });
      if (attempt >= MAX_THROTTLED_ATTEMPTS || throttleWaited + retryAfterMs > MAX_THROTTLE_WAIT_MS) {
        throw new ShopError("throttled", `Etsy kept answering 429 to ${request.operation}`, { status: 429, retryAfterMs });
      }
      throttleWaited += retryAfterMs;
      // The limiter now holds the app's other calls back too; a little jitter spreads the restart.
      await sleep(retryAfterMs + Math.round(Math.random() * 100));
      continue;
    }
    limiter.observe(rateObservation(response));
    if (response.status < 200 || response.status >= 300) {
      report(session, request.operation, started, "error");
      throw statusError(request.operation, response.status, json);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      report(session, request.operation, started, "error");
      throw new ShopError("unavailable", `Etsy sent an unexpected answer to ${request.operation}`, { status: response.status });
    }
    report(session, request.operation, started, "ok");
    return parsed.data;
  }
}

/** Like etsyRequest, but a 404 answers null (the receipt or listing is gone). */
export async function etsyRequestOrNull<T>(session: EtsySession, request: EtsyRequest, schema: z.ZodType<T>): Promise<T | null> {
  try {
    return await etsyRequest(session, request, schema);
  } catch (error) {
    if (error instanceof ShopError && error.kind === "not_found") return null;
    throw error;
  }
}

// ---- tokens ----

export type TokenGrant = { grant: "authorization_code"; code: string; codeVerifier: string; redirectUri: string } | { grant: "refresh_token"; refreshToken: string };

/** `POST /v3/public/oauth/token` (form-encoded): a code with its PKCE verifier, or a refresh token. */
export async function requestToken(grant: TokenGrant): Promise<EtsyCredentials> {
  const { keystring } = appCredentials();
  const form =
    grant.grant === "authorization_code"
      ? { grant_type: "authorization_code", client_id: keystring, redirect_uri: grant.redirectUri, code: grant.code, code_verifier: grant.codeVerifier }
      : { grant_type: "refresh_token", client_id: keystring, refresh_token: grant.refreshToken };
  const response = await send(`${etsyOrigins().api}/v3/public/oauth/token`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded", "x-api-key": apiKeyHeader() },
    body: encode(form).toString(),
  });
  const json = await readJson(response);
  if (response.status === 429 || response.status >= 500) throw new ShopError(response.status === 429 ? "throttled" : "unavailable", `Etsy's token endpoint answered ${response.status}`, { status: response.status });
  if (response.status !== 200) {
    const reason = etsyMessage(json) ?? `HTTP ${response.status}`;
    if (grant.grant === "refresh_token") {
      throw new ShopError("expired", `Etsy refused the token refresh (${reason}); connect the Etsy shop again from the store page`, { status: response.status, platformCode: reason });
    }
    throw new ShopError(response.status === 401 ? "unauthorized" : "rejected", `Etsy refused the authorization code (${reason})`, { status: response.status, platformCode: reason });
  }
  const answer = etsyTokenResponseSchema.safeParse(json);
  if (!answer.success) throw new ShopError("unavailable", "Etsy sent a malformed token answer", { status: 200 });
  return { accessToken: answer.data.access_token, refreshToken: answer.data.refresh_token, expiresAt: new Date(Date.now() + answer.data.expires_in * 1000).toISOString() };
}

const refreshing = new Map<string, Promise<EtsyCredentials>>();

function needsRefresh(credentials: EtsyCredentials): boolean {
  const expiresAt = Date.parse(credentials.expiresAt);
  return Number.isNaN(expiresAt) || expiresAt - Date.now() <= REFRESH_MARGIN_MS;
}

/**
 * The session's credentials, refreshed (and saved before first use) when the access token is about to
 * expire. Etsy rotates the refresh token, so a second refresh with the old one fails: one refresh per
 * store at a time in this process (the map), and across processes through the session's lock, after
 * which credentials another process refreshed meanwhile are taken as they are.
 */
export async function freshCredentials(session: EtsySession): Promise<EtsyCredentials> {
  const current = session.credentials;
  if (!needsRefresh(current)) return current;
  const key = `${session.storeId}:${current.refreshToken}`;
  let pending = refreshing.get(key);
  if (!pending) {
    const refresh = async (stored: EtsyCredentials): Promise<EtsyCredentials> => {
      if (!needsRefresh(stored)) return stored;
      const started = performance.now();
      try {
        const next = await requestToken({ grant: "refresh_token", refreshToken: stored.refreshToken });
        report(session, "refreshToken", started, "ok");
        return next;
      } catch (error) {
        report(session, "refreshToken", started, "error");
        throw error;
      }
    };
    pending = (async () => {
      if (session.refreshExclusively) return session.refreshExclusively(refresh);
      const next = await refresh(current);
      await session.saveCredentials(next);
      return next;
    })().finally(() => refreshing.delete(key));
    refreshing.set(key, pending);
  }
  const next = await pending;
  session.credentials = next;
  return next;
}
