import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { currentSessionContext } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";
import { beginEtsyOAuth, isEtsyConnectFailure } from "@/lib/services/etsy-oauth";
import { isCustomerId, redirectTo, storesPath } from "../../shopify/oauth-cookie";
import { setEtsyCookie } from "../etsy-cookie";

export const dynamic = "force-dynamic";

// GET /api/stores/etsy/connect[?customerId=] – start an Etsy connection (OAuth 2.0 with PKCE)
export async function GET(request: NextRequest): Promise<NextResponse> {
  const signedIn = await currentSessionContext();
  if (!signedIn) return redirectTo("/sign-in", { callbackUrl: "/portal/stores" });
  const { ctx, user, sessionId } = signedIn;
  const requested = request.nextUrl.searchParams.get("customerId");
  const customerId = user.kind === "customer" ? user.customerId : isCustomerId(requested) ? requested : null;
  if (!customerId) return redirectTo("/customers");
  try {
    const started = await beginEtsyOAuth({ ctx, customerId, session: { userId: user.id, sessionId } });
    const response = NextResponse.redirect(started.url, 302);
    setEtsyCookie(response, started.state, customerId);
    return response;
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "not_found") return redirectTo(user.kind === "customer" ? "/portal/stores" : "/customers");
    const reason = isEtsyConnectFailure(error.reason) ? error.reason : error.code === "forbidden" ? "etsy_forbidden" : "etsy_failed";
    return redirectTo(storesPath(user, customerId), { error: reason });
  }
}
