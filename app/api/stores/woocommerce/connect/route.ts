import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { currentSessionContext } from "@/lib/auth/guards";
import { isAppError } from "@/lib/errors";
import { beginWooKeyFlow } from "@/lib/services/woocommerce-keys";
import { isCustomerId, redirectTo, storesPath } from "../../shopify/oauth-cookie";

export const dynamic = "force-dynamic";

// GET /api/stores/woocommerce/connect?siteUrl={siteUrl}[&customerId=] – start WooCommerce's key flow (wc-auth)
export async function GET(request: NextRequest): Promise<NextResponse> {
  const signedIn = await currentSessionContext();
  if (!signedIn) return redirectTo("/sign-in", { callbackUrl: "/portal/stores" });
  const { ctx, user } = signedIn;
  const requested = request.nextUrl.searchParams.get("customerId");
  const customerId = user.kind === "customer" ? user.customerId : isCustomerId(requested) ? requested : null;
  if (!customerId) return redirectTo("/customers");
  const siteUrl = request.nextUrl.searchParams.get("siteUrl") ?? "";
  const back = storesPath(user, customerId);
  try {
    const started = await beginWooKeyFlow({ ctx, customerId, siteUrl, userId: user.id, returnPath: back });
    return NextResponse.redirect(started.url, 302);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "not_found") return redirectTo(user.kind === "customer" ? "/portal/stores" : "/customers");
    const reason = error.reason === "bad_site" ? "bad_site" : error.code === "forbidden" ? "forbidden" : "failed";
    return redirectTo(back, { woocommerce: "error", error: reason, siteUrl: siteUrl.slice(0, 200) });
  }
}
