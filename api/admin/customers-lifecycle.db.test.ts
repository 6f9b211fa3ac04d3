import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, orderShipments, orders, sessions, stores, users } from "@/db/schema";
import { createTestCustomer, createTestToken, staffContext } from "@/db/factories";
import { createId } from "@/lib/ids";
import { setEnv } from "@/lib/env";
import { createProduct } from "@/lib/services/catalog";
import { createContext } from "@/lib/services/context";
import { createLookup } from "@/lib/services/lookups";
import { canonicalPaths, intakeOrder, prepareOrder } from "@/lib/services/orders";
import type { CanonicalOrderInput } from "@/lib/domain/order";
import type { ShopifyFake } from "@/connectors/shopify/fake";
import { useTestServer } from "@/tests/support/runtime";
import { shopifyEnv, startFakeFor } from "@/tests/support/shopify-store";

const shop = "leaving-prints.myshopify.com";
const env = shopifyEnv();
let fake: ShopifyFake;
beforeAll(async () => {
  fake = await startFakeFor(env);
});
const server = useTestServer({ env });
afterAll(async () => {
  await fake?.close();
});

let token: string;
let customerId: string;
let otherCustomerId: string;

async function call(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}/api/admin/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

async function submitOrder(forCustomer: string, externalId: string): Promise<string> {
  const input: CanonicalOrderInput = {
    channel: "gelato_api",
    externalId,
    currency: "EUR",
    metadata: [{ key: "buyer", value: "Ada Lovelace <ada@example.com>" }],
    items: [{ externalItemId: "1", sourceProductKey: "POSTER", quantity: 2, files: [{ type: "default", url: "https://files.example.com/a.pdf" }] }],
    shipments: [
      {
        shipmentIndex: 0,
        sourceMethod: "express",
        address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB", email: "ada@example.com", phone: "+44 20 0000" },
      },
    ],
  };
  const prepared = await prepareOrder(server.db, forCustomer, input, canonicalPaths);
  const connector = createContext({ type: "connector", connectorId: "con_leaving", customerId: forCustomer }, { db: server.db });
  const { order } = await intakeOrder({ ctx: connector, customerId: forCustomer, channel: "gelato_api", connectorId: "con_leaving", prepared, rawBody: JSON.stringify(input), payload: input });
  return order.id;
}

beforeAll(async () => {
  setEnv({ ...server.env, APP_URL: server.url });
  token = (await createTestToken(server.db, "admin")).token;
  customerId = (await createTestCustomer(server.db, { name: "Leaving Prints", referenceId: "LEAVE-1" })).id;
  otherCustomerId = (await createTestCustomer(server.db, { name: "Staying Prints" })).id;
  await createProduct({ ctx: staffContext(server.db), input: { productUid: "leave_poster", title: "Poster", fileTypes: ["default"] } });
  for (const id of [customerId, otherCustomerId]) {
    await createLookup({ ctx: staffContext(server.db), customerId: id, input: { name: "SKUs", field: "product", entries: [{ key: "POSTER", value: "leave_poster" }] } });
  }
  fake.shops.createShop(shop, { name: "Leaving shop" });
});

