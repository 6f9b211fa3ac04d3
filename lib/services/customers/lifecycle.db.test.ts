import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { orderShipments, orders, stores, webhookEvents } from "@/db/schema";
import { createTestCustomer, staffContext } from "@/db/factories";
import { createId } from "@/lib/ids";
import { createContext, systemContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { createLookup } from "@/lib/services/lookups";
import { createConnector, findConnectorCredentials, resolveConnectorCustomer } from "@/lib/services/connectors";
import { canonicalPaths, intakeOrder, prepareOrder } from "@/lib/services/orders";
import { handleWebhookEvent, reconcileStore } from "@/lib/services/stores";
import { purgeExpiredPersonalData } from "@/lib/services/retention";
import type { CanonicalOrderInput } from "@/lib/domain/order";
import { useTestRuntime } from "@/tests/support/runtime";
import { deactivateCustomer, getCustomer, reactivateCustomer } from "./index";

const runtime = useTestRuntime();
const ctx = () => staffContext(runtime.db);
let customerId: string;

beforeAll(async () => {
  customerId = (await createTestCustomer(runtime.db, { name: "Lifecycle Prints" })).id;
  await createProduct({ ctx: ctx(), input: { productUid: "life_poster", title: "Poster", fileTypes: ["default"] } });
  await createLookup({ ctx: ctx(), customerId, input: { name: "SKUs", field: "product", entries: [{ key: "POSTER", value: "life_poster" }] } });
});

async function submit(externalId: string) {
  const input: CanonicalOrderInput = {
    channel: "gelato_api",
    externalId,
    currency: "EUR",
    items: [{ externalItemId: "1", sourceProductKey: "POSTER", quantity: 1, files: [{ type: "default", url: "https://files.example.com/a.pdf" }] }],
    shipments: [{ shipmentIndex: 0, sourceMethod: "express", address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB", email: "ada@example.com" } }],
  };
  const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
  const connector = createContext({ type: "connector", connectorId: "con_life", customerId }, { db: runtime.db });
  return (await intakeOrder({ ctx: connector, customerId, channel: "gelato_api", connectorId: "con_life", prepared, rawBody: JSON.stringify(input), payload: input })).order;
}

async function insertStore(): Promise<string> {
  const id = createId("store");
  await runtime.db.insert(stores).values({ id, customerId, platform: "shopify", name: "Lifecycle shop", identity: `${id}.myshopify.com`, credentialsEncrypted: null });
  return id;
}

describe("customer deactivation", () => {
  it("refuses the customer's order APIs with a clear 403 until it is reactivated, keeping its orders", async () => {
    const connector = await createConnector({ ctx: ctx(), customerId, input: { type: "gelato", name: "Shop API" } });
    const before = (await findConnectorCredentials(runtime.db, connector.apiKey))!;
    expect(await resolveConnectorCustomer(runtime.db, before, undefined)).toBe(customerId);
    const kept = await submit("LIFE-KEPT");

    expect((await deactivateCustomer({ ctx: ctx(), customerId })).deactivatedAt).not.toBeNull();
    const during = (await findConnectorCredentials(runtime.db, connector.apiKey))!;
    await expect(resolveConnectorCustomer(runtime.db, during, undefined)).rejects.toMatchObject({ code: "forbidden", reason: "customer_deactivated" });
    expect((await runtime.db.select().from(orders).where(eq(orders.id, kept.id))).length).toBe(1);

    expect((await reactivateCustomer({ ctx: ctx(), customerId })).deactivatedAt).toBeNull();
    const after = (await findConnectorCredentials(runtime.db, connector.apiKey))!;
    expect(await resolveConnectorCustomer(runtime.db, after, undefined)).toBe(customerId);
  });

  it("records its shops' webhooks as ignored and skips its stores' polls", async () => {
    const storeId = await insertStore();
    await deactivateCustomer({ ctx: ctx(), customerId });
    const eventId = createId("webhookEvent");
    await runtime.db.insert(webhookEvents).values({ id: eventId, platform: "shopify", deliveryId: eventId, storeId, customerId, identity: "x", topic: "orders/paid", rawBody: "{}" });
    expect(await handleWebhookEvent(systemContext("test", { db: runtime.db }), eventId)).toEqual({ status: "ignored", outcome: "The customer is deactivated" });
    // A poll would need the store's credentials (there are none): a deactivated customer's store is not even opened.
    expect(await reconcileStore(systemContext("test", { db: runtime.db }), storeId)).toEqual({ orders: 0, taken: 0, failed: 0 });
    await reactivateCustomer({ ctx: ctx(), customerId });
    await expect(reconcileStore(systemContext("test", { db: runtime.db }), storeId)).rejects.toThrow();
    expect((await getCustomer({ ctx: ctx(), customerId })).deactivatedAt).toBeNull();
  });
});

describe("retention", () => {
  it("purges raw bodies and finished orders' addresses past RETENTION_DAYS, keeping what production needs", async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    const finished = await submit("LIFE-OLD-DONE");
    const open = await submit("LIFE-OLD-OPEN");
    const recent = await submit("LIFE-RECENT");
    await runtime.db.update(orders).set({ createdAt: old, status: "delivered", statusChangedAt: old }).where(eq(orders.id, finished.id));
    await runtime.db.update(orders).set({ createdAt: old, status: "in_production", statusChangedAt: old }).where(eq(orders.id, open.id));
    const oldEvent = createId("webhookEvent");
    const newEvent = createId("webhookEvent");
    await runtime.db.insert(webhookEvents).values([
      { id: oldEvent, platform: "shopify", deliveryId: oldEvent, identity: "x", topic: "orders/paid", headers: { "x-shopify-shop-domain": "x" }, rawBody: '{"email":"ada@example.com"}', receivedAt: old, status: "processed" },
      { id: newEvent, platform: "shopify", deliveryId: newEvent, identity: "x", topic: "orders/paid", rawBody: '{"email":"ada@example.com"}', status: "processed" },
    ]);

    const purged = await purgeExpiredPersonalData(systemContext("test", { db: runtime.db }), 90);
    expect(purged).toMatchObject({ webhookBodies: 1, orderPayloads: 2, addresses: 1 });
    expect(await purgeExpiredPersonalData(systemContext("test", { db: runtime.db }), 90)).toEqual({ webhookBodies: 0, orderPayloads: 0, addresses: 0 });

    const [event] = await runtime.db.select().from(webhookEvents).where(eq(webhookEvents.id, oldEvent));
    expect(event).toMatchObject({ rawBody: '{"redacted":true}', headers: {}, status: "processed" });
    expect((await runtime.db.select().from(webhookEvents).where(eq(webhookEvents.id, newEvent)))[0]!.rawBody).toContain("ada@example.com");

    const shipment = async (orderId: string) => (await runtime.db.select().from(orderShipments).where(eq(orderShipments.orderId, orderId)))[0]!;
    expect((await shipment(finished.id)).address).toEqual({ firstName: "", lastName: "", addressLine1: "", city: "", postCode: "", country: "GB" });
    expect((await shipment(finished.id)).method).toBe((await shipment(recent.id)).method);
    expect((await shipment(open.id)).address.addressLine1).toBe("1 Analytical St");
    const [done] = await runtime.db.select().from(orders).where(eq(orders.id, finished.id));
    expect(done).toMatchObject({ status: "delivered", rawBody: '{"redacted":true}', recipientName: null });
    expect((await runtime.db.select().from(orders).where(eq(orders.id, recent.id)))[0]!.rawBody).toContain("Analytical");
  });
});
