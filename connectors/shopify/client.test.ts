import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopError, type PlatformCall, type ShopifyCredentials } from "../types";
import { buildAuthorizeUrl, exchangeCode, validateCallback } from "./auth";
import { shopifyConnector } from "./index";
import { startConnectorFake, type ConnectorFake } from "./testing";

const shop = "client-test.myshopify.com";
let harness: ConnectorFake;
let variantId: number;

beforeAll(async () => {
  harness = await startConnectorFake(shop);
  variantId = harness.fake.shops.createProduct(shop, { title: "Mug", variants: [{ sku: "MUG", price: "12" }] }).variantIds[0] as number;
});
afterAll(() => harness.close());

async function failure(promise: Promise<unknown>): Promise<ShopError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ShopError)) throw new Error(`expected a ShopError, got ${String(error)}`);
  return error;
}

// A stand-in for Shopify that answers every request with what `answer` says.
async function withServer(answer: (count: number) => { status: number; body: string; headers?: Record<string, string> }, run: (origin: string) => Promise<void>): Promise<number> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      const { status, body, headers } = answer(count);
      res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    harness.useOrigin(`http://127.0.0.1:${(server.address() as AddressInfo).port}/{shop}`);
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    harness.useOrigin(harness.fake.origin);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return count;
}

async function oauthCredentials(): Promise<ShopifyCredentials> {
  const response = await fetch(buildAuthorizeUrl({ shop, state: "s1", redirectUri: "http://127.0.0.1:9/callback" }), { redirect: "manual" });
  const check = validateCallback(new URL(response.headers.get("location") as string).searchParams);
  if (!check.ok) throw new Error(check.reason);
  return exchangeCode(check.shop, check.code);
}

describe("Shopify client errors", () => {
  it("maps ACCESS_DENIED (a missing scope) to forbidden", async () => {
    const order = harness.fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], financialStatus: "PAID" });
    const session = harness.session({ accessToken: harness.fake.shops.createAccessToken(shop, { scopes: ["read_products"] }) });
    const error = await failure(shopifyConnector.getOrder(session, String(order.id)));
    expect(error.kind).toBe("forbidden");
    expect(error.details.platformCode).toBe("ACCESS_DENIED");
  });

  it("maps an unreachable shop to unavailable and reports the call as an error", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    harness.useOrigin(`http://127.0.0.1:${port}/{shop}`);
    const calls: PlatformCall[] = [];
    try {
      const error = await failure(shopifyConnector.verifyCredentials({ ...harness.session({ accessToken: "shpat_x" }), onCall: (call) => void calls.push(call) }));
      expect(error.kind).toBe("unavailable");
      expect(error.retryable).toBe(true);
    } finally {
      harness.useOrigin(harness.fake.origin);
    }
    expect(calls).toEqual([expect.objectContaining({ platform: "shopify", operation: "InkbridgeShop", outcome: "error" })]);
  });

  it("maps a 5xx, a non-JSON answer and an answer of the wrong shape to unavailable, never a crash", async () => {
    const answers = [
      { status: 503, body: "{}" },
      { status: 200, body: "<html>maintenance</html>" },
      { status: 200, body: JSON.stringify({ data: { shop: { name: 42 } } }) },
      { status: 200, body: JSON.stringify({ errors: 17 }) },
    ];
    for (const answer of answers) {
      await withServer(
        () => answer,
        async () => {
          const error = await failure(shopifyConnector.verifyCredentials(harness.session({ accessToken: "shpat_x" })));
          expect(error.kind, answer.body).toBe("unavailable");
        },
      );
    }
  });

  it("waits out a 429 with Retry-After and then succeeds", async () => {
    const requests = await withServer(
      (count) => (count === 1 ? { status: 429, body: JSON.stringify({ errors: "Throttled" }), headers: { "Retry-After": "0.2" } } : { status: 200, body: JSON.stringify({ data: { shop: { name: "Acme", myshopifyDomain: shop } } }) }),
      async () => {
        const started = Date.now();
        expect(await shopifyConnector.verifyCredentials(harness.session({ accessToken: "shpat_x" }))).toEqual({ name: "Acme", identity: shop });
        expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      },
    );
    expect(requests).toBe(2);
  });

  it("refuses a shop identity that is not a myshopify.com domain before any request", async () => {
    const error = await failure(shopifyConnector.verifyCredentials({ ...harness.session(), identity: "evil.example.com" }));
    expect(error.kind).toBe("rejected");
  });

  it("maps mutation userErrors to rejected with the field", async () => {
    const session = { ...harness.session(), webhookUrl: "http://example.com/api/webhooks/shopify" };
    const error = await failure(shopifyConnector.ensureWebhooks(session));
    expect(error.kind).toBe("rejected");
    expect(error.message).toContain("http://");
    expect(error.details.field).toBe("webhookSubscription.uri");
  });
});

