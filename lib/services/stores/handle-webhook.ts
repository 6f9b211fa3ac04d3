import { eq, inArray, sql } from "drizzle-orm";
import { stores, webhookEvents } from "@/db/schema";
import { mapLimit } from "@/lib/concurrency";
import { inactiveCustomersAmong } from "../customers/deactivate";
import type { WebhookEventStatus } from "@/db/schema/enums";
import { NonRetryableError } from "@/lib/jobs/types";
import { getMetrics } from "@/lib/metrics";
import type { ServiceContext } from "../context";
import { loadStoreRow, type StoreRow } from "./access";
import { ingestStoreOrder, knownOrders, ProductLinkCache, type KnownOrder } from "./ingest-order";
import { openStore, type OpenedStore } from "./session";
import { markStoreUnusable, isShopError, platformLabel, settleShopError } from "./shop-errors";
import { recordStoreEvent } from "./log";
import { queueProductSync } from "./sync-products";
import { redactCustomerOrders, redactStore } from "./redact";

type Settled = { status: WebhookEventStatus; outcome: string; orderId?: string | null };

// Shopify names order topics `orders/create`, WooCommerce `order.created`; Etsy sends `order.*` hints.
const orderTopic = /^orders\/|^order\./;

type Settlement = { eventIds: string[]; result: Settled };

/** Settles the deliveries of a whole batch in one statement. */
async function settleAll(ctx: Pick<ServiceContext, "db">, settlements: Settlement[]): Promise<void> {
  if (settlements.length === 0) return;
  const rows = settlements.flatMap(({ eventIds, result }) =>
    eventIds.map((id) => ({ id, status: result.status, outcome: result.outcome.slice(0, 1000), order_id: result.orderId ?? null })),
  );
  await ctx.db.execute(sql`
    update webhook_events e
    set status = x.status, outcome = x.outcome, order_id = x.order_id, processed_at = now(), updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, status text, outcome text, order_id text)
    where e.id = x.id`);
}

function settle(ctx: Pick<ServiceContext, "db">, eventIds: string[], result: Settled): Promise<void> {
  return settleAll(ctx, [{ eventIds, result }]);
}

