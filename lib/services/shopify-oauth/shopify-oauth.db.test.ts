import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { shopifyEnv, startFakeFor } from "@/tests/support/shopify-store";
import { createStorefrontCustomer, customerUserContext } from "@/tests/support/storefront";
import { createStaffUser } from "@/db/factories";
import { authTokens, stores } from "@/db/schema";
import { createContext } from "@/lib/services/context";
import { isAppError } from "@/lib/errors";
import { readCredentials } from "@/lib/services/stores/session";
import type { ShopifyFake } from "@/connectors/shopify/fake";
import { beginShopifyOAuth, completeShopifyOAuth } from ".";

const env = shopifyEnv({ SHOPIFY_SCOPES: "read_orders,read_products,write_products,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders" });
let fake: ShopifyFake;
beforeAll(async () => {
  fake = await startFakeFor(env, { autoApprove: true, autoCreateShops: true });
});
afterAll(async () => {
  await fake?.close();
});
const runtime = useTestRuntime({ env });

/** Follows the authorize URL as the merchant's browser would: the fake approves and redirects to our callback. */
async function approve(url: string): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!).searchParams;
}

async function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => "no error",
    (error: unknown) => (isAppError(error) ? error.reason : String(error)),
  );
}

describe("Shopify OAuth connect", () => {
  let customerId: string;
  let adminId: string;
  const session = (sessionId = "ses_one") => ({ userId: adminId, sessionId });

  beforeAll(async () => {
    const created = await createStorefrontCustomer(runtime.db, "Oauth Prints");
    customerId = created.customer.id;
    adminId = created.adminId;
  });

  it("connects the shop with an expiring offline token and its refresh token; the state is single use", async () => {
    const ctx = await customerUserContext(runtime.db, adminId);
    const started = await beginShopifyOAuth({ ctx, customerId, shop: "https://Oauth-One.myshopify.com/admin", session: session() });
    expect(started.shop).toBe("oauth-one.myshopify.com");
    const authorize = new URL(started.url);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${runtime.env.APP_URL}/api/stores/shopify/callback`);
    expect(authorize.searchParams.get("state")).toBe(started.state);
    const [stored] = await runtime.db.select().from(authTokens).where(and(eq(authTokens.userId, adminId), eq(authTokens.purpose, "shop_oauth")));
    expect(stored).toMatchObject({ purpose: "shop_oauth", usedAt: null });
    expect(stored!.tokenHash).not.toContain(started.state);
    expect(stored!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(600_000);

    const query = await approve(started.url);
    const store = await completeShopifyOAuth({ ctx, customerId, query, expectedState: started.state, session: session() });
    expect(store).toMatchObject({ customerId, platform: "shopify", shopDomain: "oauth-one.myshopify.com", status: "connected" });
    const [row] = await runtime.db.select().from(stores).where(eq(stores.id, store.id));
    const credentials = readCredentials(row!) as { accessToken: string; refreshToken?: string; accessTokenExpiresAt?: string };
    expect(credentials.refreshToken).toBeTruthy();
    expect(credentials.accessTokenExpiresAt).toBeTruthy();

    expect(await failureOf(completeShopifyOAuth({ ctx, customerId, query, expectedState: started.state, session: session() }))).toBe("state");
  });

  it("refuses a state from another session, another browser, another shop, and a forged signature", async () => {
    const ctx = await customerUserContext(runtime.db, adminId);
    const started = await beginShopifyOAuth({ ctx, customerId, shop: "oauth-two", session: session("ses_first") });
    const query = await approve(started.url);
    expect(await failureOf(completeShopifyOAuth({ ctx, customerId, query, expectedState: started.state, session: session("ses_other") }))).toBe("state");
    expect(await failureOf(completeShopifyOAuth({ ctx, customerId, query, expectedState: undefined, session: session("ses_first") }))).toBe("state");
    const forged = new URLSearchParams(query);
    forged.set("shop", "oauth-three.myshopify.com");
    expect(await failureOf(completeShopifyOAuth({ ctx, customerId, query: forged, expectedState: started.state, session: session("ses_first") }))).toBe("bad_callback");
    expect(await runtime.db.select().from(stores).where(eq(stores.identity, "oauth-two.myshopify.com"))).toHaveLength(0);
  });

  it("refuses a shop address that is not one, and members; another customer's active shop is taken", async () => {
    const ctx = await customerUserContext(runtime.db, adminId);
    expect(await failureOf(beginShopifyOAuth({ ctx, customerId, shop: "not a shop!", session: session() }))).toBe("bad_shop");

    const other = await createStorefrontCustomer(runtime.db, "Other Prints");
    const otherCtx = await customerUserContext(runtime.db, other.adminId);
    const otherSession = { userId: other.adminId, sessionId: "ses_other_customer" };
    const started = await beginShopifyOAuth({ ctx: otherCtx, customerId: other.customer.id, shop: "oauth-one", session: otherSession });
    const query = await approve(started.url);
    expect(await failureOf(completeShopifyOAuth({ ctx: otherCtx, customerId: other.customer.id, query, expectedState: started.state, session: otherSession }))).toBe("taken");

    // A customer user cannot start an install for another customer.
    const foreign = await beginShopifyOAuth({ ctx, customerId: other.customer.id, shop: "oauth-four", session: session() }).then(
      () => "no error",
      (error: unknown) => (isAppError(error) ? error.code : String(error)),
    );
    expect(foreign).toBe("not_found");
  });

  it("staff connect on behalf of a customer", async () => {
    const { user: staff } = await createStaffUser(runtime.db);
    const ctx = createContext({ type: "staff", userId: staff.id, email: staff.email, name: staff.name, role: "admin" }, { db: runtime.db });
    const started = await beginShopifyOAuth({ ctx, customerId, shop: "oauth-staff.myshopify.com", session: { userId: staff.id, sessionId: "ses_staff" } });
    const query = await approve(started.url);
    const store = await completeShopifyOAuth({ ctx, customerId, query, expectedState: started.state, session: { userId: staff.id, sessionId: "ses_staff" } });
    expect(store).toMatchObject({ customerId, shopDomain: "oauth-staff.myshopify.com" });
  });
});
