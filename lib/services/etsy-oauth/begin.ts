import "server-only";
import { createHmac } from "node:crypto";
import { authTokens } from "@/db/schema";
import { buildConnectUrl, codeChallenge } from "@/connectors/etsy";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomToken, sha256Hex } from "@/lib/crypto";
import type { ServiceContext } from "../context";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeStoreChange } from "../stores/access";
import { linkLifetimeMs } from "../auth/links";

export function etsyCallbackUrl(): string {
  return `${getEnv().APP_URL}/api/stores/etsy/callback`;
}

export function isEtsyOAuthConfigured(): boolean {
  const env = getEnv();
  return Boolean(env.ETSY_KEYSTRING && env.ETSY_SHARED_SECRET);
}

/** What `auth_tokens` keeps of an Etsy OAuth state: its hash with the session and customer it is bound to. */
export function etsyStateHash(input: { state: string; customerId: string; sessionId: string }): string {
  return sha256Hex(`etsy|${input.state}|${input.customerId}|${input.sessionId}`);
}

/** The PKCE verifier of a state: derived with a server key, so it never leaves the server and needs no storage. */
export function etsyCodeVerifier(state: string): string {
  const env = getEnv();
  const key = env.AUTH_SECRET ?? env.ENCRYPTION_KEY ?? env.ETSY_SHARED_SECRET ?? "";
  return createHmac("sha256", key).update(`etsy-pkce|${state}`).digest("base64url");
}

/**
 * Starts an Etsy connection for a customer: a single-use `state` (256 random bits) bound to the
 * signed-in session and the customer, kept as a hash for 10 minutes; the PKCE (S256) verifier is
 * derived from it on the server. The answer is Etsy's grant page to send the browser to.
 */
export async function beginEtsyOAuth({
  ctx,
  customerId,
  session,
}: {
  ctx: ServiceContext;
  customerId: string;
  session: { userId: string; sessionId: string };
}): Promise<{ url: string; state: string }> {
  authorizeStoreChange(ctx, customerId);
  await getCustomerRowOrThrow(ctx, customerId);
  if (!isEtsyOAuthConfigured()) throw new AppError("unavailable", "Etsy OAuth is not configured", { reason: "etsy_not_configured" });
  const state = randomToken(32);
  await ctx.db.insert(authTokens).values({
    tokenHash: etsyStateHash({ state, customerId, sessionId: session.sessionId }),
    userId: session.userId,
    purpose: "etsy_oauth",
    expiresAt: new Date(Date.now() + linkLifetimeMs.etsy_oauth),
  });
  return { url: buildConnectUrl({ state, redirectUri: etsyCallbackUrl(), codeChallenge: codeChallenge(etsyCodeVerifier(state)) }), state };
}
