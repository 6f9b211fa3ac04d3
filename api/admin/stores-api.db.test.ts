import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestCustomer, createTestToken, staffContext } from "@/db/factories";
import { stores } from "@/db/schema";
import { getEnv, setEnv } from "@/lib/env";
import { createProduct } from "@/lib/services/catalog";
import { createContext } from "@/lib/services/context";
import { getStore } from "@/lib/services/stores";
import { useTestServer } from "@/tests/support/runtime";
import { caughtAppError } from "@/tests/support/app-error";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import type { ShopifyFake } from "@/connectors/shopify/fake";
import { shippingAddress, shopifyEnv, startFakeFor, waitForShopOrder } from "@/tests/support/shopify-store";

const shop = "api-prints.myshopify.com";
const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const env = shopifyEnv({ FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` });
let fake: ShopifyFake;
beforeAll(async () => {
  fake = await startFakeFor(env);
});
const server = useTestServer({ env });
afterAll(async () => {
  await fake?.close();
  await files.close();
});

let token: string;
let customerId: string;
let otherCustomerId: string;
let accessToken: string;
let variantId: string;
let productId: string;

async function call(method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? token}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}/api/admin/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  setEnv({ ...server.env, APP_URL: server.url });
  token = (await createTestToken(server.db, "admin")).token;
  customerId = (await createTestCustomer(server.db, { name: "API Prints" })).id;
  otherCustomerId = (await createTestCustomer(server.db, { name: "Someone Else" })).id;
  await createProduct({ ctx: staffContext(server.db), input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  fake.shops.createShop(shop, { name: "API Prints shop" });
  const product = fake.shops.createProduct(shop, { title: "Poster", variants: [{ sku: "POSTER-A3", price: "25", options: { Size: "A3" } }] });
  variantId = String(product.variantIds[0]);
  productId = String(product.id);
  accessToken = fake.shops.createAccessToken(shop);
});

describe("admin API: stores", () => {
  let storeId: string;

  it("POST /customers/{id}/stores refuses a token the shop refuses with 422 on accessToken, before storing anything", async () => {
    const response = await call("POST", `/customers/${customerId}/stores`, { body: { platform: "shopify", shopDomain: shop, accessToken: "shpat_wrong" } });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(["accessToken"]);
    expect(await server.db.select().from(stores)).toHaveLength(0);
  });

  it("POST /customers/{id}/stores answers 502 when the platform cannot be reached", async () => {
    const reachable = getEnv();
    setEnv({ ...reachable, SHOPIFY_API_ORIGIN: "http://127.0.0.1:9/{shop}" });
    try {
      const response = await call("POST", `/customers/${customerId}/stores`, { body: { platform: "shopify", shopDomain: shop, accessToken } });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe("upstream_unavailable");
    } finally {
      setEnv(reachable);
    }
  });

  it("POST /customers/{id}/stores connects a custom app and never shows or stores its token in clear", async () => {
    const response = await call("POST", `/customers/${customerId}/stores`, { body: { platform: "shopify", shopDomain: `https://${shop.toUpperCase()}/`, accessToken, registerWebhooks: true } });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({
      customerId,
      platform: "shopify",
      name: "API Prints shop",
      shopDomain: shop,
      status: "connected",
      approvalMode: "auto",
      webhookUrl: `${server.url}/api/webhooks/shopify`,
      health: { webhooks: "ok", ordersWaiting: 0, failingJobs: 0 },
    });
    expect(response.body.id).toMatch(/^sto_/);
    expect(response.text).not.toContain(accessToken);
    storeId = response.body.id;
    const [row] = await server.db.select().from(stores).where(eq(stores.id, storeId));
    expect(row!.credentialsEncrypted).not.toContain(accessToken);
  });

  it("POST /customers/{id}/stores is a 409 when another customer's store holds the shop", async () => {
    const response = await call("POST", `/customers/${otherCustomerId}/stores`, { body: { platform: "shopify", shopDomain: shop, accessToken } });
    expect(response.status).toBe(409);
  });

  it("POST /customers/{id}/stores names each bad field", async () => {
    const response = await call("POST", `/customers/${customerId}/stores`, { body: { platform: "shopify", shopDomain: "not a shop", accessToken: "" } });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(["accessToken", "shopDomain"]);
  });

  it("GET /stores lists stores with their health, filtered by customer and state; GET /stores/{id} shows one", async () => {
    const all = await call("GET", "/stores");
    expect(all.status).toBe(200);
    expect(all.body.data.map((store: { id: string }) => store.id)).toEqual([storeId]);
    expect((await call("GET", `/stores?customerId=${otherCustomerId}`)).body.data).toEqual([]);
    // Connecting syncs the shop's products; its one variant is not linked yet, which is a warning.
    await expect.poll(async () => (await call("GET", `/stores/${storeId}`)).body.health.unlinkedVariants, { timeout: 15_000 }).toBe(1);
    expect((await call("GET", `/stores?state=warning`)).body.data).toHaveLength(1);
    expect((await call("GET", `/stores?state=ok`)).body.data).toHaveLength(0);
    expect((await call("GET", `/stores?health=error`)).body.data).toHaveLength(0);
    const one = await call("GET", `/stores/${storeId}`);
    expect(one.body).toMatchObject({ id: storeId, health: { state: "warning", reason: "1 variant is not linked to a product", status: "connected" } });
    expect((await call("GET", "/stores/sto_unknown")).status).toBe(404);
  });

  it("keeps a customer's users to their own stores (another customer's store is a 404)", async () => {
    const outsider = createContext({ type: "customer_user", userId: "usr_x", customerId: otherCustomerId, email: "x@example.com", name: "X", role: "admin" }, { db: server.db });
    expect((await caughtAppError(getStore({ ctx: outsider, storeId }))).code).toBe("not_found");
    const owner = createContext({ type: "customer_user", userId: "usr_y", customerId, email: "y@example.com", name: "Y", role: "member" }, { db: server.db });
    expect((await getStore({ ctx: owner, storeId })).id).toBe(storeId);
  });

  it("PATCH /stores/{id} switches to manual approval; POST /orders/{id}:approve lets a held order go on", async () => {
    const patched = await call("PATCH", `/stores/${storeId}`, { body: { approvalMode: "manual", name: "Main shop" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ approvalMode: "manual", name: "Main shop" });
    const link = await call("POST", `/stores/${storeId}/links`, {
      body: { externalProductId: `gid://shopify/Product/${productId}`, externalVariantId: variantId, productUid: "poster_a3", files: [{ type: "default", url: `${files.url}/art/poster.pdf` }] },
    });
    expect(link.status, link.text).toBe(201);
    expect(link.body).toMatchObject({ id: expect.stringMatching(/^lnk_/), externalProductId: productId, externalVariantId: variantId, productUid: "poster_a3" });
    const badLink = await call("POST", `/stores/${storeId}/links`, { body: { externalProductId: productId, productUid: "nope", files: [{ type: "default", url: "https://x.example/a.pdf" }] } });
    expect(badLink.status).toBe(422);
    const placed = fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    const held = await waitForShopOrder(server.db, storeId, placed.id, "on_hold");
    const approved = await call("POST", `/orders/${held.id}:approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("passed");
    expect((await call("POST", `/orders/${held.id}:approve`)).status).toBe(409);
  });

  it("POST /stores/{id}/variants/{variantId}:ignore answers 204 for a known variant and 404 for an unknown one", async () => {
    expect((await call("POST", `/stores/${storeId}/variants/${variantId}:ignore`)).status).toBe(204);
    expect((await call("POST", `/stores/${storeId}/variants/999999:ignore`)).status).toBe(404);
  });

  it("documents the store routes in the admin OpenAPI document", async () => {
    const response = await fetch(`${server.url}/api/docs/admin.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/admin/v1/customers/{id}/stores", "/api/admin/v1/stores", "/api/admin/v1/webhook-events"]));
  });

  it("GET /webhook-events lists the deliveries with their outcome; POST /webhook-events/{id}:replay processes one again", async () => {
    await fake.webhooks.idle();
    const events = await call("GET", `/webhook-events?storeId=${storeId}`);
    expect(events.status).toBe(200);
    expect(events.body.data.length).toBeGreaterThan(0);
    const processed = events.body.data.find((event: { status: string }) => event.status === "processed");
    expect(processed).toMatchObject({ storeId, platform: "shopify" });
    expect(processed.rawBody).toBeUndefined();
    const replayed = await call("POST", `/webhook-events/${processed.id}:replay`);
    expect(replayed.status).toBe(202);
    await expect.poll(async () => (await call("GET", `/webhook-events?storeId=${storeId}&status=received`)).body.data.length, { timeout: 20_000 }).toBe(0);
  });

  it("POST /stores/{id}:sync queues a reconciliation that records the sync", async () => {
    const response = await call("POST", `/stores/${storeId}:sync`);
    expect(response.status).toBe(202);
    await expect.poll(async () => (await call("GET", `/stores/${storeId}`)).body.health.lastSyncAt, { timeout: 20_000 }).not.toBeNull();
  });

  it("DELETE /stores/{id} removes the subscriptions, forgets the token and keeps the orders", async () => {
    expect(fake.shops.listWebhookSubscriptions(shop).length).toBeGreaterThan(0);
    const response = await call("DELETE", `/stores/${storeId}`);
    expect(response.status).toBe(204);
    expect(fake.shops.listWebhookSubscriptions(shop)).toHaveLength(0);
    const store = await call("GET", `/stores/${storeId}`);
    expect(store.body).toMatchObject({ status: "disconnected", health: { state: "error", ordersWaiting: 0 } });
    expect((await call("GET", `/orders?customerId=${customerId}`)).body.data).toHaveLength(1);
    // The shop is free again: the other customer may connect it now.
    expect((await call("POST", `/customers/${otherCustomerId}/stores`, { body: { platform: "shopify", shopDomain: shop, accessToken, registerWebhooks: false } })).status).toBe(201);
  });
});
