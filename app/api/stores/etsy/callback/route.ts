import type { NextRequest } from "next/server";
import type { NextResponse } from "next/server";
import { currentSessionContext } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { completeEtsyOAuth, isEtsyConnectFailure } from "@/lib/services/etsy-oauth";
import { redirectTo, storesPath } from "../../shopify/oauth-cookie";
import { clearEtsyCookie, etsyCookieName, readEtsyCookie } from "../etsy-cookie";

export const dynamic = "force-dynamic";

// GET /api/stores/etsy/callback – Etsy's redirect after the seller grants access
export async function GET(request: NextRequest): Promise<NextResponse> {
  const signedIn = await currentSessionContext();
  if (!signedIn) return redirectTo("/sign-in", { callbackUrl: "/portal/stores" });
  const { ctx, user, sessionId } = signedIn;
  const cookie = readEtsyCookie(request.cookies.get(etsyCookieName())?.value);
  const customerId = user.kind === "customer" ? user.customerId : (cookie?.customerId ?? null);
  const finish = (response: NextResponse) => {
    clearEtsyCookie(response);
    return response;
  };
  if (!customerId) return finish(redirectTo("/customers"));
  try {
    const store = await completeEtsyOAuth({
      ctx,
      customerId,
      query: request.nextUrl.searchParams,
      expectedState: cookie && cookie.customerId === customerId ? cookie.state : undefined,
      session: { userId: user.id, sessionId },
    });
    return finish(redirectTo(storesPath(user, customerId, store.id), { connected: "etsy" }));
  } catch (error) {
    if (!isAppError(error)) {
      getLogger().error({ err: error, customerId }, "Etsy connection failed");
      return finish(redirectTo(storesPath(user, customerId), { error: "etsy_failed" }));
    }
    ctx.log.warn({ customerId, reason: error.reason, message: error.message }, "Etsy connection refused");
    return finish(redirectTo(storesPath(user, customerId), { error: isEtsyConnectFailure(error.reason) ? error.reason : "etsy_failed" }));
  }
}
