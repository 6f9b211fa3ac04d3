import "server-only";
import { exchangeCode, isSameState, readCallback, readShopId } from "@/connectors/etsy";
import type { EtsyCredentials } from "@/connectors/types";
import type { ServiceContext } from "../context";
import { claimToken } from "../auth/links";
import { connectStore } from "../stores/connect";
import { authorizeConnect, connectFailure, connectOrExplain, type SharedConnectReasons } from "../stores/connect-failure";
import { isShopError } from "../stores/shop-errors";
import { adoptSharedEtsyRateLimiter } from "../stores/etsy-rate";
import type { StoreView } from "../stores/schemas";
import { etsyCallbackUrl, etsyCodeVerifier, etsyStateHash, isEtsyOAuthConfigured } from "./begin";
import type { EtsyConnectFailure } from "./schemas";

const reasons: SharedConnectReasons<EtsyConnectFailure> = { taken: "etsy_taken", forbidden: "etsy_forbidden", unavailable: "etsy_unavailable", failed: "etsy_failed" };
const failure = (reason: EtsyConnectFailure, message: string, cause?: unknown) => connectFailure(reasons, reason, message, cause);

/**
 * Finishes an Etsy connection: the callback's `state` must be the one this browser was given and
 * issued to this session and customer (used up here, once); the code is exchanged with the
 * server-held PKCE verifier, `users/me` names the shop, and the store is connected with the
 * token pair. Failures are AppErrors whose `reason` is an EtsyConnectFailure.
 */
export async function completeEtsyOAuth({
  ctx,
  customerId,
  query,
  expectedState,
  session,
}: {
  ctx: ServiceContext;
  customerId: string;
  query: URLSearchParams;
  expectedState: string | undefined;
  session: { userId: string; sessionId: string };
}): Promise<StoreView> {
  if (!isEtsyOAuthConfigured()) throw failure("etsy_not_configured", "Etsy OAuth is not configured");
  adoptSharedEtsyRateLimiter();
  const check = readCallback(query);
  const state = check.ok ? check.state : (query.get("state") ?? "");
  if (!expectedState || !state || !isSameState(state, expectedState)) throw failure("etsy_state", "The state is not the one this browser was given");
  const claimed = await claimToken(ctx.db, { tokenHash: etsyStateHash({ state, customerId, sessionId: session.sessionId }), purpose: "etsy_oauth", userId: session.userId });
  if (!claimed) throw failure("etsy_state", "The state is unknown, used, expired, or was issued to another session or customer");
  if (!check.ok) throw failure(check.denied ? "etsy_denied" : "etsy_bad_callback", `Etsy callback: ${check.reason}`);
  authorizeConnect(ctx, customerId, reasons);

  let credentials: EtsyCredentials;
  let shopId: string;
  try {
    credentials = await exchangeCode({ code: check.code, codeVerifier: etsyCodeVerifier(state), redirectUri: etsyCallbackUrl() });
    shopId = await readShopId(credentials, async (next) => {
      credentials = next;
    });
  } catch (error) {
    if (!isShopError(error)) throw error;
    if (error.kind === "rejected" && error.details.field === "shopId") throw failure("etsy_no_shop", error.message, error);
    throw failure(error.retryable ? "etsy_unavailable" : "etsy_refused", `The code exchange failed: ${error.message}`, error);
  }
  return connectOrExplain(reasons, () =>
    connectStore({ ctx, customerId, input: { platform: "etsy", shopId, accessToken: credentials.accessToken, refreshToken: credentials.refreshToken, expiresAt: credentials.expiresAt } }),
  );
}
