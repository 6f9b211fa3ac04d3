import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { createTestCustomer, staffContext } from "@/db/factories";
import { openPostgres, type DatabaseHandle } from "@/db/client";
import { orders, stores } from "@/db/schema";
import { createId } from "@/lib/ids";
import { systemContext } from "@/lib/services/context";
import { useTestRuntime, testDatabaseKind } from "@/tests/support/runtime";
import { startEtsyFake } from "@/connectors/etsy/fake";
import type { EtsyCredentials } from "@/connectors/types";
import { resetEtsyRateLimiter, useSharedEtsyRateLimiter } from "./etsy-rate";
import { ETSY_POLL_INTERVAL_MS, planEtsyPolls } from "./etsy-poll";
import { readCredentials, sealCredentials } from "./session";
import { getStore, loadStoreRow, reconcileStore } from "./index";

// Etsy at scale: 200 shops on one app polled through the shared (database) rate limiter, and an
// expired access token refreshed once however many jobs of its store run at the same time, in one
// process or two.

const keystring = "etsyscalekeystring000001";
const sharedSecret = "etsy-scale-secret";
// Twice Etsy's default per-second limit, so 200 polls take seconds rather than a minute; the limiter
// reads the limit from Etsy's x-limit-per-second header and paces the polls at half of it, as at 10.
const perSecond = 20;
const fake = await startEtsyFake({ keystring, sharedSecret, rateLimits: { perSecond, perDay: 10_000 } });
const runtime = useTestRuntime({ env: { ETSY_KEYSTRING: keystring, ETSY_SHARED_SECRET: sharedSecret, ETSY_API_ORIGIN: fake.origin } });
beforeAll(() => {
  useSharedEtsyRateLimiter(runtime.db);
});
afterAll(async () => {
  await resetEtsyRateLimiter();
  await fake.close();
});

const system = () => systemContext("test", { db: runtime.db });

function tokensFor(shopId: number, expiresAt?: Date): EtsyCredentials {
  const tokens = fake.world.createTokens(shopId, keystring);
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: (expiresAt ?? new Date(tokens.expiresAt)).toISOString() };
}

/** Connected Etsy stores written as a connect leaves them (connecting checks each with two calls; not the subject here). */
async function seedStores(count: number, prefix: string, expiresAt?: Date): Promise<Array<{ id: string; shopId: number }>> {
  const customerId = (await createTestCustomer(runtime.db, { name: `${prefix} prints` })).id;
  const seeded = Array.from({ length: count }, (_, index) => {
    const shopId = fake.world.createUserWithShop({ shopName: `${prefix}${index}` }).shop.shop_id;
    return { id: createId("store"), shopId, credentials: tokensFor(shopId, expiresAt) };
  });
  await runtime.db.insert(stores).values(
    seeded.map((store) => ({
      id: store.id,
      customerId,
      platform: "etsy" as const,
      name: `Shop ${store.shopId}`,
      identity: String(store.shopId),
      credentialsEncrypted: sealCredentials(store.credentials),
      webhooksManaged: false,
      webhooksState: "not_managed" as const,
      reconcileCursor: new Date(Date.now() - 60_000),
    })),
  );
  return seeded.map(({ id, shopId }) => ({ id, shopId }));
}

async function inPool<T>(items: readonly T[], workers: number, work: (item: T) => Promise<unknown>): Promise<PromiseSettledResult<unknown>[]> {
  const results: PromiseSettledResult<unknown>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        results.push(await work(item).then((value) => ({ status: "fulfilled" as const, value }), (reason: unknown) => ({ status: "rejected" as const, reason })));
      }
    }),
  );
  return results;
}

