import { authTokens } from "@/db/schema";
import { buildAuthorizeUrl, normalizeSiteUrl } from "@/connectors/woocommerce";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { randomToken } from "@/lib/crypto";
import type { ServiceContext } from "../context";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeStoreChange } from "../stores/access";
import { linkLifetimeMs } from "../auth/links";
import { encodeKeyToken, keyTokenHash } from "./token";

export function wooKeysCallbackUrl(): string {
  return `${getEnv().APP_URL}/api/stores/woocommerce/keys`;
}

/**
 * Starts WooCommerce's key delegation (`wc-auth`) for a customer: a single-use `user_id` bound to
 * the customer and the site URL, kept as a hash for 30 minutes (the key POST names neither), and
 * the site's grant screen to send the browser to. `returnPath` is the Stores page it came from.
 */
export async function beginWooKeyFlow({
  ctx,
  customerId,
  siteUrl,
  userId,
  returnPath,
}: {
  ctx: ServiceContext;
  customerId: string;
  siteUrl: string;
  /** The signed-in user who starts it: the keys are stored in their name. */
  userId: string;
  returnPath: string;
}): Promise<{ url: string; userId: string; siteUrl: string }> {
  authorizeStoreChange(ctx, customerId);
  await getCustomerRowOrThrow(ctx, customerId);
  const site = siteUrl.trim() && siteUrl.length <= 500 ? normalizeSiteUrl(siteUrl) : null;
  if (!site) throw new AppError("validation_failed", "Not a site address", { reason: "bad_site", details: [{ path: "siteUrl", message: "enter the site's address, like https://shop.example.com" }] });
  const token = encodeKeyToken({ random: randomToken(32), customerId, siteUrl: site });
  await ctx.db.insert(authTokens).values({ tokenHash: keyTokenHash(token), userId, purpose: "woo_keys", expiresAt: new Date(Date.now() + linkLifetimeMs.woo_keys) });
  const returnUrl = new URL(returnPath, getEnv().APP_URL);
  returnUrl.searchParams.set("woocommerce", "returned");
  const url = buildAuthorizeUrl({ siteUrl: site, appName: "Inkbridge", userId: token, returnUrl: returnUrl.toString(), callbackUrl: wooKeysCallbackUrl() });
  return { url, userId: token, siteUrl: site };
}
