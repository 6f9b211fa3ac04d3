import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { createTestCustomer, staffContext } from "@/db/factories";
import { storeEvents, stores } from "@/db/schema";
import { createProduct } from "@/lib/services/catalog";
import { changeOrderStatus } from "@/lib/services/orders";
import { connectStore, fulfilStoreOrder, getStore, linkVariant, loadStoreRow, reconcileStore, scheduleReconciliation, type StoreView } from "@/lib/services/stores";
import { readCredentials } from "@/lib/services/stores/session";
import { databaseRateStore, redisRateStore, SharedEtsyRateLimiter, type EtsyRateStore } from "@/lib/services/stores/etsy-rate";
import { planEtsyPolls } from "@/lib/services/stores/etsy-poll";
import { systemContext } from "@/lib/services/context";
import { ShopError, type EtsyCredentials } from "@/connectors/types";
import { TRACKING_FORBIDDEN_MESSAGE, WITHHELD_ADDRESS_REASON } from "@/connectors/etsy";
import { startEtsyFake, type EtsyFake } from "@/connectors/etsy/fake";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { useTestServer } from "@/tests/support/runtime";
import { findShopOrder, fulfilmentsOf, waitForShopOrder, webhookEventsOf } from "@/tests/support/shopify-store";

// Etsy end to end: the real connector against the fake Etsy, polled and hinted through the same
// stores framework as Shopify, with the app's rate limiter counting in the database (or Redis).

const keystring = "inkbridgetestkeystring01";
const sharedSecret = "inkbridge-etsy-secret";
const webhookSecret = `whsec_${Buffer.alloc(24, 5).toString("base64")}`;
const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const art = `${files.url}/art/poster.pdf`;
const env: Record<string, string> = {
  ETSY_KEYSTRING: keystring,
  ETSY_SHARED_SECRET: sharedSecret,
  ETSY_WEBHOOK_SECRET: webhookSecret,
  FILE_FETCH_HTTP: "on",
  FILE_FETCH_ALLOW: `127.0.0.1:${files.port}`,
};
let fake: EtsyFake;
beforeAll(async () => {
  fake = await startEtsyFake({ keystring, sharedSecret, autoApprove: true, allowHttpRedirects: true });
  env.ETSY_API_ORIGIN = fake.origin;
});
const server = useTestServer({ env });
afterAll(async () => {
  await fake?.close();
  await files.close();
});

let store: StoreView;
let shopId: number;
let listing: { listingId: number; productIds: number[] };

function tokensFor(shop: number): EtsyCredentials {
  const tokens = fake.world.createTokens(shop, keystring);
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString() };
}

beforeAll(async () => {
  const ctx = staffContext(server.db);
  await createProduct({ ctx, input: { productUid: "poster_a3", title: "A3 poster", fileTypes: ["default"] } });
  const customerId = (await createTestCustomer(server.db, { name: "Acme Prints" })).id;
  const made = fake.world.createUserWithShop({ shopName: "AcmePrints" });
  shopId = made.shop.shop_id;
  listing = fake.world.createListing(shopId, { title: "Poster", products: [{ sku: "POSTER-A3", price: "25", properties: { Size: "A3" } }, { sku: "POSTER-A2", price: "35", properties: { Size: "A2" } }] });
  // Tokens by hand, as the admin API takes them.
  store = await connectStore({ ctx, customerId, input: { platform: "etsy", shopId: String(shopId), ...tokensFor(shopId) } });
  await linkVariant({ ctx, storeId: store.id, input: { externalProductId: String(listing.listingId), externalVariantId: String(listing.productIds[0]), productUid: "poster_a3", files: [{ type: "default", url: art }] } });
});

const system = () => systemContext("test", { db: server.db });
const place = (options: { productId?: number; paid?: boolean } = {}) =>
  fake.world.placeReceipt(shopId, { lines: [{ listingId: listing.listingId, productId: options.productId ?? listing.productIds[0], quantity: 1 }], paid: options.paid ?? true });
const poll = () => reconcileStore(system(), store.id);
const storeRow = async () => (await loadStoreRow(server.db, store.id))!;

