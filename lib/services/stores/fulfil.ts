import { and, eq, isNotNull, sql } from "drizzle-orm";
import { orderItems, orderShipments, orders, storeFulfillments } from "@/db/schema";
import { createId } from "@/lib/ids";
import { NonRetryableError } from "@/lib/jobs/types";
import { createContext, type ServiceContext } from "../context";
import { recordOrderEvent } from "../orders/events";
import { loadStoreRow } from "./access";
import { openStore } from "./session";
import { recordStoreEvent } from "./log";
import { isShopError, platformLabel, settleShopError } from "./shop-errors";

const leaseSeconds = 120;

export type FulfilOutcome = { created: number; updated: number; unchanged: number };

/**
 * Tells the shop about each shipped shipment of a shop order: one fulfilment per shipment with its
 * tracking, then tracking updates when it changes. Exactly once per shipment, across retries and
 * crashes: a lease keeps two runs apart, and the connector looks for the fulfilment it may have
 * made before a crash (keyed by our shipment id) before it creates one.
 */
export async function fulfilStoreOrder(ctx: ServiceContext, orderId: string): Promise<FulfilOutcome> {
  const outcome: FulfilOutcome = { created: 0, updated: 0, unchanged: 0 };
  const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order?.storeId) throw new NonRetryableError(`Order ${orderId} is not a shop order`);
  const store = await loadStoreRow(ctx.db, order.storeId);
  if (!store) throw new NonRetryableError(`Store ${order.storeId} not found`);
  const platform = platformLabel(store.platform);
  const storeCtx = createContext({ type: "store", storeId: store.id, customerId: store.customerId }, { db: ctx.db, log: ctx.log });
  if (store.status !== "connected") {
    const message = `The store is ${store.status}: tracking cannot be sent to ${platform} until it is reconnected`;
    await recordOrderEvent(storeCtx, { orderId, customerId: order.customerId, type: "order.shop_sync_failed", message });
    throw new NonRetryableError(message);
  }
  const shipments = await ctx.db
    .select()
    .from(orderShipments)
    .where(and(eq(orderShipments.orderId, orderId), isNotNull(orderShipments.shippedAt)))
    .orderBy(orderShipments.shipmentIndex);
  if (shipments.length === 0) return outcome;
  const items = await ctx.db.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  const opened = openStore(ctx, store);

  for (const shipment of shipments) {
    await ctx.db
      .insert(storeFulfillments)
      .values({ id: createId("storeFulfillment"), storeId: store.id, orderId, shipmentId: shipment.id, externalOrderId: order.externalId })
      .onConflictDoNothing();
    // The lease: only one run works on a shipment at a time.
    const [held] = await ctx.db
      .update(storeFulfillments)
      .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})`, attempts: sql`${storeFulfillments.attempts} + 1` })
      .where(and(eq(storeFulfillments.shipmentId, shipment.id), sql`(${storeFulfillments.leaseUntil} is null or ${storeFulfillments.leaseUntil} < now())`))
      .returning();
    if (!held) throw new Error(`Shipment ${shipment.id} is being sent to ${platform} by another run; will look again`);
    const tracking = { carrier: shipment.carrier ?? "Other", trackingNumber: shipment.trackingCode ?? "", ...(shipment.trackingUrl ? { trackingUrl: shipment.trackingUrl } : {}) };
    try {
      if (held.status !== "created" || !held.externalFulfillmentId) {
        const lines = items
          .filter((item) => item.shipmentIndex === shipment.shipmentIndex && item.externalItemId && item.status !== "canceled")
          .map((item) => ({ externalLineId: item.externalItemId!, quantity: item.quantity }));
        const result = await opened.connector.createFulfillment(opened.session, {
          externalOrderId: order.externalId,
          shipmentKey: shipment.id,
          ...tracking,
          ...(lines.length ? { lines } : {}),
          notifyCustomer: true,
        });
        await ctx.db
          .update(storeFulfillments)
          .set({
            status: "created",
            externalFulfillmentId: result.externalFulfillmentId,
            carrier: tracking.carrier,
            trackingNumber: tracking.trackingNumber,
            trackingUrl: tracking.trackingUrl ?? null,
            sentAt: new Date(),
            lastError: null,
            leaseUntil: null,
          })
          .where(eq(storeFulfillments.id, held.id));
        await recordOrderEvent(storeCtx, {
          orderId,
          customerId: order.customerId,
          type: "order.shop_fulfilled",
          message: `${platform} was told the parcel shipped${tracking.trackingNumber ? ` (tracking ${tracking.trackingNumber})` : ""}`,
          data: { externalFulfillmentId: result.externalFulfillmentId, shipmentIndex: shipment.shipmentIndex },
        });
        outcome.created++;
        continue;
      }
      const changed =
        held.trackingNumber !== tracking.trackingNumber || (held.trackingUrl ?? null) !== (tracking.trackingUrl ?? null) || held.carrier !== tracking.carrier;
      if (changed) {
        await opened.connector.updateTracking(opened.session, held.externalFulfillmentId, tracking);
        await recordOrderEvent(storeCtx, {
          orderId,
          customerId: order.customerId,
          type: "order.shop_tracking_updated",
          message: `${platform} has the new tracking ${tracking.trackingNumber}`,
          data: { externalFulfillmentId: held.externalFulfillmentId },
        });
        outcome.updated++;
      } else {
        outcome.unchanged++;
      }
      await ctx.db
        .update(storeFulfillments)
        .set({ carrier: tracking.carrier, trackingNumber: tracking.trackingNumber, trackingUrl: tracking.trackingUrl ?? null, lastError: null, leaseUntil: null })
        .where(eq(storeFulfillments.id, held.id));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const settled = isShopError(error) ? await settleShopError(ctx, store, error) : error instanceof Error ? error : new Error(message);
      const final = settled instanceof NonRetryableError;
      await ctx.db
        .update(storeFulfillments)
        .set({ lastError: message.slice(0, 1000), leaseUntil: null, ...(final ? { status: "failed" as const } : {}) })
        .where(eq(storeFulfillments.id, held.id));
      await recordOrderEvent(storeCtx, {
        orderId,
        customerId: order.customerId,
        type: "order.shop_sync_failed",
        message: `Tracking could not be sent to ${platform}: ${message.slice(0, 300)}${final ? "" : " (will try again)"}`,
        data: { shipmentIndex: shipment.shipmentIndex },
      });
      // A platform that will not take tracking from this app (Etsy's 403) is the store's problem, not the order's: say so on the store.
      if (isShopError(error) && error.kind === "forbidden") {
        await recordStoreEvent(ctx, { storeId: store.id, customerId: store.customerId, type: "fulfilment.refused", externalOrderId: order.externalId, message: message.slice(0, 500) });
      }
      throw settled;
    }
  }
  return outcome;
}
