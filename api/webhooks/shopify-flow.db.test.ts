import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestCustomer, staffContext } from "@/db/factories";
import { storeEvents, stores } from "@/db/schema";
import { setEnv } from "@/lib/env";
import { createProduct } from "@/lib/services/catalog";
import { approveOrder, changeOrderStatus } from "@/lib/services/orders";
import { connectStore, fulfilStoreOrder, getStore, ignoreVariant, linkVariant, syncStore, updateStore, type StoreView } from "@/lib/services/stores";
import { systemContext } from "@/lib/services/context";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { useTestServer } from "@/tests/support/runtime";
import type { ShopifyFake } from "@/connectors/shopify/fake";
import { findShopOrder, fulfilmentsOf, shippingAddress, shopifyEnv, startFakeFor, waitForShopOrder, webhookEventsOf } from "@/tests/support/shopify-store";

// Shopify end to end: the real connector against the fake, which delivers its webhooks (with
// duplicates and out-of-order deliveries) to this server on a real port.

const shop = "acme-prints.myshopify.com";
const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const art = `${files.url}/art/poster.pdf`;
const env = shopifyEnv({ FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` });
let fake: ShopifyFake;
beforeAll(async () => {
  fake = await startFakeFor(env, { webhookFaults: { duplicateProbability: 0.3, outOfOrderProbability: 0.3, maxDelayMs: 60, seed: 11 } });
});
const server = useTestServer({ env });
afterAll(async () => {
  await fake?.close();
  await files.close();
});

let store: StoreView;
let customerId: string;
let variants: { linked: string; unlinked: string; other: string; giftCard: string; productId: string; otherProductId: string };

beforeAll(async () => {
  // Shopify must deliver to this server's real address.
  setEnv({ ...server.env, APP_URL: server.url });
  const ctx = staffContext(server.db);
  await createProduct({ ctx, input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  customerId = (await createTestCustomer(server.db, { name: "Acme Prints" })).id;
  fake.shops.createShop(shop, { name: "Acme Prints" });
  const poster = fake.shops.createProduct(shop, {
    title: "Poster",
    variants: [
      { sku: "POSTER-A3", price: "25", options: { Size: "A3" } },
      { sku: "POSTER-A2", price: "35", options: { Size: "A2" } },
    ],
  });
  const mug = fake.shops.createProduct(shop, { title: "Mug", variants: [{ sku: null, price: "12", options: { Colour: "White" } }] });
  const giftCard = fake.shops.createProduct(shop, { title: "Gift card", variants: [{ sku: "GIFT", price: "20", requiresShipping: false }] });
  variants = {
    linked: String(poster.variantIds[0]),
    unlinked: String(poster.variantIds[1]),
    other: String(mug.variantIds[0]),
    giftCard: String(giftCard.variantIds[0]),
    productId: String(poster.id),
    otherProductId: String(mug.id),
  };
  store = await connectStore({ ctx, customerId, input: { platform: "shopify", shopDomain: shop, accessToken: fake.shops.createAccessToken(shop) } });
  await linkVariant({ ctx, storeId: store.id, input: { externalProductId: variants.productId, externalVariantId: variants.linked, productUid: "poster_a3", files: [{ type: "default", url: art }] } });
});

const place = (variantId: string, options: { financialStatus?: "PAID" | "PENDING"; quantity?: number } = {}) =>
  fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: options.quantity ?? 1 }], shippingAddress, financialStatus: options.financialStatus ?? "PAID", email: "ada@example.com" });

describe("Shopify stores", () => {
  it("connects by a custom app's token and subscribes its webhooks", async () => {
    expect(store).toMatchObject({ platform: "shopify", shopDomain: shop, status: "connected", approvalMode: "auto", webhookUrl: `${server.url}/api/webhooks/shopify` });
    expect(store.health.webhooks).toBe("ok");
    const subscriptions = fake.shops.listWebhookSubscriptions(shop);
    expect(subscriptions.map((subscription) => subscription.topic)).toEqual(expect.arrayContaining(["ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_CANCELLED", "APP_UNINSTALLED"]));
    expect(new Set(subscriptions.map((subscription) => subscription.uri))).toEqual(new Set([`${server.url}/api/webhooks/shopify`]));
  });

  it("takes a paid order from its webhook to passed with the product and files of its link", async () => {
    const placed = place(variants.linked, { quantity: 2 });
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    expect(order).toMatchObject({ channel: "shopify", storeId: store.id, customerReferenceId: placed.name, recipientName: "Ada Lovelace" });
    expect(order.items).toHaveLength(1);
    expect(order.items[0]).toMatchObject({ productUid: "poster_a3", quantity: 2, files: [{ type: "default", url: art }], sourceProductKey: "POSTER-A3" });
    await fake.webhooks.idle();
    expect((await findShopOrder(server.db, store.id, placed.id))?.id).toBe(order.id);
    const health = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health;
    expect(health.lastWebhookAt).not.toBeNull();
    // The connect's product sync found the shop's other variants, which nobody linked.
    expect(health).toMatchObject({ webhooks: "ok", ordersWaiting: 0, state: health.unlinkedVariants > 0 ? "warning" : "ok" });
  });

  it("ends duplicates and out-of-order deliveries in one order with the latest address", async () => {
    const placed = place(variants.linked);
    fake.shops.updateShippingAddress(shop, placed.id, { ...shippingAddress, firstName: "Augusta", address1: "1 Kirkby Mallory" });
    await fake.webhooks.idle();
    await expect.poll(async () => (await findShopOrder(server.db, store.id, placed.id))?.shipments[0]?.address.addressLine1, { timeout: 20_000 }).toBe("1 Kirkby Mallory");
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    expect(order.recipientName).toBe("Augusta Lovelace");
    const events = await webhookEventsOf(server.db, placed.id);
    expect(new Set(events.map((event) => event.deliveryId)).size).toBe(events.length);
  });

  it("ends a burst of orders with duplicate and reordered deliveries in exactly one order each", async () => {
    const placed = Array.from({ length: 30 }, () => place(variants.linked));
    for (const order of placed.slice(0, 10)) fake.shops.updateShippingAddress(shop, order.id, { ...shippingAddress, address1: `${order.id} Burst Road` });
    await fake.webhooks.idle();
    for (const order of placed) await waitForShopOrder(server.db, store.id, order.id, "passed");
    for (const order of placed.slice(0, 10)) {
      await expect.poll(async () => (await findShopOrder(server.db, store.id, order.id))?.shipments[0]?.address.addressLine1, { timeout: 20_000 }).toBe(`${order.id} Burst Road`);
    }
    expect(fake.webhooks.attempts.some((attempt) => attempt.duplicate)).toBe(true);
  }, 120_000);

  it("holds an order with an unlinked variant in not_connected, then a link runs it again", async () => {
    const placed = place(variants.unlinked);
    const waiting = await waitForShopOrder(server.db, store.id, placed.id, "not_connected");
    expect(waiting.statusReason).toContain("Poster");
    expect(waiting.items[0]).toMatchObject({ productUid: null, status: "not_connected", sourceProductKey: "POSTER-A2" });
    expect((await getStore({ ctx: staffContext(server.db), storeId: store.id })).health).toMatchObject({ state: "warning", ordersWaiting: 1 });
    await linkVariant({
      ctx: staffContext(server.db),
      storeId: store.id,
      input: { externalProductId: `gid://shopify/Product/${variants.productId}`, externalVariantId: `gid://shopify/ProductVariant/${variants.unlinked}`, productUid: "poster_a3", files: [{ type: "default", url: art }] },
    });
    const passed = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    expect(passed.items[0]).toMatchObject({ productUid: "poster_a3", files: [{ type: "default", url: art }] });
  });

  it("leaves out lines that need no shipping, and lines of a variant ignored while the order waits", async () => {
    const placed = fake.shops.placeOrder(shop, {
      lineItems: [
        { variantId: variants.linked, quantity: 1 },
        { variantId: variants.other, quantity: 1 },
        { variantId: variants.giftCard, quantity: 1 },
      ],
      shippingAddress,
      financialStatus: "PAID",
    });
    const waiting = await waitForShopOrder(server.db, store.id, placed.id, "not_connected");
    expect(waiting.items).toHaveLength(2);
    expect(waiting.statusReason).toContain("Mug");
    await ignoreVariant({ ctx: staffContext(server.db), storeId: store.id, input: { externalVariantId: variants.other } });
    const passed = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    expect(passed.items.map((item) => item.sourceProductKey)).toEqual(["POSTER-A3"]);
  });

  it("takes nothing from an unpaid order until it is paid, and says why on its delivery", async () => {
    const placed = place(variants.linked, { financialStatus: "PENDING" });
    await fake.webhooks.idle();
    await expect
      .poll(
        async () => {
          const events = await webhookEventsOf(server.db, placed.id);
          return events.length > 0 && events.every((event) => event.status === "ignored");
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(await findShopOrder(server.db, store.id, placed.id)).toBeUndefined();
    const [event] = await webhookEventsOf(server.db, placed.id);
    expect(event?.outcome?.toLowerCase()).toMatch(/pa(id|yment)/);
    const log = await server.db.select().from(storeEvents).where(eq(storeEvents.externalOrderId, String(placed.id)));
    expect(log.length).toBeGreaterThan(0);
    fake.shops.markPaid(shop, placed.id);
    await waitForShopOrder(server.db, store.id, placed.id, "passed");
  });

  it("holds orders of a store in manual approval until they are approved", async () => {
    const ctx = staffContext(server.db);
    await updateStore({ ctx, storeId: store.id, input: { approvalMode: "manual" } });
    try {
      const placed = place(variants.linked);
      const held = await waitForShopOrder(server.db, store.id, placed.id, "on_hold");
      expect(held.statusReason).toBe("awaiting approval");
      const approved = await approveOrder({ ctx, orderId: held.id });
      expect(approved.status).toBe("passed");
    } finally {
      await updateStore({ ctx, storeId: store.id, input: { approvalMode: "auto" } });
    }
  });

  it("cancels an order cancelled in the shop while it is cancellable", async () => {
    const placed = place(variants.linked);
    await waitForShopOrder(server.db, store.id, placed.id, "passed");
    fake.shops.cancelOrder(shop, placed.id);
    const canceled = await waitForShopOrder(server.db, store.id, placed.id, "canceled");
    expect(canceled.statusReason).toContain("Shopify");
  });

  it("tells Shopify once per shipment when the order ships, even when the job runs twice, and updates the tracking", async () => {
    const ctx = staffContext(server.db);
    const placed = place(variants.linked);
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    await changeOrderStatus({ ctx, orderId: order.id, input: { status: "in_production" } });
    await changeOrderStatus({ ctx, orderId: order.id, input: { status: "printed" } });
    await changeOrderStatus({ ctx, orderId: order.id, input: { status: "shipped", carrier: "DHL", trackingCode: "TRACK-1", trackingUrl: "https://track.example/TRACK-1" } });
    await expect.poll(async () => (await fulfilmentsOf(server.db, order.id))[0]?.status, { timeout: 20_000 }).toBe("created");
    const system = systemContext("test", { db: server.db });
    await Promise.allSettled([fulfilStoreOrder(system, order.id), fulfilStoreOrder(system, order.id)]);
    await fulfilStoreOrder(system, order.id);
    const made = fake.shops.listFulfillments(shop, placed.id);
    expect(made).toHaveLength(1);
    expect(made[0]!.trackingInfo[0]).toMatchObject({ number: "TRACK-1", company: "DHL" });
    await changeOrderStatus({ ctx, orderId: order.id, input: { status: "in_transit", trackingCode: "TRACK-2", trackingUrl: "https://track.example/TRACK-2", carrier: "DHL" } });
    await expect.poll(() => fake.shops.listFulfillments(shop, placed.id)[0]?.trackingInfo[0]?.number, { timeout: 20_000 }).toBe("TRACK-2");
    expect(fake.shops.listFulfillments(shop, placed.id)).toHaveLength(1);
    await expect
      .poll(async () => (await findShopOrder(server.db, store.id, placed.id))!.events.map((event) => event.type), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(["order.shop_fulfilled", "order.shop_tracking_updated"]));
  });

  it("removes a customer's personal data on customers/redact", async () => {
    const placed = place(variants.linked);
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    fake.webhooks.sendCompliance(shop, "customers/redact", { uri: `${server.url}/api/webhooks/shopify`, orderIds: [placed.id] });
    await expect.poll(async () => (await findShopOrder(server.db, store.id, placed.id))?.recipientName, { timeout: 20_000 }).toBeNull();
    const redacted = (await findShopOrder(server.db, store.id, placed.id))!;
    expect(redacted.id).toBe(order.id);
    expect(redacted.shipments[0]!.address.addressLine1).toBe("");
    expect(redacted.items[0]!.productUid).toBe("poster_a3");
  });

  it("takes an order whose webhook was lost on the next sync, and restores the deleted subscriptions", async () => {
    fake.shops.deleteWebhookSubscriptions(shop);
    const placed = place(variants.linked);
    await fake.webhooks.idle();
    expect(await findShopOrder(server.db, store.id, placed.id)).toBeUndefined();
    await syncStore({ ctx: staffContext(server.db), storeId: store.id });
    await waitForShopOrder(server.db, store.id, placed.id, "passed");
    await expect.poll(() => fake.shops.listWebhookSubscriptions(shop).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health.lastSyncAt, { timeout: 20_000 }).not.toBeNull();
    const health = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health;
    expect(health).toMatchObject({ webhooks: "ok", lastSyncError: null });
  });

  it("moves the store metrics: deliveries, ingest latency, platform calls, sync duration, stores by state", async () => {
    const scrape = async () => (await server.server.app.inject({ method: "GET", url: "/api/metrics", remoteAddress: "127.0.0.1" })).body;
    const value = (text: string, name: string, labels: Record<string, string>) =>
      text
        .split("\n")
        .filter((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([key, label]) => line.includes(`${key}="${label}"`)))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    const before = await scrape();
    const placed = place(variants.linked);
    await waitForShopOrder(server.db, store.id, placed.id, "passed");
    const lastSyncAt = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health.lastSyncAt;
    await syncStore({ ctx: staffContext(server.db), storeId: store.id });
    await expect.poll(async () => (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health.lastSyncAt, { timeout: 20_000 }).not.toBe(lastSyncAt);
    const after = await scrape();
    for (const [name, labels] of [
      ["inkbridge_webhook_deliveries_total", { platform: "shopify", outcome: "queued" }],
      ["inkbridge_webhook_ingest_latency_seconds_count", { platform: "shopify", outcome: "processed" }],
      ["inkbridge_platform_api_calls_total", { platform: "shopify", outcome: "ok" }],
      ["inkbridge_store_sync_duration_seconds_count", { platform: "shopify", outcome: "ok" }],
    ] as const) {
      expect({ name, moved: value(after, name, labels) > value(before, name, labels) }).toEqual({ name, moved: true });
    }
    expect(value(after, "inkbridge_stores", {})).toBeGreaterThanOrEqual(1);
    expect(after).toContain("# TYPE inkbridge_platform_api_throttled_total counter");
    expect(after).toContain("# TYPE inkbridge_store_sync_errors_total counter");
  });

  it("shows a fulfilment Shopify refuses on the order's timeline and among the store's failing jobs", async () => {
    const ctx = staffContext(server.db);
    const placed = place(variants.linked);
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    // Fulfilled elsewhere meanwhile: nothing is left open for Inkbridge's fulfilment.
    for (const fulfillmentOrder of fake.shops.listFulfillmentOrders(shop, placed.id)) fulfillmentOrder.status = "CLOSED";
    for (const status of ["in_production", "printed"] as const) await changeOrderStatus({ ctx, orderId: order.id, input: { status } });
    await changeOrderStatus({ ctx, orderId: order.id, input: { status: "shipped", carrier: "DHL", trackingCode: "TRACK-REFUSED" } });
    await expect.poll(async () => (await fulfilmentsOf(server.db, order.id))[0]?.status, { timeout: 20_000 }).toBe("failed");
    const timeline = (await findShopOrder(server.db, store.id, placed.id))!.events;
    expect(timeline.find((event) => event.type === "order.shop_sync_failed")?.message).toContain("nothing left to fulfil");
    await expect.poll(async () => (await getStore({ ctx, storeId: store.id })).health.failingJobs, { timeout: 20_000 }).toBe(1);
    expect((await getStore({ ctx, storeId: store.id })).health.state).toBe("error");
  });

  it("marks a store whose token was revoked as needing a reconnect, and fails the delivery visibly", async () => {
    const other = "second-shop.myshopify.com";
    fake.shops.createShop(other);
    const product = fake.shops.createProduct(other, { title: "Card", variants: [{ sku: "CARD", price: "5" }] });
    const token = fake.shops.createAccessToken(other);
    const second = await connectStore({ ctx: staffContext(server.db), customerId, input: { platform: "shopify", shopDomain: other, accessToken: token } });
    fake.shops.revokeToken(token);
    const placed = fake.shops.placeOrder(other, { lineItems: [{ variantId: product.variantIds[0]!, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    await expect.poll(async () => (await getStore({ ctx: staffContext(server.db), storeId: second.id })).status, { timeout: 20_000 }).toBe("revoked");
    // Whichever notices the revoked token first (this delivery, or the product sync that connecting
    // queued), every delivery for the order settles as failed or as ignored because of it.
    await expect
      .poll(async () => {
        const events = await webhookEventsOf(server.db, placed.id);
        return events.length > 0 && events.every((event) => event.status === "failed" || event.status === "ignored");
      }, { timeout: 20_000 })
      .toBe(true);
    const settled = await webhookEventsOf(server.db, placed.id);
    for (const event of settled) {
      expect(["failed", "ignored"]).toContain(event.status);
      expect(event.outcome).toMatch(/revoked|credentials|token/i);
    }
    expect(await findShopOrder(server.db, second.id, placed.id)).toBeUndefined();
    expect((await getStore({ ctx: staffContext(server.db), storeId: second.id })).health).toMatchObject({ state: "error" });
    // Reconnected with a new token, the store catches up on the order it missed.
    const again = await connectStore({ ctx: staffContext(server.db), customerId, input: { platform: "shopify", shopDomain: other, accessToken: fake.shops.createAccessToken(other) } });
    expect(again).toMatchObject({ id: second.id, status: "connected" });
    await syncStore({ ctx: staffContext(server.db), storeId: second.id });
    await waitForShopOrder(server.db, second.id, placed.id, "not_connected");
  });

  it("marks the store revoked when the app is uninstalled", async () => {
    fake.shops.uninstall(shop);
    await expect.poll(async () => (await server.db.select({ status: stores.status }).from(stores).where(eq(stores.id, store.id)))[0]?.status, { timeout: 20_000 }).toBe("revoked");
    const health = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health;
    expect(health.state).toBe("error");
  });

});
