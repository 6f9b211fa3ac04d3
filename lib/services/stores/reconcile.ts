import { and, eq, ne, sql } from "drizzle-orm";
import { isCustomerActive } from "../customers/deactivate";
import { stores } from "@/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { AppError } from "@/lib/errors";
import { yieldToIntake } from "@/lib/intake-pressure";
import { getMetrics } from "@/lib/metrics";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { authorizeStoreChange, getStoreRowOrThrow, loadStoreRow } from "./access";
import { knownOrders, ProductLinkCache, takeShopOrder } from "./ingest-order";
import { openStore } from "./session";
import { isShopError, settleShopError } from "./shop-errors";
import { recordStoreEvent } from "./log";
import { refreshWebhooks } from "./webhooks";
import { loadStoreViews } from "./view";
import { ETSY_POLL_INTERVAL_MS, planEtsyPolls } from "./etsy-poll";
import type { StoreView } from "./schemas";

/** Orders changed shortly before the cursor are read again: platform clocks and indexes lag. */
const overlapMs = 5 * 60_000;
const maxPages = 200;

export type ReconcileOutcome = { orders: number; taken: number; failed: number };

/**
 * One reconciliation pass (`store.reconcile`): every order changed since the cursor (minus an
 * overlap) goes through the same upsert as webhooks, so a lost webhook loses no order; then the
 * webhook subscriptions are checked and restored, and the store's health and cursor recorded.
 */
export async function reconcileStore(ctx: ServiceContext, storeId: string): Promise<ReconcileOutcome> {
  const outcome: ReconcileOutcome = { orders: 0, taken: 0, failed: 0 };
  let store = await loadStoreRow(ctx.db, storeId);
  if (!store || store.status !== "connected") return outcome;
  // A deactivated customer's stores are not polled.
  if (!(await isCustomerActive(ctx.db, store.customerId))) return outcome;
  const startedAt = new Date();
  const opened = openStore(ctx, store);
  const since = new Date(store.reconcileCursor.getTime() - overlapMs);
  try {
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      // A long pass stands back, page by page, while a burst of deliveries is being taken.
      await yieldToIntake();
      const result = await opened.connector.listOrdersUpdatedSince(opened.session, since, cursor);
      const known = await knownOrders(ctx, store, [...new Set(result.orders.map((order) => order.externalId))]);
      const links = new ProductLinkCache(store.id);
      for (const order of result.orders) {
        outcome.orders++;
        try {
          const taken = await takeShopOrder(ctx, store, order, { known: known.get(order.externalId) ?? null, links });
          if (taken.kind === "created") outcome.taken++;
        } catch (error) {
          if (isShopError(error) && error.retryable) throw error;
          outcome.failed++;
          ctx.log.warn({ storeId, err: error }, "a polled order could not be taken");
          await recordStoreEvent(ctx, {
            storeId,
            customerId: store.customerId,
            type: "order.failed",
            externalOrderId: order.externalId,
            message: `Order ${order.name || order.externalId} could not be taken: ${error instanceof Error ? error.message.slice(0, 300) : "unknown error"}`,
          });
        }
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    store = await refreshWebhooks(ctx, store, opened);
  } catch (error) {
    observeSync(store.platform, startedAt, error);
    if (!isShopError(error)) throw error;
    await ctx.db
      .update(stores)
      .set({ lastSyncError: error.message.slice(0, 500), syncFailingSince: sql`coalesce(${stores.syncFailingSince}, ${startedAt.toISOString()}::timestamptz)` })
      .where(eq(stores.id, storeId));
    throw await settleShopError(ctx, store, error);
  }
  await ctx.db.update(stores).set({ reconcileCursor: startedAt, lastSyncAt: startedAt, lastSyncError: null, syncFailingSince: null }).where(eq(stores.id, storeId));
  observeSync(store.platform, startedAt);
  return outcome;
}

function observeSync(platform: string, startedAt: Date, error?: unknown): void {
  const metrics = getMetrics();
  const outcome = error === undefined ? "ok" : isShopError(error) ? error.kind : "error";
  metrics.syncDuration.observe({ platform, outcome }, (Date.now() - startedAt.getTime()) / 1000);
  if (error !== undefined) metrics.syncErrors.inc({ platform, kind: outcome });
}

/**
 * The scheduled pass (every 10 minutes): one reconciliation job per connected store, at most one
 * per store and hour; Etsy stores every 10 minutes, as far as the app's daily budget allows.
 */
export async function scheduleReconciliation(ctx: ServiceContext, now = new Date()): Promise<number> {
  const rows = await ctx.db.select({ id: stores.id }).from(stores).where(and(eq(stores.status, "connected"), ne(stores.platform, "etsy")));
  const hour = now.toISOString().slice(0, 13);
  const etsy = await planEtsyPolls(ctx, now);
  const slot = Math.floor(now.getTime() / ETSY_POLL_INTERVAL_MS);
  if (etsy.skipped) ctx.log.info({ skipped: etsy.skipped, usage: etsy.usage }, "Etsy polls deferred to keep inside the daily call budget");
  await withTransaction(ctx, async (tx) => {
    for (const row of rows) await enqueue(tx, "store.reconcile", { storeId: row.id }, { key: `${row.id}:${hour}` });
    for (const row of etsy.due) await enqueue(tx, "store.reconcile", { storeId: row.id }, { key: `${row.id}:etsy:${slot}`, startAfter: row.startAfter });
  });
  return rows.length + etsy.due.length;
}

/** "Sync now": reconciliation at once (202). */
export async function syncStore({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<StoreView> {
  const row = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, row.customerId);
  if (row.status !== "connected") throw new AppError("conflict", `The store is ${row.status}: reconnect it before syncing`, { reason: "store_not_connected" });
  await withTransaction(ctx, async (tx) => {
    await enqueue(tx, "store.reconcile", { storeId }, { key: `${storeId}:now:${Date.now()}` });
    await audit(tx, { action: "store.sync", entityType: "store", entityId: storeId, customerId: row.customerId });
  });
  return (await loadStoreViews(ctx.db, [row]))[0]!;
}
