import { createHmac, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray } from "drizzle-orm";
import { createTestCustomer, staffContext } from "@/db/factories";
import { jobOutbox, orders, webhookEvents } from "@/db/schema";
import { createProduct } from "@/lib/services/catalog";
import { systemContext } from "@/lib/services/context";
import { createLogger } from "@/lib/log";
import { shippingAddress, useShopifyRuntime } from "@/tests/support/shopify-store";
import { connectStore, linkVariant, type StoreView } from "./index";
import { handleWebhookEvents } from "./handle-webhook";
import { receiveWebhook } from "./receive-webhook";

// The webhook intake and its processing as the job calls them: deliveries stored together by one
// statement, and a batch of deliveries processed with one re-read per order.

const shop = "batches.myshopify.com";
const secret = "batches app secret";
const shopify = await useShopifyRuntime();
const { runtime } = shopify;

let store: StoreView;
let variantId: string;
beforeAll(async () => {
  const ctx = staffContext(runtime.db);
  await createProduct({ ctx, input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  const customer = await createTestCustomer(runtime.db, { name: "Batch Prints" });
  shopify.fake.shops.createShop(shop);
  const product = shopify.fake.shops.createProduct(shop, { title: "Poster", variants: [{ sku: "POSTER-A3", price: "25" }] });
  variantId = String(product.variantIds[0]);
  store = await connectStore({
    ctx,
    customerId: customer.id,
    input: { platform: "shopify", shopDomain: shop, accessToken: shopify.fake.shops.createAccessToken(shop), webhookSecret: secret, registerWebhooks: false },
  });
  await linkVariant({ ctx, storeId: store.id, input: { externalProductId: String(product.id), externalVariantId: variantId, productUid: "poster_a3", files: [{ type: "default", url: shopify.art("poster.pdf") }] } });
});

const log = createLogger("silent");
const ctx = () => systemContext("test", { db: runtime.db });
const place = () => shopify.fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress, financialStatus: "PAID" }).id;

