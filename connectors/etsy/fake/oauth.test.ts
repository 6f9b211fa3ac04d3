import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEtsyFake, type EtsyFake } from "./index";

const keystring = "oauthkeystring000000000000";
const redirectUri = "https://app.example.com/api/stores/etsy/callback";
let fake: EtsyFake;
let userId = 0;

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function connectQuery(overrides: Record<string, string | null> = {}, challenge = pkce().challenge): URLSearchParams {
  const params: Record<string, string | null> = { response_type: "code", client_id: keystring, redirect_uri: redirectUri, scope: "transactions_r transactions_w listings_r listings_w shops_r", state: "st-1", code_challenge: challenge, code_challenge_method: "S256", ...overrides };
  return new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== null));
}

async function allow(query: URLSearchParams, decision = "allow"): Promise<URL> {
  const form = new URLSearchParams(query);
  form.set("decision", decision);
  const response = await fetch(`${fake.origin}/oauth/connect`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form, redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") as string);
}

function token(form: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  const body = contentType.includes("json") ? JSON.stringify(form) : new URLSearchParams(form).toString();
  return fetch(`${fake.origin}/v3/public/oauth/token`, { method: "POST", headers: { "content-type": contentType }, body });
}

async function codeFor(verifierPair = pkce()): Promise<{ code: string; verifier: string }> {
  const callback = await allow(connectQuery({}, verifierPair.challenge));
  return { code: callback.searchParams.get("code") as string, verifier: verifierPair.verifier };
}

beforeAll(async () => {
  fake = await startEtsyFake({ keystring, sharedSecret: "secret" });
  userId = fake.world.createUserWithShop({ shopName: "OAuthShop" }).user.user_id;
});
afterAll(() => fake.close());

describe("Etsy fake: /oauth/connect", () => {
  it("GET /oauth/connect shows an Allow Access page that posts the request back", async () => {
    const response = await fetch(`${fake.origin}/oauth/connect?${connectQuery()}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Allow Access");
    expect(html).toContain('name="code_challenge"');
    expect(html).toContain("OAuthShop");
  });

  it("Allow redirects to redirect_uri with a code and the state; Cancel with error=access_denied", async () => {
    const allowed = await allow(connectQuery());
    expect(`${allowed.origin}${allowed.pathname}`).toBe(redirectUri);
    expect(allowed.searchParams.get("state")).toBe("st-1");
    expect(allowed.searchParams.get("code")).toMatch(/^[\w-]{20,}$/);
    const denied = await allow(connectQuery(), "deny");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("st-1");
    expect(denied.searchParams.has("code")).toBe(false);
  });

  it("refuses requests without PKCE S256, with an unknown client, an http redirect or an unknown scope", async () => {
    const cases: Array<Record<string, string | null>> = [{ code_challenge_method: "plain" }, { code_challenge_method: null }, { code_challenge: null }, { client_id: "other" }, { redirect_uri: "http://app.example.com/cb" }, { scope: "transactions_r everything" }, { response_type: "token" }, { state: null }];
    for (const overrides of cases) {
      const response = await fetch(`${fake.origin}/oauth/connect?${connectQuery(overrides)}`, { redirect: "manual" });
      expect(response.status, JSON.stringify(overrides)).toBe(400);
    }
  });
});

describe("Etsy fake: POST /v3/public/oauth/token", () => {
  it("exchanges a code with the matching verifier for tokens prefixed with the user id, once", async () => {
    const { code, verifier } = await codeFor();
    const response = await token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: redirectUri, code, code_verifier: verifier });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(body.access_token).toMatch(new RegExp(`^${userId}\\.`));
    expect(body.refresh_token).toMatch(new RegExp(`^${userId}\\.`));
    const again = await token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: redirectUri, code, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a verifier that does not match the challenge, another redirect_uri and a JSON body", async () => {
    const first = await codeFor();
    const wrong = await token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: redirectUri, code: first.code, code_verifier: pkce().verifier });
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    const second = await codeFor();
    const otherRedirect = await token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: "https://elsewhere.example.com/cb", code: second.code, code_verifier: second.verifier });
    expect(otherRedirect.status).toBe(400);
    const third = await codeFor();
    const json = await token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: redirectUri, code: third.code, code_verifier: third.verifier }, "application/json");
    expect(json.status).toBe(400);
  });

  it("rotates refresh tokens: the used one stops working, the new pair works", async () => {
    const { code, verifier } = await codeFor();
    const first = (await (await token({ grant_type: "authorization_code", client_id: keystring, redirect_uri: redirectUri, code, code_verifier: verifier })).json()) as { refresh_token: string };
    const refreshed = await token({ grant_type: "refresh_token", client_id: keystring, refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(first.refresh_token);
    const reused = await token({ grant_type: "refresh_token", client_id: keystring, refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(fake.world.findAccessToken(next.access_token)?.userId).toBe(userId);
    const rotatedAgain = await token({ grant_type: "refresh_token", client_id: keystring, refresh_token: next.refresh_token });
    expect(rotatedAgain.status).toBe(200);
  });
});