describe("admin API: customer deactivation and deletion", () => {
  let storeId: string;
  let orderId: string;
  let otherOrderId: string;
  let connectorKey: string;
  let userId: string;

  it("sets up a customer with a store, an order API, a user and orders", async () => {
    const store = await call("POST", `/customers/${customerId}/stores`, { platform: "shopify", shopDomain: shop, accessToken: fake.shops.createAccessToken(shop), registerWebhooks: true });
    expect(store.status, store.text).toBe(201);
    storeId = store.body.id;
    expect(fake.shops.listWebhookSubscriptions(shop).length).toBeGreaterThan(0);
    const connector = await call("POST", `/customers/${customerId}/connectors`, { type: "gelato", name: "Shop API" });
    expect(connector.status, connector.text).toBe(201);
    connectorKey = connector.body.apiKey;
    userId = createId("user");
    await server.db.insert(users).values({ id: userId, kind: "customer", customerId, email: "owner@leaving.example", name: "Owner", role: "admin" });
    await server.db.insert(sessions).values({ id: `ses_${userId}`, userId, expiresAt: new Date(Date.now() + 86_400_000) });
    orderId = await submitOrder(customerId, "LEAVE-ORDER-1");
    otherOrderId = await submitOrder(otherCustomerId, "STAY-ORDER-1");
  });

  it("GET /customers/{id} shows deactivatedAt null while the customer is active", async () => {
    const response = await call("GET", `/customers/${customerId}`);
    expect(response.status).toBe(200);
    expect(response.body.deactivatedAt).toBeNull();
  });

  it("DELETE /customers/{id} answers 409 while the customer is active and changes nothing", async () => {
    const response = await call("DELETE", `/customers/${customerId}`);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/Deactivate the customer before deleting it/);
    expect((await call("GET", `/customers/${customerId}`)).status).toBe(200);
    expect(fake.shops.listWebhookSubscriptions(shop).length).toBeGreaterThan(0);
  });

  it("POST /customers/{id}:deactivate and :reactivate answer the Customer, and ?active= filters the list", async () => {
    const deactivated = await call("POST", `/customers/${customerId}:deactivate`);
    expect(deactivated.status, deactivated.text).toBe(200);
    expect(deactivated.body).toMatchObject({ id: customerId, name: "Leaving Prints" });
    expect(Date.parse(deactivated.body.deactivatedAt)).not.toBeNaN();
    // Deactivating twice keeps the first moment.
    expect((await call("POST", `/customers/${customerId}:deactivate`)).body.deactivatedAt).toBe(deactivated.body.deactivatedAt);

    const inactive = await call("GET", "/customers?active=false");
    expect(inactive.body.data.map((customer: { id: string }) => customer.id)).toEqual([customerId]);
    const active = await call("GET", "/customers?active=true");
    expect(active.body.data.map((customer: { id: string }) => customer.id)).toEqual([otherCustomerId]);
    const invalid = await call("GET", "/customers?active=maybe");
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(invalid.body.error)).toContain("active");

    const reactivated = await call("POST", `/customers/${customerId}:reactivate`);
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.deactivatedAt).toBeNull();
    expect((await call("POST", `/customers/cus_missing:deactivate`)).status).toBe(404);
  });

  it("DELETE /customers/{id} on a deactivated customer disconnects its store, revokes its keys, removes its users and personal data, and keeps its orders", async () => {
    expect((await call("POST", `/customers/${customerId}:deactivate`)).status).toBe(200);
    const response = await call("DELETE", `/customers/${customerId}`);
    expect(response.status, response.text).toBe(204);

    expect(fake.shops.listWebhookSubscriptions(shop)).toHaveLength(0);
    const [store] = await server.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store).toMatchObject({ status: "disconnected" });
    const gelato = await fetch(`${server.url}/api/gelato/v4/orders`, {
      method: "POST",
      headers: { "x-api-key": connectorKey, "content-type": "application/json" },
      body: "{}",
    });
    expect(gelato.status).toBe(401);

    expect(await server.db.select().from(users).where(eq(users.customerId, customerId))).toHaveLength(0);
    expect(await server.db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(0);

    const [kept] = await server.db.select().from(orders).where(eq(orders.id, orderId));
    expect(kept).toMatchObject({ customerId, externalId: "LEAVE-ORDER-1", recipientName: null, rawBody: '{"redacted":true}', metadata: [] });
    expect(JSON.stringify(kept!.extra)).not.toMatch(/Ada|Lovelace|ada@example.com/);
    const [shipment] = await server.db.select().from(orderShipments).where(eq(orderShipments.orderId, orderId));
    expect(JSON.stringify(shipment!.address)).not.toMatch(/Ada|Lovelace|Analytical|ada@example.com|\+44/);
    const listed = await call("GET", `/orders?customerId=${customerId}`);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ id: orderId, status: kept!.status });
    const order = await call("GET", `/orders/${orderId}`);
    expect(order.body.items[0]).toMatchObject({ quantity: 2 });

    // Another customer's order keeps its address.
    const [otherShipment] = await server.db.select().from(orderShipments).where(eq(orderShipments.orderId, otherOrderId));
    expect(otherShipment!.address.lastName).toBe("Lovelace");

    const [entry] = await server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "customer.delete"), eq(auditLog.entityId, customerId)));
    expect(entry?.after).toMatchObject({ storesDisconnected: 1, connectorsRevoked: 1, usersRemoved: 1, ordersRedacted: 1 });
  });

  it("a deleted customer is a 404 everywhere and gone from the list", async () => {
    for (const [method, path] of [
      ["GET", `/customers/${customerId}`],
      ["PATCH", `/customers/${customerId}`],
      ["POST", `/customers/${customerId}:reactivate`],
      ["DELETE", `/customers/${customerId}`],
      ["POST", `/customers/${customerId}/connectors`],
      ["GET", `/customers/${customerId}/connectors`],
      ["GET", `/customers/${customerId}/stores`],
      ["GET", `/customers/${customerId}/lookups`],
      ["GET", `/customers/${customerId}/triggers`],
      ["GET", `/customers/${customerId}/postback-secret`],
      // Its disconnected store is gone with it.
      ["GET", `/stores/${storeId}`],
      ["GET", `/stores/${storeId}/variants`],
      ["GET", `/stores/${storeId}/links`],
    ] as const) {
      const body = method === "PATCH" ? { name: "Back" } : method === "POST" && path.endsWith("/connectors") ? { type: "gelato", name: "Again" } : undefined;
      expect((await call(method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    const list = await call("GET", "/customers");
    expect(list.body.data.map((customer: { id: string }) => customer.id)).toEqual([otherCustomerId]);
    // Its reference id is free again.
    expect((await call("POST", "/customers", { name: "Leaving Prints again", referenceId: "LEAVE-1" })).status).toBe(201);
  });
});
