import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { shopifyEnv, startFakeFor } from "@/tests/support/shopify-store";
import type { ShopifyFake } from "@/connectors/shopify/fake";
import { startWooFake } from "@/connectors/woocommerce/fake";
import { createStorefrontCustomer, createTestOrder, createTestProduct, customerUserContext, latestLink } from "@/tests/support/storefront";
import { staffContext } from "@/db/factories";
import { productLinks, sessions, stores, users, webhookEvents } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { systemContext } from "@/lib/services/context";
import { setPasswordWithLink } from "@/lib/services/account";
import { createSession, resolveSession } from "@/lib/services/auth/sessions";
import { getCustomer, listCustomers } from "@/lib/services/customers";
import { listAudit } from "@/lib/services/audit-list";
import { listMail } from "@/lib/services/mail/list";
import {
  disableStorefrontAccess,
  enableStorefrontAccess,
  getStorefrontAccess,
  inviteCustomerUser,
  listCustomerUsers,
  removeCustomerUser,
  resendInvitation,
  revokeInvitation,
} from "@/lib/services/storefront";
import { getCatalogAccess, getCustomerProduct, listCatalogChoices, listCustomerProducts, setCatalogAccess } from "@/lib/services/catalog-access";

// Portal modules import lib/actions, which is marked server-only for Next's bundler.
vi.mock("server-only", () => ({}));
const { portalPages } = await import("./loaders");
const { portalCommands } = await import("./commands");
type PortalContext = import("./loaders").PortalContext;

// A's admin connects a shop by custom-app token against the Shopify fake; B's store is a row.
const shopEnv = shopifyEnv();
const shopA = "acme-a.myshopify.com";
let fake: ShopifyFake;
beforeAll(async () => {
  fake = await startFakeFor(shopEnv);
  fake.shops.createShop(shopA, { name: "Acme A Shop" });
});
afterAll(async () => {
  await fake?.close();
});

// …and a WooCommerce site by REST keys against the WooCommerce fake.
const wooSite = await startWooFake({ siteName: "Acme A Woo" });
shopEnv.SHOP_FETCH_ALLOW = new URL(wooSite.siteUrl).host;
afterAll(async () => {
  await wooSite.close();
});

const runtime = useTestRuntime({ env: shopEnv });

/** Customer B's records, which a user of customer A must never reach. */
type Foreign = {
  customerId: string;
  adminId: string;
  memberId: string;
  invitedId: string;
  invitationId: string;
  productId: string;
  orderId: string;
  storeId: string;
  webhookEventId: string;
  /** Strings that must never appear in anything A gets back. */
  secrets: string[];
};

type Row =
  | { route: string; kind: "page" | "action"; expect: "not_found"; call: (ctx: PortalContext, b: Foreign) => Promise<unknown> }
  | { route: string; kind: "page" | "action"; expect: "own_data_only"; call: (ctx: PortalContext, b: Foreign) => Promise<unknown> };

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

let invited = 0;

