import type { NextRequest } from "next/server";
import type { NextResponse } from "next/server";
import { currentSessionContext } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { completeShopifyOAuth, isShopifyConnectFailure } from "@/lib/services/shopify-oauth";
import { clearOauthCookie, oauthCookieName, readOauthCookie, redirectTo, storesPath } from "../oauth-cookie";

export const dynamic = "force-dynamic";

// GET /api/stores/shopify/callback – Shopify's redirect after the merchant installs the app
export async function GET(request: NextRequest): Promise<NextResponse> {
  const signedIn = await currentSessionContext();
  if (!signedIn) return redirectTo("/sign-in", { callbackUrl: "/portal/stores" });
  const { ctx, user, sessionId } = signedIn;
  const cookie = readOauthCookie(request.cookies.get(oauthCookieName())?.value);
  const customerId = user.kind === "customer" ? user.customerId : (cookie?.customerId ?? null);
  const finish = (response: NextResponse) => {
    clearOauthCookie(response);
    return response;
  };
  if (!customerId) return finish(redirectTo("/customers"));
  try {
    const store = await completeShopifyOAuth({
      ctx,
      customerId,
      query: request.nextUrl.searchParams,
      expectedState: cookie && cookie.customerId === customerId ? cookie.state : undefined,
      session: { userId: user.id, sessionId },
    });
    return finish(redirectTo(storesPath(user, customerId, store.id), { connected: "shopify" }));
  } catch (error) {
    if (!isAppError(error)) {
      getLogger().error({ err: error, customerId }, "Shopify connection failed");
      return finish(redirectTo(storesPath(user, customerId), { error: "failed" }));
    }
    ctx.log.warn({ customerId, reason: error.reason, message: error.message }, "Shopify connection refused");
    const shop = request.nextUrl.searchParams.get("shop") ?? "";
    return finish(redirectTo(storesPath(user, customerId), { error: isShopifyConnectFailure(error.reason) ? error.reason : "failed", shop: shop.slice(0, 200) }));
  }
}
