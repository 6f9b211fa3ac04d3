import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConnectUrl, codeChallenge, createPkcePair, ETSY_SCOPES, exchangeCode, readCallback, readShopId } from "./auth";
import { startConnectorFake, TEST_KEYSTRING, type ConnectorFake } from "./testing";

const redirectUri = "http://127.0.0.1:9/api/stores/etsy/callback";
let harness: ConnectorFake;

beforeAll(async () => {
  harness = await startConnectorFake();
});
afterAll(() => harness.close());

async function authorize(challenge: string): Promise<URLSearchParams> {
  const response = await fetch(buildConnectUrl({ state: "state-1", redirectUri, codeChallenge: challenge }), { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") as string).searchParams;
}

describe("Etsy OAuth with PKCE", () => {
  it("makes an RFC 7636 verifier and its S256 challenge", () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(challenge).toBe(codeChallenge(verifier));
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // RFC 7636 appendix B
    expect(codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("the connect URL goes to ETSY_API_ORIGIN/oauth/connect with every PKCE parameter and space-separated scopes", () => {
    const url = new URL(buildConnectUrl({ state: "s", redirectUri, codeChallenge: "c".repeat(43) }));
    expect(`${url.origin}${url.pathname}`).toBe(`${harness.fake.origin}/oauth/connect`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: "code", client_id: TEST_KEYSTRING, redirect_uri: redirectUri, scope: ETSY_SCOPES.join(" "), state: "s", code_challenge: "c".repeat(43), code_challenge_method: "S256" });
    expect(url.search).toContain("scope=transactions_r%20transactions_w");
  });

  it("exchanges the callback's code with the verifier and finds the shop through users/me", async () => {
    const pkce = createPkcePair();
    const callback = readCallback(await authorize(pkce.challenge));
    if (!callback.ok) throw new Error(callback.reason);
    expect(callback.state).toBe("state-1");
    const credentials = await exchangeCode({ code: callback.code, codeVerifier: pkce.verifier, redirectUri });
    expect(credentials.accessToken).toMatch(new RegExp(`^${harness.userId}\\.`));
    expect(Date.parse(credentials.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect(await readShopId(credentials)).toBe(String(harness.shopId));
  });

  it("a wrong verifier or a used code is refused; a denial is read as such", async () => {
    const pkce = createPkcePair();
    const callback = readCallback(await authorize(pkce.challenge));
    if (!callback.ok) throw new Error(callback.reason);
    await expect(exchangeCode({ code: callback.code, codeVerifier: createPkcePair().verifier, redirectUri })).rejects.toMatchObject({ kind: "rejected", details: { platformCode: "invalid_grant" } });
    await expect(exchangeCode({ code: callback.code, codeVerifier: pkce.verifier, redirectUri })).rejects.toMatchObject({ kind: "rejected" });
    expect(readCallback(new URLSearchParams({ error: "access_denied", error_description: "The user denied the request", state: "s" }))).toEqual({ ok: false, reason: "The user denied the request", denied: true });
  });

  it("an Etsy account without a shop cannot be connected", async () => {
    const { user, shop } = harness.fake.world.createUserWithShop({ shopName: "Closed" });
    user.shop_id = null;
    const tokens = harness.fake.world.createTokens(shop.shop_id, TEST_KEYSTRING);
    await expect(readShopId({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString() })).rejects.toMatchObject({ kind: "rejected", details: { field: "shopId" } });
  });
});
