import "server-only";
import { exchangeCode, isSameState, readCallback, readShopId } from "@/connectors/etsy";
import type { EtsyCredentials } from "@/connectors/types";
import { AppError, isAppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { claimToken } from "../auth/links";
import { authorizeStoreChange } from "../stores/access";
import { connectStore } from "../stores/connect";
import { isShopError } from "../stores/shop-errors";
import { adoptSharedEtsyRateLimiter } from "../stores/etsy-rate";
import type { StoreView } from "../stores/schemas";
import { etsyCallbackUrl, etsyCodeVerifier, etsyStateHash, isEtsyOAuthConfigured } from "./begin";
import type { EtsyConnectFailure } from "./schemas";

function failure(reason: EtsyConnectFailure, message: string, cause?: unknown): AppError {
  const code = reason === "etsy_taken" ? "conflict" : reason === "etsy_forbidden" ? "forbidden" : reason === "etsy_unavailable" ? "upstream_unavailable" : "bad_request";
  return new AppError(code, message, { reason, cause });
}

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
  try {
    authorizeStoreChange(ctx, customerId);
  } catch (error) {
    throw failure("etsy_forbidden", "Not allowed to connect stores for this customer", error);
  }

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
  try {
    return await connectStore({ ctx, customerId, input: { platform: "etsy", shopId, accessToken: credentials.accessToken, refreshToken: credentials.refreshToken, expiresAt: credentials.expiresAt } });
  } catch (error) {
    if (!isAppError(error)) throw error;
    switch (error.code) {
      case "conflict":
        throw failure("etsy_taken", error.message, error);
      case "forbidden":
        throw failure("etsy_forbidden", error.message, error);
      case "upstream_unavailable":
        throw failure("etsy_unavailable", error.message, error);
      default:
        throw failure("etsy_failed", error.message, error);
    }
  }
}
