import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setEnv } from "@/lib/env";
import { ShopError, type EtsyCredentials, type PlatformCall } from "../types";
import { getEtsyRateLimiter, InMemoryEtsyRateLimiter, setEtsyRateLimiter, type EtsyRateLimiter } from "./client";
import { etsyConnector } from "./index";
import { startConnectorFake, testEnv, TEST_KEYSTRING, TEST_SHARED_SECRET, type ConnectorFake } from "./testing";

let harness: ConnectorFake;
let original: EtsyRateLimiter;

async function shopError(promise: Promise<unknown>): Promise<ShopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ShopError) return error;
    throw error;
  }
  throw new Error("expected a ShopError");
}

async function withServer(handler: (headers: IncomingHttpHeaders, url: string) => { status: number; headers?: Record<string, string>; body: unknown }, run: (origin: string) => Promise<void>): Promise<void> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = handler(req.headers, req.url ?? "");
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

beforeAll(async () => {
  original = getEtsyRateLimiter();
  harness = await startConnectorFake();
});
afterAll(async () => {
  setEtsyRateLimiter(original);
  await harness.close();
});
beforeEach(() => {
  setEtsyRateLimiter(new InMemoryEtsyRateLimiter());
  harness.useOrigin(harness.fake.origin);
});
afterEach(() => harness.fake.rate.unblock());

describe("Etsy client: requests", () => {
  it("sends x-api-key as keystring:shared_secret and the Bearer token on every call", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const session = harness.session();
    await withServer(
      (headers, url) => {
        seen.push(headers);
        return url.startsWith("/v3/application/users/me") ? { status: 200, body: { user_id: harness.userId, shop_id: harness.shopId } } : { status: 200, body: { shop_id: harness.shopId, shop_name: "Seen" } };
      },
      async (origin) => {
        harness.useOrigin(origin);
        expect(await etsyConnector.verifyCredentials(session)).toEqual({ name: "Seen", identity: String(harness.shopId) });
      },
    );
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers["x-api-key"]).toBe(`${TEST_KEYSTRING}:${TEST_SHARED_SECRET}`);
      expect(headers.authorization).toBe(`Bearer ${session.credentials.accessToken}`);
    }
  });

  it("maps refusals: 401 unauthorized, a wrong shared secret forbidden, an unreachable Etsy unavailable", async () => {
    expect((await shopError(etsyConnector.getOrder(harness.session({ accessToken: `${harness.userId}.unknown` }), "1"))).kind).toBe("unauthorized");
    setEnv(testEnv(harness.fake.origin, { ETSY_SHARED_SECRET: "not-the-secret" }));
    const forbidden = await shopError(etsyConnector.getOrder(harness.session(), "1"));
    expect(forbidden.kind).toBe("forbidden");
    expect(forbidden.message).toMatch(/Invalid API key/);
    harness.useOrigin("http://127.0.0.1:9");
    expect((await shopError(etsyConnector.getOrder(harness.session(), "1"))).kind).toBe("unavailable");
  });

  it("a token for another shop does not verify as this shop", async () => {
    const other = harness.fake.world.createUserWithShop({ shopName: "Other" });
    const tokens = harness.fake.world.createTokens(other.shop.shop_id, TEST_KEYSTRING);
    const session = harness.session({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    const error = await shopError(etsyConnector.verifyCredentials(session));
    expect(error).toMatchObject({ kind: "rejected", details: { field: "shopId" } });
  });
});