function orderIdsOf(body: unknown, key: string): string[] {
  const value = body && typeof body === "object" ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value.filter((id) => typeof id === "number" || typeof id === "string").map(String).slice(0, 10_000) : [];
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A delivery whose processing used up its retries: failed, with the last error, for staff to replay. */
export async function markWebhookEventFailed(ctx: Pick<ServiceContext, "db">, eventId: string, message: string): Promise<void> {
  await settle(ctx, [eventId], { status: "failed", outcome: `Gave up: ${message}` });
}

type EventRow = typeof webhookEvents.$inferSelect;

/** The deliveries that re-read one order: any order topic of a connected store with the order's id. */
function isOrderDelivery(event: EventRow): event is EventRow & { storeId: string; externalOrderId: string } {
  return Boolean(event.storeId && event.externalOrderId && orderTopic.test(event.topic));
}

const isOpen = (event: EventRow) => event.status === "received" || event.status === "failed";

/**
 * Processes one stored delivery (the `store.webhook` job): order topics re-read and upsert the
 * order, `app/uninstalled` revokes the store, compliance topics redact or are recorded, product
 * topics mark the store for a product sync. Runs again safely: a settled delivery is left alone
 * unless it is replayed.
 */
export async function handleWebhookEvent(ctx: ServiceContext, eventId: string): Promise<Settled | null> {
  const [event] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
  if (!event) throw new NonRetryableError(`Webhook event ${eventId} not found`);
  if (!isOpen(event)) return null;
  const store = event.storeId ? await loadStoreRow(ctx.db, event.storeId) : undefined;
  return processDeliveries(ctx, [event], store, await inactiveCustomersAmong(ctx.db, store ? [store.customerId] : []));
}

/** Deliveries of one order re-read at once, several orders at a time (the connector keeps within each shop's cost budget). */
const ordersAtOnce = 4;

/**
 * Processes a batch of stored deliveries (`store.webhook` jobs fetched together). Deliveries of
 * the same order share one re-read and upsert, since each would read the order's latest state
 * anyway; every delivery is settled as soon as its own order is done, so a batch cut off midway
 * leaves only the unsettled ones to run again. Returns the deliveries that failed, with their errors.
 */
export async function handleWebhookEvents(ctx: ServiceContext, eventIds: readonly string[]): Promise<Map<string, unknown>> {
  const failures = new Map<string, unknown>();
  const wanted = [...new Set(eventIds)];
  if (wanted.length === 0) return failures;
  const events = await ctx.db.select().from(webhookEvents).where(inArray(webhookEvents.id, wanted)).orderBy(webhookEvents.id);
  const found = new Set(events.map((event) => event.id));
  for (const id of wanted) if (!found.has(id)) failures.set(id, new NonRetryableError(`Webhook event ${id} not found`));
  const open = events.filter(isOpen);
  const storeIds = [...new Set(open.map((event) => event.storeId).filter((id): id is string => id !== null))];
  const storeRows = storeIds.length > 0 ? await ctx.db.select().from(stores).where(inArray(stores.id, storeIds)) : [];
  const storesById = new Map(storeRows.map((row) => [row.id, row]));
  const inactive = await inactiveCustomersAmong(
    ctx.db,
    storeRows.map((row) => row.customerId),
  );

  const groups = new Map<string, EventRow[]>();
  for (const event of open) {
    const key = isOrderDelivery(event) ? `${event.storeId}\u0000${event.externalOrderId}` : event.id;
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  // The orders already taken, for every store of the batch: one query per store, not one per order.
  const known = new Map<string, Map<string, KnownOrder>>();
  for (const row of storeRows) {
    const externalIds = [...new Set(open.filter((event) => event.storeId === row.id && isOrderDelivery(event)).map((event) => event.externalOrderId!))];
    known.set(row.id, await knownOrders(ctx, row, externalIds));
  }
  const sessions = new Map<string, OpenedStore>();
  const links = new Map(storeRows.map((row) => [row.id, new ProductLinkCache(row.id)]));
  const settlements: Settlement[] = [];
  try {
    await mapLimit([...groups.values()], ordersAtOnce, async (group) => {
      const store = group[0]!.storeId ? storesById.get(group[0]!.storeId) : undefined;
      try {
        await processDeliveries(ctx, group, store, inactive, {
          sessions,
          known: store ? known.get(store.id) : undefined,
          links: store ? links.get(store.id) : undefined,
          settlements,
        });
      } catch (error) {
        for (const event of group) failures.set(event.id, error);
      }
    });
  } finally {
    // Settled together at the end; a batch cut off before this runs again, and its orders are then
    // known as already applied.
    await settleAll(ctx, settlements);
  }
  return failures;
}

/**
 * Processes deliveries that come to the same thing (one delivery, or several of one order) and
 * settles them together. Settled deliveries are left alone unless replayed.
 */
async function processDeliveries(
  ctx: ServiceContext,
  group: EventRow[],
  store: StoreRow | undefined,
  inactiveCustomers: Set<string>,
  batch:
    | { sessions: Map<string, OpenedStore>; known: Map<string, KnownOrder> | undefined; links: ProductLinkCache | undefined; settlements: Settlement[] }
    | undefined = undefined,
): Promise<Settled> {
  const ids = group.map((event) => event.id);
  const event = group.at(-1)!;
  // In a batch, outcomes are written together at its end; a single delivery writes its own.
  const done = async (result: Settled) => {
    if (batch) batch.settlements.push({ eventIds: ids, result });
    else await settle(ctx, ids, result);
    return result;
  };
  if (!store) return done({ status: "ignored", outcome: "No store is connected for this shop" });
  if (inactiveCustomers.has(store.customerId)) return done({ status: "ignored", outcome: "The customer is deactivated" });
  const platform = platformLabel(store.platform);
  const topic = event.topic;
  let result: Settled;
  try {
    if (topic === "app/uninstalled") {
      await markStoreUnusable(ctx, store, "revoked", `The app was uninstalled in ${platform}: reconnect the store to take orders again`);
      result = { status: "processed", outcome: "The store is revoked" };
    } else if (topic === "app/scopes_update") {
      await recordStoreEvent(ctx, { storeId: store.id, customerId: store.customerId, type: "store.scopes_updated", message: `The app's access scopes changed in ${platform}` });
      result = { status: "processed", outcome: "Scope change recorded" };
    } else if (topic === "customers/redact") {
      const body = parseBody(event.rawBody);
      const count = await redactCustomerOrders(ctx, store, orderIdsOf(body, "orders_to_redact"), body);
      result = { status: "processed", outcome: `Personal data removed from ${count} order${count === 1 ? "" : "s"}` };
    } else if (topic === "shop/redact") {
      await redactStore(ctx, store);
      result = { status: "processed", outcome: "The store's data was removed" };
    } else if (topic === "customers/data_request") {
      const orderIds = orderIdsOf(parseBody(event.rawBody), "orders_requested");
      await recordStoreEvent(ctx, {
        storeId: store.id,
        customerId: store.customerId,
        type: "compliance.data_request",
        message: `A customer asked ${platform} for their data${orderIds.length ? ` (orders ${orderIds.slice(0, 20).join(", ")})` : ""}: send it to the shop owner`,
        data: { webhookEventId: event.id, orderIds },
      });
      result = { status: "processed", outcome: "Recorded for staff" };
    } else if (topic.startsWith("products/") || topic.startsWith("product.")) {
      if (store.status === "connected") {
        await queueProductSync(ctx, store.id);
        result = { status: "processed", outcome: "Product sync queued" };
      } else {
        result = { status: "ignored", outcome: `The store is ${store.status}` };
      }
    } else if (orderTopic.test(topic) && event.externalOrderId) {
      if (store.status !== "connected") {
        result = { status: "ignored", outcome: `The store is ${store.status}` };
      } else {
        let opened = batch?.sessions.get(store.id);
        if (!opened) batch?.sessions.set(store.id, (opened = openStore(ctx, store)));
        const known = batch?.known ? (batch.known.get(event.externalOrderId) ?? null) : undefined;
        const outcome = await ingestStoreOrder(ctx, store, event.externalOrderId, { opened, known, links: batch?.links });
        result = { status: outcome.kind === "not_taken" ? "ignored" : "processed", outcome: outcome.message, orderId: outcome.orderId };
      }
    } else {
      result = { status: "ignored", outcome: `Nothing to do for ${topic.slice(0, 100)}` };
    }
  } catch (error) {
    if (!isShopError(error)) throw error;
    const settled = await settleShopError(ctx, store, error);
    if (settled instanceof NonRetryableError) {
      await settle(ctx, ids, { status: "failed", outcome: error.message });
      for (const delivery of group) observeIngest(store.platform, delivery.receivedAt, "failed");
    } else await ctx.db.update(webhookEvents).set({ outcome: `Will try again: ${error.message}`.slice(0, 1000) }).where(inArray(webhookEvents.id, ids));
    throw settled;
  }
  for (const delivery of group) observeIngest(store.platform, delivery.receivedAt, result.status);
  return done(result);
}

function observeIngest(platform: string, receivedAt: Date, outcome: string): void {
  getMetrics().ingestLatency.observe({ platform, outcome }, Math.max(0, Date.now() - receivedAt.getTime()) / 1000);
}
