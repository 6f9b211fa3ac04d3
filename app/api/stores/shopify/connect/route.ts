import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { currentSessionContext } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";
import { beginShopifyOAuth, isShopifyConnectFailure } from "@/lib/services/shopify-oauth";
import { isCustomerId, redirectTo, setOauthCookie, storesPath } from "../oauth-cookie";

export const dynamic = "force-dynamic";

// GET /api/stores/shopify/connect?shop={shop}[&customerId=] – start a Shopify OAuth install
export async function GET(request: NextRequest): Promise<NextResponse> {
  const signedIn = await currentSessionContext();
  if (!signedIn) return redirectTo("/sign-in", { callbackUrl: "/portal/stores" });
  const { ctx, user, sessionId } = signedIn;
  const requested = request.nextUrl.searchParams.get("customerId");
  const customerId = user.kind === "customer" ? user.customerId : isCustomerId(requested) ? requested : null;
  if (!customerId) return redirectTo("/customers");
  const shop = request.nextUrl.searchParams.get("shop") ?? "";
  const back = storesPath(user, customerId);
  try {
    const started = await beginShopifyOAuth({ ctx, customerId, shop, session: { userId: user.id, sessionId } });
    const response = NextResponse.redirect(started.url, 302);
    setOauthCookie(response, started.state, customerId);
    return response;
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "not_found") return redirectTo(user.kind === "customer" ? "/portal/stores" : "/customers");
    const reason = isShopifyConnectFailure(error.reason) ? error.reason : error.code === "forbidden" ? "forbidden" : "failed";
    return redirectTo(back, { error: reason, shop: shop.slice(0, 200) });
  }
}