function signedHint(receiptId: number, id = `msg_${randomUUID()}`) {
  const body = JSON.stringify({ event_type: "order.paid", resource_url: `${fake.origin}/v3/application/shops/${shopId}/receipts/${receiptId}`, shop_id: shopId });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(webhookSecret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { body, headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` } };
}

async function ship(orderId: string, trackingCode: string) {
  const ctx = staffContext(server.db);
  await changeOrderStatus({ ctx, orderId, input: { status: "in_production" } });
  await changeOrderStatus({ ctx, orderId, input: { status: "printed" } });
  await changeOrderStatus({ ctx, orderId, input: { status: "shipped", carrier: "USPS", trackingCode } });
}

describe("Etsy stores", () => {
  it("connects by tokens given by hand, with Etsy's shop name and no managed webhooks", () => {
    expect(store).toMatchObject({ platform: "etsy", shopId: String(shopId), name: "AcmePrints", status: "connected", webhookUrl: `${server.env.APP_URL}/api/webhooks/etsy` });
    expect(store.health.webhooks).toBe("not_managed");
  });

  it("takes a paid receipt on the poll to passed with its link, and leaves unpaid ones", async () => {
    const paid = place();
    const unpaid = place({ paid: false });
    const outcome = await poll();
    expect(outcome.taken).toBeGreaterThanOrEqual(1);
    const order = await waitForShopOrder(server.db, store.id, paid.receipt_id, "passed");
    expect(order).toMatchObject({ channel: "etsy", storeId: store.id, customerReferenceId: `#${paid.receipt_id}` });
    expect(await findShopOrder(server.db, store.id, unpaid.receipt_id)).toBeUndefined();
    expect((await storeRow()).lastSyncAt).not.toBeNull();
  });

  it("reads receipts changed just before the cursor again, so none on the boundary is missed", async () => {
    const boundary = place();
    // The previous poll ended a minute after this receipt changed (Etsy's index lagged): the overlap still covers it.
    await server.db.update(stores).set({ reconcileCursor: new Date(Date.now() + 60_000) }).where(eq(stores.id, store.id));
    await poll();
    await waitForShopOrder(server.db, store.id, boundary.receipt_id, "passed");
  });

  it("fetches the receipt of a signed order.paid hint at once, and acknowledges a repeat without change", async () => {
    const receipt = place();
    const hint = signedHint(receipt.receipt_id);
    const first = await fetch(`${server.url}/api/webhooks/etsy`, { method: "POST", headers: hint.headers, body: hint.body });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: "queued" });
    await waitForShopOrder(server.db, store.id, receipt.receipt_id, "passed");
    const again = await fetch(`${server.url}/api/webhooks/etsy`, { method: "POST", headers: hint.headers, body: hint.body });
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    expect(await webhookEventsOf(server.db, receipt.receipt_id)).toHaveLength(1);
    const forged = signedHint(receipt.receipt_id);
    const refused = await fetch(`${server.url}/api/webhooks/etsy`, { method: "POST", headers: { ...forged.headers, "webhook-signature": "v1,AAAA" }, body: forged.body });
    expect(refused.status).toBe(401);
  });

  it("keeps a receipt whose address Etsy withholds on hold with the reason, and processes it once the address comes", async () => {
    fake.world.redactAddresses = true;
    const receipt = place();
    await poll();
    const held = await waitForShopOrder(server.db, store.id, receipt.receipt_id, "on_hold");
    expect(held.statusReason).toBe(WITHHELD_ADDRESS_REASON);
    fake.world.redactAddresses = false;
    await poll();
    await waitForShopOrder(server.db, store.id, receipt.receipt_id, "passed");
  });

  it("refreshes an access token about to expire and saves the rotated refresh token", async () => {
    const before = readCredentials(await storeRow()) as EtsyCredentials;
    const { setStoreCredentials } = await credentialsSetter();
    await setStoreCredentials({ ...before, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await poll();
    const after = readCredentials(await storeRow()) as EtsyCredentials;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect((await storeRow()).status).toBe("connected");
  });

  it("marks a store whose refresh Etsy refuses as expired, saying how to reconnect", async () => {
    const ctx = staffContext(server.db);
    const customerId = (await createTestCustomer(server.db, { name: "Expiring" })).id;
    const other = fake.world.createUserWithShop({ shopName: "ExpiringShop" });
    const tokens = tokensFor(other.shop.shop_id);
    const expiring = await connectStore({ ctx, customerId, input: { platform: "etsy", shopId: String(other.shop.shop_id), ...tokens } });
    const row = (await loadStoreRow(server.db, expiring.id))!;
    fake.world.revokeToken(tokens.refreshToken);
    const { sealCredentials } = await import("@/lib/services/stores/session");
    await server.db
      .update(stores)
      .set({ credentialsEncrypted: sealCredentials({ ...(readCredentials(row) as EtsyCredentials), expiresAt: new Date(Date.now() - 1000).toISOString() }) })
      .where(eq(stores.id, expiring.id));
    await expect(reconcileStore(system(), expiring.id)).rejects.toThrow(/refresh/);
    const view = await getStore({ ctx, storeId: expiring.id });
    expect(view.status).toBe("expired");
    expect(view.health.reason).toMatch(/reconnect the store/);
  });

  it("polls Etsy stores every 10 minutes and defers them when the app's daily budget runs low", async () => {
    const ctx = system();
    const plenty = await planEtsyPolls(ctx, new Date(), { limitPerDay: 10_000, usedToday: 100, remainingToday: 9_900, resetsInMs: 3_600_000 });
    expect(plenty.due.map((row) => row.id)).toContain(store.id);
    expect(plenty.skipped).toBe(0);
    const low = await planEtsyPolls(ctx, new Date(), { limitPerDay: 10_000, usedToday: 8_000, remainingToday: 2_000, resetsInMs: 3_600_000 });
    expect(low.due).toHaveLength(0);
    expect(low.skipped).toBeGreaterThan(0);
    // With a budget that allows one poll per slot, the longest unsynced store goes first.
    const one = await planEtsyPolls(ctx, new Date(), { limitPerDay: 10_000, usedToday: 7_000, remainingToday: 2_000 + 6, resetsInMs: 60 * 60_000 });
    expect(one.due).toHaveLength(1);
    expect(await scheduleReconciliation(ctx)).toBeGreaterThanOrEqual(1);
    const view = await getStore({ ctx: staffContext(server.db), storeId: store.id });
    expect(view.health.callBudget?.limitPerDay).toBe(10_000);
    expect(view.health.callBudget?.usedToday).toBeGreaterThan(0);
  });

  it("backs off when Etsy answers 429 and takes the receipt once the pause is over", async () => {
    const receipt = place();
    fake.rate.block(1500);
    const started = Date.now();
    await poll();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await waitForShopOrder(server.db, store.id, receipt.receipt_id, "passed");
  });

  it("sends one shipment per parcel to Etsy, also when the fulfilment runs again", async () => {
    const receipt = place();
    await poll();
    const order = await waitForShopOrder(server.db, store.id, receipt.receipt_id, "passed");
    await ship(order.id, "9400100000000000000001");
    await expect.poll(async () => (await fulfilmentsOf(server.db, order.id))[0]?.status, { timeout: 20_000 }).toBe("created");
    await Promise.allSettled([fulfilStoreOrder(system(), order.id), fulfilStoreOrder(system(), order.id)]);
    await fulfilStoreOrder(system(), order.id);
    const shipments = fake.world.findReceipt(receipt.receipt_id)!.shipments;
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({ tracking_code: "9400100000000000000001", carrier_name: "usps" });
  });

  it("shows Etsy's refusal of tracking (403) on the store's health and log in plain words", async () => {
    const receipt = place();
    await poll();
    const order = await waitForShopOrder(server.db, store.id, receipt.receipt_id, "passed");
    fake.world.forbidTracking = true;
    try {
      await ship(order.id, "9400100000000000000002");
      await expect.poll(async () => (await fulfilmentsOf(server.db, order.id))[0]?.status, { timeout: 20_000 }).toBe("failed");
    } finally {
      fake.world.forbidTracking = false;
    }
    // The store's log is written just after the fulfilment is marked failed.
    await expect
      .poll(async () => (await server.db.select().from(storeEvents).where(eq(storeEvents.storeId, store.id))).find((event) => event.type === "fulfilment.refused")?.message, { timeout: 10_000 })
      .toBe(TRACKING_FORBIDDEN_MESSAGE);
    expect(fake.world.findReceipt(receipt.receipt_id)!.shipments).toHaveLength(0);
    const health = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health;
    expect(health.state).toBe("error");
    expect(health.reason).toBe(`Tracking was not accepted: ${TRACKING_FORBIDDEN_MESSAGE}`);
  });
});