describe("Shopify cost budget", () => {
  it("spaces requests by the bucket it learned instead of running into THROTTLED", async () => {
    // 25 lines with an address: the order's actual cost is its full requested 80 points, nothing is refunded.
    const product = harness.fake.shops.createProduct(shop, { title: "Poster", variants: Array.from({ length: 25 }, (_, index) => ({ sku: `P-${index}`, price: "9", options: { Size: `S${index}` } })) });
    const order = harness.fake.shops.placeOrder(shop, { lineItems: product.variantIds.map((id) => ({ variantId: id, quantity: 1 })), shippingAddress: { address1: "1 Road", city: "Berlin", countryCode: "DE" }, shippingLine: { title: "Standard" }, financialStatus: "PAID" });
    harness.fake.shops.setThrottle(shop, { capacity: 100, restoreRate: 400, currentlyAvailable: 100 });
    try {
      const session = harness.session();
      await shopifyConnector.verifyCredentials(session);
      const before = harness.fake.shops.graphqlRequests(shop).length;
      const started = Date.now();
      // Six orders at 80 requested points each through a 100-point bucket that restores 400 per second.
      const orders = await Promise.all(Array.from({ length: 6 }, () => shopifyConnector.getOrder(session, String(order.id))));
      expect(orders.every((read) => read?.externalId === String(order.id))).toBe(true);
      const requests = harness.fake.shops.graphqlRequests(shop).slice(before);
      expect(requests).toHaveLength(6);
      expect(requests.flatMap((request) => request.errorCodes)).toEqual([]);
      // Without the budget, five of the six would have met an empty bucket; with it they waited their turn.
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    } finally {
      harness.fake.shops.setThrottle(shop, { capacity: 2000, restoreRate: 100, currentlyAvailable: 2000 });
    }
  });

  it("gives up with ShopError throttled when Shopify keeps throttling", async () => {
    const throttled = JSON.stringify({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { requestedQueryCost: 1, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 } } } });
    const requests = await withServer(
      () => ({ status: 200, body: throttled }),
      async () => {
        const error = await failure(shopifyConnector.verifyCredentials(harness.session({ accessToken: "shpat_x" })));
        expect(error.kind).toBe("throttled");
        expect(error.retryable).toBe(true);
      },
    );
    expect(requests).toBeGreaterThan(1);
  });
});

describe("Shopify token refresh", () => {
  it("refreshes once for concurrent calls and uses the saved credentials", async () => {
    const credentials = await oauthCredentials();
    expect(credentials).toMatchObject({ accessToken: expect.stringMatching(/^shpua_/), refreshToken: expect.stringMatching(/^shprt_/) });
    const saved: ShopifyCredentials[] = [];
    // The token says it runs out in a minute: inside the five-minute margin.
    const session = harness.session({ ...credentials, accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString() }, saved);
    await Promise.all([shopifyConnector.verifyCredentials(session), shopifyConnector.verifyCredentials(session), shopifyConnector.verifyCredentials(session)]);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).not.toBe(credentials.refreshToken);
    expect(session.credentials).toEqual(saved[0]);
    expect(Date.parse(saved[0]?.accessTokenExpiresAt as string)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it("does not refresh a token far from expiry, nor a custom-app token", async () => {
    const saved: ShopifyCredentials[] = [];
    await shopifyConnector.verifyCredentials(harness.session({ ...(await oauthCredentials()) }, saved));
    await shopifyConnector.verifyCredentials(harness.session({}, saved));
    expect(saved).toEqual([]);
  });

  it("raises expired without asking Shopify when the refresh token itself has run out", async () => {
    const credentials = await oauthCredentials();
    const session = harness.session({ ...credentials, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(), refreshTokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    const error = await failure(shopifyConnector.verifyCredentials(session));
    expect(error.kind).toBe("expired");
  });
});