/** A signed delivery about a shop order, through the intake service; resolves to the stored event's id (null for a repeat). */
async function deliver(orderId: number, options: { topic?: string; webhookId?: string } = {}): Promise<string | null> {
  const body = Buffer.from(JSON.stringify({ id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}` }));
  const receipt = await receiveWebhook({
    db: runtime.db,
    log,
    platform: "shopify",
    rawBody: body,
    headers: {
      "x-shopify-topic": options.topic ?? "orders/updated",
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
    },
  });
  if (receipt.status !== 200) throw new Error(`refused: ${receipt.status}`);
  return receipt.eventId;
}

/** GraphQL points the shop's bucket loses while `work` runs (it does not refill meanwhile). */
async function pointsSpent(work: () => Promise<unknown>): Promise<number> {
  shopify.fake.shops.setThrottle(shop, { capacity: 1_000_000, restoreRate: 0.000001, currentlyAvailable: 1_000_000 });
  await work();
  return 1_000_000 - shopify.fake.shops.getShop(shop).bucket.status().currentlyAvailable;
}

const eventsOf = (ids: string[]) => runtime.db.select().from(webhookEvents).where(inArray(webhookEvents.id, ids));

describe("receiveWebhook", () => {
  it("stores concurrent deliveries once per webhook id, each with one job, and answers the repeats among them as duplicates", async () => {
    const [jobsBefore] = await runtime.db.select({ n: count() }).from(jobOutbox).where(eq(jobOutbox.queue, "store.webhook"));
    const webhookIds = Array.from({ length: 40 }, () => randomUUID());
    const orderId = place();
    // Each id three times, all in flight at once: they share statements, and a repeat waits for the next one.
    const answers = await Promise.all(webhookIds.flatMap((webhookId) => [0, 1, 2].map(async () => ({ webhookId, eventId: await deliver(orderId, { webhookId }) }))));
    for (const webhookId of webhookIds) {
      expect(answers.filter((answer) => answer.webhookId === webhookId && answer.eventId !== null)).toHaveLength(1);
    }
    const stored = await runtime.db.select().from(webhookEvents).where(inArray(webhookEvents.deliveryId, webhookIds));
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((event) => event.id))).toEqual(new Set(answers.map((answer) => answer.eventId).filter(Boolean)));
    expect(stored.every((event) => event.status === "received" && event.storeId === store.id && event.externalOrderId === String(orderId))).toBe(true);
    const jobs = await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.queue, "store.webhook"));
    expect(jobs.length - Number(jobsBefore!.n)).toBe(40);
    for (const event of stored) expect(jobs.filter((job) => (job.payload as { eventId: string }).eventId === event.id)).toHaveLength(1);
  });
});

describe("handleWebhookEvents", () => {
  it("re-reads an order once for all its deliveries in a batch and settles every delivery with the order", async () => {
    const single = await deliver(place(), { topic: "orders/create" });
    const oneRead = await pointsSpent(() => handleWebhookEvents(ctx(), [single!]));
    expect(oneRead).toBeGreaterThan(0);

    const first = place();
    const second = place();
    const firstIds = [await deliver(first, { topic: "orders/create" }), await deliver(first, { topic: "orders/paid" }), await deliver(first)] as string[];
    const secondIds = [await deliver(second, { topic: "orders/create" }), await deliver(second)] as string[];
    let failures = new Map<string, unknown>();
    const spent = await pointsSpent(async () => (failures = await handleWebhookEvents(ctx(), [...firstIds, ...secondIds])));
    expect(failures.size).toBe(0);
    expect(spent).toBe(2 * oneRead);

    const [firstOrder] = await runtime.db.select().from(orders).where(and(eq(orders.storeId, store.id), eq(orders.externalId, String(first))));
    const [secondOrder] = await runtime.db.select().from(orders).where(and(eq(orders.storeId, store.id), eq(orders.externalId, String(second))));
    const settled = await eventsOf([...firstIds, ...secondIds]);
    for (const event of settled) {
      expect(event.status).toBe("processed");
      expect(event.processedAt).not.toBeNull();
      expect(event.orderId).toBe(firstIds.includes(event.id) ? firstOrder!.id : secondOrder!.id);
    }
  });

  it("runs a batch cut off midway again with only the deliveries it had not settled", async () => {
    const orderIds = [place(), place(), place()];
    const ids = (await Promise.all(orderIds.map((orderId) => deliver(orderId, { topic: "orders/create" })))) as string[];
    const oneRead = await pointsSpent(() => handleWebhookEvents(ctx(), [ids[0]!]));
    const [done] = await eventsOf([ids[0]!]);
    expect(done!.status).toBe("processed");

    // The whole batch again, as after a crash: the settled delivery is left alone, the others are done once.
    const spent = await pointsSpent(() => handleWebhookEvents(ctx(), ids));
    expect(spent).toBe(2 * oneRead);
    const after = await eventsOf(ids);
    expect(after.every((event) => event.status === "processed" && event.orderId)).toBe(true);
    expect(after.find((event) => event.id === ids[0])!.processedAt).toEqual(done!.processedAt);
    const made = await runtime.db.select({ n: count() }).from(orders).where(and(eq(orders.storeId, store.id), inArray(orders.externalId, orderIds.map(String))));
    expect(Number(made[0]!.n)).toBe(3);
  });

  it("fails an unknown delivery without a retry and handles the rest of the batch", async () => {
    const known = await deliver(place(), { topic: "orders/create" });
    const failures = await handleWebhookEvents(ctx(), [known!, "whe_unknown"]);
    expect([...failures.keys()]).toEqual(["whe_unknown"]);
    expect((failures.get("whe_unknown") as Error).name).toBe("NonRetryableError");
    expect((await eventsOf([known!]))[0]!.status).toBe("processed");
  });
});
