import { exchangeCode, isSameState, validateCallback } from "@/connectors/shopify/auth";
import type { ShopifyCredentials } from "@/connectors/types";
import type { ServiceContext } from "../context";
import { claimToken } from "../auth/links";
import { connectStore } from "../stores/connect";
import { authorizeConnect, connectFailure, connectOrExplain, type SharedConnectReasons } from "../stores/connect-failure";
import { isShopError } from "../stores/shop-errors";
import type { StoreView } from "../stores/schemas";
import { isShopifyOAuthConfigured } from "./begin";
import { stateHash } from "./state";
import type { ShopifyConnectFailure } from "./schemas";

const reasons: SharedConnectReasons<ShopifyConnectFailure> = { taken: "taken", forbidden: "forbidden", unavailable: "unavailable", failed: "failed" };
const failure = (reason: ShopifyConnectFailure, message: string, cause?: unknown) => connectFailure(reasons, reason, message, cause);

/**
 * Finishes a Shopify OAuth install: checks the callback (hmac, timestamp, shop), that its `state`
 * is the one this browser was given and was issued to this session, shop and customer (used up
 * here, once), exchanges the code for an expiring offline token and connects the store.
 * Failures are AppErrors whose `reason` is a ShopifyConnectFailure.
 */
export async function completeShopifyOAuth({
  ctx,
  customerId,
  query,
  expectedState,
  session,
}: {
  ctx: ServiceContext;
  customerId: string;
  query: URLSearchParams;
  /** The state this browser was given when the install started (its HttpOnly cookie). */
  expectedState: string | undefined;
  session: { userId: string; sessionId: string };
}): Promise<StoreView> {
  if (!isShopifyOAuthConfigured()) throw failure("not_configured", "Shopify OAuth is not configured");
  const check = validateCallback(query);
  if (!check.ok) throw failure("bad_callback", `Shopify callback refused: ${check.reason}`);
  if (!expectedState || !isSameState(check.state, expectedState)) throw failure("state", "The state is not the one this browser was given");
  const claimed = await claimToken(ctx.db, {
    tokenHash: stateHash({ state: check.state, shop: check.shop, customerId, sessionId: session.sessionId }),
    purpose: "shop_oauth",
    userId: session.userId,
  });
  if (!claimed) throw failure("state", "The state is unknown, used, expired, or was issued to another session, shop or customer");
  authorizeConnect(ctx, customerId, reasons);

  let credentials: ShopifyCredentials;
  try {
    credentials = await exchangeCode(check.shop, check.code);
  } catch (error) {
    if (!isShopError(error)) throw error;
    throw failure(error.retryable ? "unavailable" : "refused", `The code exchange failed: ${error.message}`, error);
  }
  return connectOrExplain(reasons, () =>
    connectStore({ ctx, customerId, input: { platform: "shopify", shopDomain: check.shop, accessToken: credentials.accessToken }, oauthCredentials: credentials }),
  );
}