async function credentialsSetter() {
  const { sealCredentials } = await import("@/lib/services/stores/session");
  return {
    async setStoreCredentials(credentials: EtsyCredentials) {
      await server.db.update(stores).set({ credentialsEncrypted: sealCredentials(credentials) }).where(eq(stores.id, store.id));
    },
  };
}

async function limiterPair(make: (app: string) => EtsyRateStore) {
  const app = `test-${randomUUID()}`;
  return [new SharedEtsyRateLimiter(make(app), app), new SharedEtsyRateLimiter(make(app), app)] as const;
}

function sharesLimits(name: string, storeFor: () => EtsyRateStore) {
  describe(`the Etsy rate limiter on ${name}`, () => {
    it("counts the calls of two limiters (two processes) against one per-second and one daily window", async () => {
      const [first, second] = await limiterPair(storeFor);
      // Etsy allows 2 a second here: fixed windows take half, so each second lets one call through in all.
      first.observe({ limitPerSecond: 2 });
      second.observe({ limitPerSecond: 2 });
      const started = Date.now();
      await Promise.all([first.acquire(), second.acquire(), first.acquire(), second.acquire()]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect((await first.usage()).usedToday).toBe(4);
      expect((await second.usage()).usedToday).toBe(4);
    });

    it("refuses once the daily budget is used, and pauses every limiter after a 429", async () => {
      const [first, second] = await limiterPair(storeFor);
      first.observe({ limitPerDay: 2 });
      await first.acquire();
      await first.acquire();
      await expect(first.acquire()).rejects.toBeInstanceOf(ShopError);
      expect((await first.usage()).usedToday).toBe(2);
      first.observe({ throttledForMs: 1200 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await second.acquire();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });
  });
}

sharesLimits("the database", () => databaseRateStore(server.db));

const redis = new Redis("redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 1 });
afterAll(async () => {
  await redis.quit().catch(() => undefined);
});
sharesLimits("Redis", () => redisRateStore(redis));