// Every portal page (by route) and every portal action (by name), called with B's ids.
const matrix: Row[] = [
  { route: "/portal", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal"](ctx, { customerId: b.customerId }) },
  { route: "/portal/stores", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal/stores"](ctx, { customerId: b.customerId }) },
  { route: "/portal/products", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal/products"](ctx, { customerId: b.customerId, q: "only_b" }) },
  { route: "/portal/products/[id]", kind: "page", expect: "not_found", call: (ctx, b) => portalPages["/portal/products/[id]"](ctx, { id: b.productId }) },
  { route: "/portal/orders", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal/orders"](ctx, { customerId: b.customerId }) },
  { route: "/portal/orders", kind: "page", expect: "own_data_only", call: (ctx) => portalPages["/portal/orders"](ctx, { q: "B-ORDER-1" }) },
  { route: "/portal/orders", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal/orders"](ctx, { q: b.orderId, view: "progress" }) },
  { route: "/portal/orders/[id]", kind: "page", expect: "not_found", call: (ctx, b) => portalPages["/portal/orders/[id]"](ctx, { id: b.orderId }) },
  { route: "/portal/stores/[id]", kind: "page", expect: "not_found", call: (ctx, b) => portalPages["/portal/stores/[id]"](ctx, { id: b.storeId }) },
  { route: "/portal/stores/[id]/products", kind: "page", expect: "not_found", call: (ctx, b) => portalPages["/portal/stores/[id]/products"](ctx, { id: b.storeId }) },
  { route: "/portal/users", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal/users"](ctx, { customerId: b.customerId }) },
  { route: "/portal/settings", kind: "page", expect: "own_data_only", call: (ctx, b) => portalPages["/portal/settings"](ctx, { customerId: b.customerId }) },
  {
    route: "inviteUser",
    kind: "action",
    expect: "own_data_only",
    call: (ctx, b) => portalCommands.inviteUser(ctx, form({ customerId: b.customerId, email: `new-${++invited}-${ctx.user.role}@a.example`, firstName: "New", lastName: "User", role: "admin" })),
  },
  { route: "resendInvitation", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.resendInvitation(ctx, form({ invitationId: b.invitationId, customerId: b.customerId })) },
  { route: "revokeInvitation", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.revokeInvitation(ctx, form({ invitationId: b.invitationId, customerId: b.customerId })) },
  { route: "removeUser", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.removeUser(ctx, form({ userId: b.memberId, customerId: b.customerId })) },
  {
    route: "changePassword",
    kind: "action",
    expect: "own_data_only",
    call: (ctx, b) => portalCommands.changePassword(ctx, form({ userId: b.adminId, currentPassword: "a long test password", newPassword: "a long test password", confirm: "a long test password" })),
  },
  { route: "signOutEverywhere", kind: "action", expect: "own_data_only", call: (ctx) => portalCommands.signOutEverywhere(ctx) },
  {
    route: "connectShopifyToken",
    kind: "action",
    expect: "own_data_only",
    call: (ctx, b) => portalCommands.connectShopifyToken(ctx, form({ customerId: b.customerId, shopDomain: shopA, accessToken: fake.shops.createAccessToken(shopA), registerWebhooks: "off" })),
  },
  {
    route: "connectWooCommerceKeys",
    kind: "action",
    expect: "own_data_only",
    call: (ctx, b) => {
      const key = wooSite.site.createKey("read_write");
      return portalCommands.connectWooCommerceKeys(ctx, form({ customerId: b.customerId, siteUrl: wooSite.siteUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, registerWebhooks: "off" }));
    },
  },
  { route: "setApprovalMode", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.setApprovalMode(ctx, form({ storeId: b.storeId, approvalMode: "manual" })) },
  { route: "syncStore", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.syncStore(ctx, form({ storeId: b.storeId })) },
  { route: "disconnectStore", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.disconnectStore(ctx, form({ storeId: b.storeId })) },
  { route: "publishProduct", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.publishProduct(ctx, form({ storeId: b.storeId, "publish.productUid": "shared_poster", price: "10", "publish.file.default": "https://cdn.example.com/a.pdf" })) },
  { route: "syncProducts", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.syncProducts(ctx, form({ storeId: b.storeId })) },
  {
    route: "linkVariant",
    kind: "action",
    expect: "not_found",
    call: (ctx, b) => portalCommands.linkVariant(ctx, form({ storeId: b.storeId, externalProductId: "1", externalVariantId: "2", productUid: "shared_poster", "file.default": "https://cdn.example.com/a.pdf" })),
  },
  { route: "ignoreVariant", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.ignoreVariant(ctx, form({ storeId: b.storeId, externalProductId: "1", externalVariantId: "2" })) },
  { route: "approveOrder", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.approveOrder(ctx, form({ orderId: b.orderId })) },
  { route: "approveAll", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.approveAll(ctx, form({ storeId: b.storeId })) },
  { route: "restoreWebhooks", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.restoreWebhooks(ctx, form({ storeId: b.storeId })) },
  { route: "replayWebhook", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.replayWebhook(ctx, form({ eventId: b.webhookEventId })) },
  { route: "webhookBody", kind: "action", expect: "not_found", call: (ctx, b) => portalCommands.webhookBody(ctx, form({ eventId: b.webhookEventId })) },
];

describe("tenant isolation of the portal", () => {
  let a: { customerId: string; adminId: string; memberId: string; orderId: string };
  let b: Foreign;
  let bSession: string;

  beforeAll(async () => {
    const db = runtime.db;
    const sharedProduct = await createTestProduct(db, { productUid: "shared_poster", title: "Shared poster" });
    const bOnly = await createTestProduct(db, { productUid: "only_b_mug", title: "Mug only for B" });
    const ownOrder = async (customerId: string) => createTestOrder(db, customerId, { reference: "A-ORDER-1", productKey: "shared_poster", recipient: "Alice" });

    const customerA = await createStorefrontCustomer(db, "Acme A");
    const adminA = await customerUserContext(db, customerA.adminId);
    const memberA = await inviteCustomerUser({ ctx: adminA, customerId: customerA.customer.id, input: { email: "member@a.example", firstName: "Mem", lastName: "A" } });
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: (await latestLink(db, memberA.email)).token, password: "a long test password" } });
    await setCatalogAccess({ ctx: staffContext(db), customerId: customerA.customer.id, input: { mode: "selected", productUids: [sharedProduct.productUid] } });
    a = { customerId: customerA.customer.id, adminId: customerA.adminId, memberId: memberA.id, orderId: (await ownOrder(customerA.customer.id)).id };

    const customerB = await createStorefrontCustomer(db, "Globex B");
    const adminB = await customerUserContext(db, customerB.adminId);
    const memberB = await inviteCustomerUser({ ctx: adminB, customerId: customerB.customer.id, input: { email: "member@b.example", firstName: "Bea", lastName: "Globex" } });
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: (await latestLink(db, memberB.email)).token, password: "a long test password" } });
    const invitedB = await inviteCustomerUser({ ctx: adminB, customerId: customerB.customer.id, input: { email: "pending@b.example", firstName: "Pen", lastName: "Ding" } });
    await setCatalogAccess({ ctx: staffContext(db), customerId: customerB.customer.id, input: { mode: "selected", productUids: [sharedProduct.productUid, bOnly.productUid] } });
    const orderB = await createTestOrder(db, customerB.customer.id, { reference: "B-ORDER-1", productKey: "only_b_mug", recipient: "Beatrix" });
    const [storeB] = await db
      .insert(stores)
      .values({ id: "sto_globexb0000000000000", customerId: customerB.customer.id, platform: "shopify", name: "Globex Shop", identity: "globex-b.myshopify.com", webhooksManaged: false, webhooksState: "not_managed" })
      .returning();
    await db.insert(webhookEvents).values({
      id: "whe_globexb000000000000",
      platform: "shopify",
      deliveryId: "globex-delivery-1",
      storeId: storeB!.id,
      customerId: customerB.customer.id,
      identity: "globex-b.myshopify.com",
      topic: "orders/create",
      rawBody: JSON.stringify({ id: 1, email: "buyer@b.example" }),
      status: "failed",
    });
    const invitationB = (await listCustomerUsers({ ctx: adminB, customerId: customerB.customer.id })).find((row) => row.email === "pending@b.example")!.id;
    b = {
      customerId: customerB.customer.id,
      adminId: customerB.adminId,
      memberId: memberB.id,
      invitedId: invitedB.id,
      invitationId: invitationB,
      productId: bOnly.id,
      orderId: orderB.id,
      storeId: storeB!.id,
      webhookEventId: "whe_globexb000000000000",
      secrets: ["whe_globexb000000000000", storeB!.id, "Globex Shop", "globex-b.myshopify.com", orderB.id, "B-ORDER-1", "Beatrix", customerB.customer.id, "Globex B", customerB.adminEmail, "member@b.example", "pending@b.example", memberB.id, invitedB.id, invitationB, bOnly.id, "only_b_mug"],
    };
    bSession = await createSession(db, { userId: b.adminId });
  });

  it("the matrix lists every portal page and every portal action", () => {
    const root = path.resolve(import.meta.dirname);
    const pages = (readdirSync(root, { recursive: true }) as string[])
      .filter((file) => file.endsWith("page.tsx"))
      .map((file) => `/portal/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\\/g, "/"));
    expect([...new Set(matrix.filter((row) => row.kind === "page").map((row) => row.route))].sort()).toEqual(pages.sort());
    expect(Object.keys(portalPages).sort()).toEqual(pages.sort());
    for (const route of pages) {
      const file = path.join(root, route.replace(/^\/portal/, ""), "page.tsx");
      expect(readFileSync(file, "utf8"), `${route} must read its data through portalPages`).toContain(`portalPages["${route}"]`);
    }
    const actionsSource = readFileSync(path.join(root, "actions.ts"), "utf8");
    const actions = [...actionsSource.matchAll(/export async function (\w+)Action\(/g)].map((match) => match[1]!);
    expect(matrix.filter((row) => row.kind === "action").map((row) => row.route).sort()).toEqual(actions.sort());
    expect(Object.keys(portalCommands).sort()).toEqual(actions.sort());
    for (const name of actions) expect(actionsSource).toContain(`portalCommands.${name}(ctx`);
  });

  for (const role of ["admin", "member"] as const) {
    describe(`as a ${role} of customer A with customer B's ids`, () => {
      for (const row of matrix) {
        it(`${row.kind} ${row.route} ${row.expect === "not_found" ? "is a 404" : "shows and changes only A's own data"}`, async () => {
          const ctx = await customerUserContext(runtime.db, role === "admin" ? a.adminId : a.memberId);
          const bUsersBefore = await runtime.db.select().from(users).where(eq(users.customerId, b.customerId));
          let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
          try {
            outcome = { ok: true, value: await row.call(ctx, b) };
          } catch (error) {
            outcome = { ok: false, error };
          }
          if (row.expect === "not_found") {
            expect(outcome.ok, "expected a 404").toBe(false);
            const error = (outcome as { error: unknown }).error;
            expect(isAppError(error) ? error.code : error).toBe("not_found");
            // The message may repeat the id that was asked for, nothing else of B's.
            for (const secret of b.secrets.filter((value) => !/^[a-z]{3}_/.test(value))) expect((error as Error).message).not.toContain(secret);
          } else {
            // A member may be refused an admin-only action, but never with another customer's data.
            if (!outcome.ok) {
              expect(isAppError(outcome.error), String(outcome.error)).toBe(true);
              expect((outcome.error as { code: string }).code).toBe("forbidden");
              expect(role).toBe("member");
            } else {
              // Pages echo the search text they were given; everything else must be A's.
              const shown = JSON.stringify({ ...(outcome.value as object), q: undefined });
              for (const secret of b.secrets) expect(shown).not.toContain(secret);
            }
          }
          const bUsersAfter = await runtime.db.select().from(users).where(eq(users.customerId, b.customerId));
          expect(bUsersAfter).toEqual(bUsersBefore);
          expect(await resolveSession(runtime.db, bSession)).not.toBeNull();
        });
      }
    });
  }

  it("the links CSV upload (a route, not an action) is a 404 for B's store and changes nothing", async () => {
    const { linksImportResponse } = await import("@/lib/next/links-csv-import");
    const csv = "storeId,productId,variantId,sku,title,productUid,designFileUrl\n" + `${b.storeId},1,2,,,shared_poster,https://cdn.example.com/a.pdf`;
    for (const userId of [a.adminId, a.memberId]) {
      const ctx = await customerUserContext(runtime.db, userId);
      const error = await linksImportResponse(ctx, b.storeId, new Request("http://localhost/upload", { method: "POST", body: csv })).catch((caught: unknown) => caught);
      expect(isAppError(error) && error.code).toBe("not_found");
    }
    expect(await runtime.db.select().from(productLinks)).toEqual([]);
  });

  it("a new user invited through a tampered form still belongs to A", async () => {
    const invitedIntoA = await runtime.db.select().from(users).where(eq(users.email, "new-1-admin@a.example"));
    expect(invitedIntoA).toHaveLength(1);
    expect(invitedIntoA[0]!.customerId).toBe(a.customerId);
  });

  it("A's own orders are listed and open for A's users", async () => {
    const ctx = await customerUserContext(runtime.db, a.memberId);
    const listed = await portalPages["/portal/orders"](ctx, {});
    expect(listed.page.data.map((order) => order.id)).toEqual([a.orderId]);
    const { order } = await portalPages["/portal/orders/[id]"](ctx, { id: a.orderId });
    expect(order).toMatchObject({ externalId: "A-ORDER-1", customerId: a.customerId });
    expect(order.events.length).toBeGreaterThan(0);
    const home = await portalPages["/portal"](ctx, {});
    expect(home.recentOrders.data.map((row) => row.id)).toEqual([a.orderId]);
  });

  it("signing out everywhere ends only the user's own sessions", async () => {
    const ctx = await customerUserContext(runtime.db, a.adminId);
    const own = await createSession(runtime.db, { userId: a.adminId });
    await portalCommands.signOutEverywhere(ctx);
    expect(await resolveSession(runtime.db, own)).toBeNull();
    expect(await runtime.db.select().from(sessions).where(eq(sessions.userId, b.adminId))).toHaveLength(1);
  });

  it("partner-side services refuse customer users: 404 on B's customer, 403 where there is no customer", async () => {
    const ctx = await customerUserContext(runtime.db, a.adminId);
    const input = { email: "x@b.example", firstName: "X", lastName: "Y" };
    const calls: Array<[string, () => Promise<unknown>, "not_found" | "forbidden"]> = [
      ["getCustomer", () => getCustomer({ ctx, customerId: b.customerId }), "not_found"],
      ["listCustomers", () => listCustomers({ ctx, input: {} }), "forbidden"],
      ["listCustomerUsers", () => listCustomerUsers({ ctx, customerId: b.customerId }), "not_found"],
      ["getStorefrontAccess", () => getStorefrontAccess({ ctx, customerId: b.customerId }), "not_found"],
      ["inviteCustomerUser", () => inviteCustomerUser({ ctx, customerId: b.customerId, input }), "not_found"],
      ["removeCustomerUser", () => removeCustomerUser({ ctx, customerId: b.customerId, userId: b.memberId }), "not_found"],
      ["resendInvitation", () => resendInvitation({ ctx, customerId: b.customerId, invitationId: b.invitationId }), "not_found"],
      ["revokeInvitation", () => revokeInvitation({ ctx, customerId: b.customerId, invitationId: b.invitationId }), "not_found"],
      ["enableStorefrontAccess", () => enableStorefrontAccess({ ctx, customerId: b.customerId, input }), "not_found"],
      ["disableStorefrontAccess", () => disableStorefrontAccess({ ctx, customerId: b.customerId }), "not_found"],
      ["listCustomerProducts", () => listCustomerProducts({ ctx, customerId: b.customerId, input: {} }), "not_found"],
      ["getCustomerProduct", () => getCustomerProduct({ ctx, customerId: b.customerId, productId: b.productId }), "not_found"],
      ["getCatalogAccess", () => getCatalogAccess({ ctx, customerId: b.customerId }), "not_found"],
      ["listCatalogChoices", () => listCatalogChoices({ ctx, customerId: b.customerId }), "not_found"],
      ["setCatalogAccess", () => setCatalogAccess({ ctx, customerId: b.customerId, input: { mode: "all" } }), "not_found"],
      ["listAudit", () => listAudit({ ctx, input: { customerId: b.customerId } }), "forbidden"],
      ["listMail", () => listMail({ ctx, input: {} }), "forbidden"],
    ];
    for (const [name, call, code] of calls) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isAppError(error) ? error.code : `no AppError: ${String(error)}`, name).toBe(code);
    }
    expect((await getStorefrontAccess({ ctx: staffContext(runtime.db), customerId: b.customerId })).enabled).toBe(true);
  });
});
