import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ShopError, type EtsyCredentials } from "../types";
import { appCredentials, etsyOrigins, etsyRequest, requestToken, type EtsySession } from "./client";
import { etsyMeSchema } from "./schemas";

// OAuth 2.0 authorization code with PKCE (S256), platforms.md §2.1: the connect URL, the code exchange with
// the verifier, and users/me for the shop the token belongs to.

export const ETSY_SCOPES = ["transactions_r", "transactions_w", "listings_r", "listings_w", "shops_r"] as const;

export type PkcePair = { verifier: string; challenge: string };

/** challenge = base64url(SHA-256(verifier)) without padding (RFC 7636). */
export function codeChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** A 64-character verifier from `[A-Za-z0-9-_]` (within RFC 7636's 43–128 of `[A-Za-z0-9-._~]`) and its challenge. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: codeChallenge(verifier) };
}

/** Where to send the seller: Etsy's grant page, asking for Inkbridge's scopes. */
export function buildConnectUrl(input: { state: string; redirectUri: string; codeChallenge: string }): string {
  const { keystring } = appCredentials();
  const query = new URLSearchParams({
    response_type: "code",
    client_id: keystring,
    redirect_uri: input.redirectUri,
    scope: ETSY_SCOPES.join(" "),
    state: input.state,
    code_challenge: input.codeChallenge,
    code_challenge_method: "S256",
  });
  return `${etsyOrigins().www}/oauth/connect?${query.toString().replace(/\+/g, "%20")}`;
}

export type CallbackCheck = { ok: true; code: string; state: string } | { ok: false; reason: string; denied: boolean };

/** Reads the callback query: a code and state, or Etsy's denial (`error=access_denied`). */
export function readCallback(query: URLSearchParams): CallbackCheck {
  const error = query.get("error");
  if (error) return { ok: false, reason: query.get("error_description") ?? error, denied: error === "access_denied" };
  const code = query.get("code");
  const state = query.get("state");
  if (!code || !state) return { ok: false, reason: "missing code or state", denied: false };
  return { ok: true, code, state };
}

/** Compares the callback's state with the one this browser was given, in constant time. */
export function isSameState(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Exchanges the callback's code (with the verifier kept for this browser) for an access and refresh token. */
export function exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<EtsyCredentials> {
  return requestToken({ grant: "authorization_code", ...input });
}

/** users/me: the shop of the seller who granted the token; a member without a shop cannot be connected. */
export async function readShopId(credentials: EtsyCredentials, saveCredentials: (next: EtsyCredentials) => Promise<void> = async () => {}): Promise<string> {
  const session: EtsySession = { storeId: "etsy-connect", platform: "etsy", identity: "", credentials, saveCredentials, webhookUrl: "" };
  const me = await etsyRequest(session, { operation: "getMe", method: "GET", path: "/users/me" }, etsyMeSchema);
  if (!me.shop_id) throw new ShopError("rejected", "This Etsy account has no shop: open a shop on Etsy, then connect again", { field: "shopId" });
  return String(me.shop_id);
}