describe("Etsy client: rate limits", () => {
  it("keeps 25 concurrent calls inside Etsy's 10 per second without a single 429", async () => {
    const calls: PlatformCall[] = [];
    const session = { ...harness.session(), onCall: (call: PlatformCall) => void calls.push(call) };
    const listingId = harness.fake.world.createListing(harness.shopId, { title: "Tee", products: [{ sku: "T", price: "10" }] }).listingId;
    const receiptId = String(harness.fake.world.placeReceipt(harness.shopId, { lines: [{ listingId }] }).receipt_id);
    harness.fake.rate.reset();
    const started = performance.now();
    const orders = await Promise.all(Array.from({ length: 25 }, () => etsyConnector.getOrder(session, receiptId)));
    expect(orders.every((order) => order?.externalId === receiptId)).toBe(true);
    expect(calls).toHaveLength(25);
    expect(calls.every((call) => call.outcome === "ok")).toBe(true);
    expect(performance.now() - started).toBeGreaterThan(2000);
  });

  it("gives up with throttled and Etsy's retry-after when the wait would be too long, holding back later calls", async () => {
    let requests = 0;
    await withServer(
      () => {
        requests += 1;
        return { status: 429, headers: { "retry-after": "120" }, body: { error: "You have exceeded your rate limit." } };
      },
      async (origin) => {
        harness.useOrigin(origin);
        const error = await shopError(etsyConnector.getOrder(harness.session(), "1"));
        expect(error).toMatchObject({ kind: "throttled", details: { status: 429, retryAfterMs: 120_000 } });
        expect(error.retryable).toBe(true);
      },
    );
    expect(requests).toBe(1);
  });

  it("uses the injected limiter for every call and reports the daily budget Etsy announced", async () => {
    const memory = new InMemoryEtsyRateLimiter();
    let acquired = 0;
    setEtsyRateLimiter({ acquire: async () => { acquired += 1; return () => {}; }, observe: (observation) => memory.observe(observation), dailyBudget: () => memory.dailyBudget() });
    harness.fake.rate.reset();
    harness.fake.rate.configure({ perDay: 500 });
    await etsyConnector.verifyCredentials(harness.session());
    expect(acquired).toBe(2);
    expect(memory.dailyBudget()).toMatchObject({ limitPerDay: 500, remainingToday: 498 });
    harness.fake.rate.configure({ perDay: 10_000 });
  });

  it("the in-memory limiter refuses at once when Etsy said the day's budget is used up", async () => {
    const limiter = new InMemoryEtsyRateLimiter();
    limiter.observe({ limitPerDay: 10_000, remainingToday: 0 });
    expect(await shopError(limiter.acquire())).toMatchObject({ kind: "throttled" });
  });
});

describe("Etsy client: token refresh", () => {
  function nearExpiry(): EtsyCredentials {
    const tokens = harness.fake.world.createTokens(harness.shopId, TEST_KEYSTRING);
    return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(Date.now() + 60_000).toISOString() };
  }

  it("refreshes once for concurrent calls and saves the rotated pair before using it", async () => {
    const saved: EtsyCredentials[] = [];
    const credentials = nearExpiry();
    const session = harness.session(credentials, saved);
    const results = await Promise.all(Array.from({ length: 5 }, () => etsyConnector.getOrder(session, "1")));
    expect(results).toEqual([null, null, null, null, null]);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).not.toBe(credentials.refreshToken);
    expect(Date.parse(saved[0]?.expiresAt ?? "")).toBeGreaterThan(Date.now() + 3000_000);
    expect(harness.fake.world.useRefreshToken(credentials.refreshToken, TEST_KEYSTRING)).toBeNull();
  });

  it("a failed save stops the call before the rotated token is used", async () => {
    const session = { ...harness.session(nearExpiry()), saveCredentials: async () => Promise.reject(new Error("database down")) };
    const before = harness.fake.requestCount(harness.userId);
    await expect(etsyConnector.getOrder(session, "1")).rejects.toThrow("database down");
    expect(harness.fake.requestCount(harness.userId)).toBe(before);
  });

  it("a refresh token Etsy refuses makes the store expired, with how to reconnect", async () => {
    const credentials = nearExpiry();
    harness.fake.world.revokeToken(credentials.refreshToken);
    const error = await shopError(etsyConnector.getOrder(harness.session(credentials), "1"));
    expect(error.kind).toBe("expired");
    expect(error.message).toMatch(/connect the Etsy shop again/);
  });
});
