import { authTokens } from "@/db/schema";
import { buildAuthorizeUrl, configuredScopes, normalizeShopDomain } from "@/connectors/shopify/auth";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/crypto";
import type { ServiceContext } from "../context";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeStoreChange } from "../stores/access";
import { linkLifetimeMs } from "../auth/links";
import { stateHash } from "./state";

export function shopifyCallbackUrl(): string {
  return `${getEnv().APP_URL}/api/stores/shopify/callback`;
}

export function isShopifyOAuthConfigured(): boolean {
  const env = getEnv();
  return Boolean(env.SHOPIFY_API_KEY && env.SHOPIFY_API_SECRET && configuredScopes().length > 0);
}

/**
 * Starts a Shopify OAuth install for a customer: a single-use `state` (256 random bits) bound to
 * the signed-in session, the shop and the customer, kept as a hash for 10 minutes; the answer is
 * Shopify's grant screen to send the browser to.
 */
export async function beginShopifyOAuth({
  ctx,
  customerId,
  shop,
  session,
}: {
  ctx: ServiceContext;
  customerId: string;
  shop: string;
  session: { userId: string; sessionId: string };
}): Promise<{ url: string; state: string; shop: string }> {
  authorizeStoreChange(ctx, customerId);
  await getCustomerRowOrThrow(ctx, customerId);
  const domain = normalizeShopDomain(shop);
  if (!domain) throw new AppError("validation_failed", "Not a Shopify shop address", { reason: "bad_shop", details: [{ path: "shop", message: "enter acme, acme.myshopify.com or the shop's admin URL" }] });
  if (!isShopifyOAuthConfigured()) throw new AppError("unavailable", "Shopify OAuth is not configured", { reason: "not_configured" });
  const state = randomToken(32);
  await ctx.db.insert(authTokens).values({
    tokenHash: stateHash({ state, shop: domain, customerId, sessionId: session.sessionId }),
    userId: session.userId,
    purpose: "shop_oauth",
    expiresAt: new Date(Date.now() + linkLifetimeMs.shop_oauth),
  });
  return { url: buildAuthorizeUrl({ shop: domain, state, redirectUri: shopifyCallbackUrl() }), state, shop: domain };
}
