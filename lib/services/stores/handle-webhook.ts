import { isCustomerActive } from "../customers/deactivate";
import { eq } from "drizzle-orm";
import { webhookEvents } from "@/db/schema";
import type { WebhookEventStatus } from "@/db/schema/enums";
import { NonRetryableError } from "@/lib/jobs/types";
import type { ServiceContext } from "../context";
import { loadStoreRow } from "./access";
import { ingestStoreOrder } from "./ingest-order";
import { markStoreUnusable, isShopError, platformLabel, settleShopError } from "./shop-errors";
import { recordStoreEvent } from "./log";
import { queueProductSync } from "./sync-products";
import { redactCustomerOrders, redactStore } from "./redact";

type Settled = { status: WebhookEventStatus; outcome: string; orderId?: string | null };

// Shopify names order topics `orders/create`, WooCommerce `order.created`; Etsy sends `order.*` hints.
const orderTopic = /^orders\/|^order\./;

async function settle(ctx: Pick<ServiceContext, "db">, eventId: string, result: Settled): Promise<void> {
  await ctx.db
    .update(webhookEvents)
    .set({ status: result.status, outcome: result.outcome.slice(0, 1000), orderId: result.orderId ?? null, processedAt: new Date() })
    .where(eq(webhookEvents.id, eventId));
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
  await settle(ctx, eventId, { status: "failed", outcome: `Gave up: ${message}` });
}

/**
 * Processes one stored delivery (the `store.webhook` job): order topics re-read and upsert the
 * order, `app/uninstalled` revokes the store, compliance topics redact or are recorded, product
 * topics mark the store for a product sync. Runs again safely: a settled delivery is left alone
 * unless it is replayed.
 */
export async function handleWebhookEvent(ctx: ServiceContext, eventId: string): Promise<Settled | null> {
  const [event] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
  if (!event) throw new NonRetryableError(`Webhook event ${eventId} not found`);
  if (event.status !== "received" && event.status !== "failed") return null;
  const store = event.storeId ? await loadStoreRow(ctx.db, event.storeId) : undefined;
  if (!store) {
    const result = { status: "ignored" as const, outcome: "No store is connected for this shop" };
    await settle(ctx, eventId, result);
    return result;
  }
  if (!(await isCustomerActive(ctx.db, store.customerId))) {
    const result = { status: "ignored" as const, outcome: "The customer is deactivated" };
    await settle(ctx, eventId, result);
    return result;
  }
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
        data: { webhookEventId: eventId, orderIds },
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
        const outcome = await ingestStoreOrder(ctx, store, event.externalOrderId);
        result = { status: outcome.kind === "not_taken" ? "ignored" : "processed", outcome: outcome.message, orderId: outcome.orderId };
      }
    } else {
      result = { status: "ignored", outcome: `Nothing to do for ${topic.slice(0, 100)}` };
    }
  } catch (error) {
    if (!isShopError(error)) throw error;
    const settled = await settleShopError(ctx, store, error);
    if (settled instanceof NonRetryableError) await settle(ctx, eventId, { status: "failed", outcome: error.message });
    else await ctx.db.update(webhookEvents).set({ outcome: `Will try again: ${error.message}`.slice(0, 1000) }).where(eq(webhookEvents.id, eventId));
    throw settled;
  }
  await settle(ctx, eventId, result);
  return result;
}
