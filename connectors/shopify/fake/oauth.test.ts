import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQuery, startShopifyFake, type ShopifyFake } from "./index";

const apiKey = "test-key";
const apiSecret = "test-secret";
const shop = "acme.myshopify.com";
let clock = Date.now();
let fake: ShopifyFake;

beforeAll(async () => {
  fake = await startShopifyFake({ apiKey, apiSecret, now: () => clock });
  fake.shops.createShop(shop);
});
afterAll(() => fake.close());

const base = () => fake.origin.replace("{shop}", shop);
const authorizeQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ client_id: apiKey, scope: "read_orders,write_merchant_managed_fulfillment_orders", redirect_uri: "http://127.0.0.1:9/callback", state: "nonce-1", "grant_options[]": "", ...extra });

async function installAndGetCode(): Promise<URL> {
  const page = await fetch(`${base()}/admin/oauth/authorize?${authorizeQuery()}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Install app");
  const form = authorizeQuery({ install: "1" });
  const response = await fetch(`${base()}/admin/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") as string);
}

async function exchange(body: Record<string, string>, json = true) {
  const response = await fetch(`${base()}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": json ? "application/json" : "application/x-www-form-urlencoded" },
    body: json ? JSON.stringify(body) : new URLSearchParams(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function shopQuery(token: string) {
  const response = await fetch(`${base()}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Shopify fake OAuth", () => {
  it("redirects with code, host, shop, state, timestamp and a hex HMAC of the sorted query", async () => {
    const redirect = await installAndGetCode();
    const params = Object.fromEntries(redirect.searchParams);
    expect(Object.keys(params).sort()).toEqual(["code", "hmac", "host", "shop", "state", "timestamp"]);
    expect(params.shop).toBe(shop);
    expect(params.state).toBe("nonce-1");
    expect(Buffer.from(params.host as string, "base64").toString()).toBe("admin.shopify.com/store/acme");
    expect(params.hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(signQuery(params, apiSecret)).toBe(params.hmac);
    expect(signQuery({ ...params, state: "tampered" }, apiSecret)).not.toBe(params.hmac);
  });

  it("refuses a wrong client_id, a bad scope, a non-http redirect_uri and a missing state", async () => {
    const cases: Record<string, string>[] = [{ client_id: "other" }, { scope: "read orders" }, { redirect_uri: "javascript:alert(1)" }, { state: "" }];
    for (const extra of cases) {
      const response = await fetch(`${base()}/admin/oauth/authorize?${authorizeQuery(extra)}`);
      expect(response.status, JSON.stringify(extra)).toBe(400);
    }
  });

  it("exchanges a code once: the second use is refused", async () => {
    const code = (await installAndGetCode()).searchParams.get("code") as string;
    const first = await exchange({ client_id: apiKey, client_secret: apiSecret, code });
    expect(first.status).toBe(200);
    expect(first.body.access_token).toMatch(/^shpua_/);
    expect(first.body.scope).toBe("read_orders,write_merchant_managed_fulfillment_orders");
    expect(first.body.refresh_token).toBeUndefined();
    const second = await exchange({ client_id: apiKey, client_secret: apiSecret, code }, false);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_request");
  });

  it("refuses a wrong client secret", async () => {
    const code = (await installAndGetCode()).searchParams.get("code") as string;
    expect((await exchange({ client_id: apiKey, client_secret: "nope", code })).status).toBe(401);
  });

  it("issues expiring tokens that expire, and rotates refresh tokens", async () => {
    const code = (await installAndGetCode()).searchParams.get("code") as string;
    const issued = await exchange({ client_id: apiKey, client_secret: apiSecret, code, expiring: "1" }, false);
    expect(issued.body.expires_in).toBe(3600);
    expect(issued.body.refresh_token).toMatch(/^shprt_/);
    expect(issued.body.refresh_token_expires_in).toBe(90 * 24 * 3600);
    const token = issued.body.access_token as string;
    expect((await shopQuery(token)).status).toBe(200);

    clock += 3601_000;
    const expired = await shopQuery(token);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

    const first = issued.body.refresh_token as string;
    const refreshed = await exchange({ client_id: apiKey, client_secret: apiSecret, grant_type: "refresh_token", refresh_token: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first);
    expect((await shopQuery(refreshed.body.access_token as string)).status).toBe(200);
    // The old refresh token works until its replacement is used, then never again.
    const again = await exchange({ client_id: apiKey, client_secret: apiSecret, grant_type: "refresh_token", refresh_token: first });
    expect(again.status).toBe(200);
    const second = refreshed.body.refresh_token as string;
    expect((await exchange({ client_id: apiKey, client_secret: apiSecret, grant_type: "refresh_token", refresh_token: second })).status).toBe(200);
    expect((await exchange({ client_id: apiKey, client_secret: apiSecret, grant_type: "refresh_token", refresh_token: first })).status).toBe(400);
  });

  it("answers 401 for a revoked token and after uninstall", async () => {
    const token = fake.shops.createAccessToken(shop);
    expect((await shopQuery(token)).status).toBe(200);
    fake.shops.revokeToken(token);
    expect((await shopQuery(token)).status).toBe(401);
    const other = fake.shops.createAccessToken(shop);
    fake.shops.uninstall(shop);
    expect((await shopQuery(other)).status).toBe(401);
  });
});