describe("200 Etsy stores on one app", () => {
  it("polls every store inside Etsy's per-second limit without a storm of 429s, and health shows the day's call budget", async () => {
    const seeded = await seedStores(200, "Scale");
    // A paid receipt in every tenth shop.
    const receipts = seeded.filter((_, index) => index % 10 === 0).map((store) => fake.world.placeReceipt(store.shopId, { lines: [{ listingId: fake.world.createListing(store.shopId, { title: "Print", products: [{ sku: "P", price: "10" }] }).listingId }], paid: true }));
    fake.rate.reset();
    // 10,000 calls a day cannot poll 200 shops every 10 minutes: each slot takes the longest unsynced
    // ones its share of the day's budget allows (less a reserve), so all are polled within a few slots.
    const results: PromiseSettledResult<unknown>[] = [];
    const slots: number[] = [];
    const started = performance.now();
    while (results.length < seeded.length && slots.length < 10) {
      const plan = await planEtsyPolls(system());
      const share = Math.floor((plan.usage!.remainingToday - 2_000) / Math.ceil(plan.usage!.resetsInMs / ETSY_POLL_INTERVAL_MS));
      expect(plan.due.length).toBeLessThanOrEqual(share);
      slots.push(plan.due.length);
      // Production spreads a slot's jobs over its 10 minutes; here 20 workers take them all at once, a harder case.
      results.push(...(await inPool(plan.due, 20, (due) => reconcileStore(system(), due.id))));
    }
    const seconds = (performance.now() - started) / 1000;
    expect(slots.length).toBe(Math.ceil(200 / slots[0]!));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    const calls = fake.world.requests.filter((request) => request.path.endsWith("/receipts")).length;
    expect(calls).toBeGreaterThanOrEqual(200);
    // At most a handful of 429s, and no more calls a second than the limiter allows itself (half of Etsy's limit per window).
    expect(fake.rate.throttled).toBeLessThanOrEqual(3);
    expect(calls / seconds).toBeLessThanOrEqual(perSecond);
    console.info(`200 Etsy polls in ${slots.length} slots (${slots.join(", ")}): ${calls} calls in ${seconds.toFixed(1)} s (${(calls / seconds).toFixed(1)}/s), ${fake.rate.throttled} answered 429`);
    const synced = await runtime.db.select({ lastSyncAt: stores.lastSyncAt }).from(stores).where(inArray(stores.id, seeded.map((store) => store.id)));
    expect(synced.every((row) => row.lastSyncAt !== null)).toBe(true);
    const taken = await runtime.db.select({ externalId: orders.externalId }).from(orders).where(inArray(orders.storeId, seeded.map((store) => store.id)));
    expect(taken.map((order) => order.externalId).sort()).toEqual(receipts.map((receipt) => String(receipt.receipt_id)).sort());
    const health = (await getStore({ ctx: staffContext(runtime.db), storeId: seeded[0]!.id })).health;
    expect(health.callBudget?.limitPerDay).toBe(10_000);
    expect(health.callBudget?.usedToday).toBeGreaterThanOrEqual(calls);
  }, 60_000);
});

describe("an expired Etsy access token", () => {
  it("is refreshed once for six concurrent jobs of its store in one process and six in another, and the rotated refresh token is stored", async () => {
    const [store] = await seedStores(1, "Refresh", new Date(Date.now() - 1000));
    const before = readCredentials((await loadStoreRow(runtime.db, store!.id))!) as EtsyCredentials;
    // A second process: its own copy of every module (so its own in-process refresh map) and, on PostgreSQL, its own connections.
    vi.resetModules();
    const other = (await import("./reconcile")) as typeof import("./reconcile");
    const otherContext = await import("@/lib/services/context");
    const otherDatabase: DatabaseHandle | undefined = testDatabaseKind === "postgres" ? openPostgres(runtime.database.url!, { max: 4 }) : undefined;
    const otherDb = otherDatabase?.db ?? runtime.db;
    fake.tokenRequests.length = 0;
    try {
      const jobs = [
        ...Array.from({ length: 6 }, () => reconcileStore(system(), store!.id)),
        ...Array.from({ length: 6 }, () => other.reconcileStore(otherContext.systemContext("test", { db: otherDb }), store!.id)),
      ];
      const results = await Promise.allSettled(jobs);
      expect(results.filter((result) => result.status === "rejected").map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    } finally {
      await otherDatabase?.close();
    }
    expect(fake.tokenRequests).toEqual([{ grant: "refresh_token", ok: true }]);
    const after = readCredentials((await loadStoreRow(runtime.db, store!.id))!) as EtsyCredentials;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now() + 30 * 60_000);
    // The stored refresh token is the live one: the next refresh works with it.
    const [row] = await runtime.db.update(stores).set({ credentialsEncrypted: sealCredentials({ ...after, expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where(eq(stores.id, store!.id)).returning();
    await reconcileStore(system(), row!.id);
    expect(fake.tokenRequests).toEqual([
      { grant: "refresh_token", ok: true },
      { grant: "refresh_token", ok: true },
    ]);
    expect((await loadStoreRow(runtime.db, store!.id))!.status).toBe("connected");
  });
});
