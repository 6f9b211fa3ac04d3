import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopError } from "../types";
import { buildAuthorizeUrl, exchangeCode, isSameState, normalizeShopDomain, signCallback, validateCallback } from "./auth";
import { signQuery } from "./fake";
import { startConnectorFake, TEST_API_KEY, TEST_API_SECRET, type ConnectorFake } from "./testing";

const shop = "oauth-test.myshopify.com";
let harness: ConnectorFake;

beforeAll(async () => {
  harness = await startConnectorFake(shop);
});
afterAll(() => harness.close());

async function callback(): Promise<URLSearchParams> {
  const response = await fetch(buildAuthorizeUrl({ shop, state: "state-123", redirectUri: "http://127.0.0.1:9/callback" }), { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") as string).searchParams;
}

describe("Shopify OAuth", () => {
  it("builds the authorize URL for an offline token with SHOPIFY_SCOPES at the configured origin", () => {
    const url = new URL(buildAuthorizeUrl({ shop, state: "abc", redirectUri: "https://portal.example.com/api/stores/shopify/callback" }));
    expect(`${url.origin}${url.pathname}`).toBe(`${harness.fake.url}/${shop}/admin/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: TEST_API_KEY,
      scope: "read_orders,read_products,write_products,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders",
      redirect_uri: "https://portal.example.com/api/stores/shopify/callback",
      state: "abc",
      "grant_options[]": "",
    });
  });

  it("accepts Shopify's signed callback and exchanges the code once for expiring tokens", async () => {
    const params = await callback();
    const check = validateCallback(params);
    expect(check).toEqual({ ok: true, shop, code: params.get("code"), state: "state-123" });
    if (!check.ok) return;
    const credentials = await exchangeCode(check.shop, check.code);
    expect(credentials.accessToken).toMatch(/^shpua_/);
    expect(credentials.refreshToken).toMatch(/^shprt_/);
    expect(Date.parse(credentials.accessTokenExpiresAt as string) - Date.now()).toBeGreaterThan(3500_000);
    expect(Date.parse(credentials.refreshTokenExpiresAt as string) - Date.now()).toBeGreaterThan(80 * 24 * 3600_000);
    expect(credentials.scopes).toContain("read_orders");
    const reuse = await exchangeCode(check.shop, check.code).catch((error: unknown) => error);
    expect(reuse).toBeInstanceOf(ShopError);
    expect((reuse as ShopError).kind).toBe("rejected");
  });

  it("signs the callback exactly as Shopify (and the fake) do", () => {
    const params = { code: "c", shop, state: "a b", timestamp: "1700000000", host: "aG9zdA" };
    expect(signCallback(params, TEST_API_SECRET)).toBe(signQuery(params, TEST_API_SECRET));
  });

  it("refuses a tampered, unsigned, stale, repeated or foreign callback", async () => {
    const good = Object.fromEntries(await callback());
    const resign = (params: Record<string, string>) => ({ ...params, hmac: signQuery(params, TEST_API_SECRET) });
    const now = Number(good.timestamp) * 1000;
    const cases: Array<[string, Record<string, string> | URLSearchParams]> = [
      ["tampered state", { ...good, state: "other" }],
      ["tampered shop", { ...good, shop: "evil.myshopify.com" }],
      ["hmac with one digit changed", { ...good, hmac: (good.hmac as string).slice(0, -1) + ((good.hmac as string).endsWith("0") ? "1" : "0") }],
      ["no hmac", Object.fromEntries(Object.entries(good).filter(([key]) => key !== "hmac"))],
      ["short hmac", { ...good, hmac: (good.hmac as string).slice(0, 32) }],
      ["other secret", { ...good, hmac: signQuery(good, "wrong-secret") }],
      ["stale timestamp", resign({ ...good, timestamp: String(Number(good.timestamp) - 91) })],
      ["future timestamp", resign({ ...good, timestamp: String(Number(good.timestamp) + 91) })],
      ["not a myshopify.com shop", resign({ ...good, shop: "shop.example.com" })],
      ["no code", resign(Object.fromEntries(Object.entries(good).filter(([key]) => key !== "code")))],
      ["repeated parameter", new URLSearchParams([...Object.entries(good), ["state", "x"]])],
    ];
    for (const [name, query] of cases) expect(validateCallback(query, { now }).ok, name).toBe(false);
    expect(validateCallback(good, { now }).ok).toBe(true);
    expect(validateCallback(good, { now: now + 89_000 }).ok).toBe(true);
  });

  it("compares states in constant time and only equal ones match", () => {
    expect(isSameState("abc", "abc")).toBe(true);
    expect(isSameState("abc", "abd")).toBe(false);
    expect(isSameState("abc", "abcd")).toBe(false);
  });

  it("normalizes what a merchant types as the shop", () => {
    const table: Array<[string, string | null]> = [
      ["acme", "acme.myshopify.com"],
      [" Acme.MyShopify.com ", "acme.myshopify.com"],
      ["https://acme.myshopify.com/admin/orders", "acme.myshopify.com"],
      ["admin.shopify.com/store/acme", "acme.myshopify.com"],
      ["https://admin.shopify.com/store/acme/orders", "acme.myshopify.com"],
      ["acme.myshopify.com.evil.com", null],
      ["evil.com", null],
      ["-acme", null],
      ["", null],
      ["acme.myshopify.com@evil.com", null],
    ];
    for (const [input, expected] of table) expect(normalizeShopDomain(input), input).toBe(expected);
  });
});
