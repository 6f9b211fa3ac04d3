import { and, eq, sql } from "drizzle-orm";
import { orderItems, orderShipments, orders, storeEvents } from "@/db/schema";
import { createId } from "@/lib/ids";
import type { OrderStatus } from "@/db/schema/enums";
import { assertTransition } from "@/lib/domain/status";
import { notFound } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { enqueue } from "@/lib/jobs/enqueue";
import { recordOrderEvent, statusEventType } from "./events";

const shippedStatuses: ReadonlySet<OrderStatus> = new Set(["shipped", "in_transit", "delivered"]);

export type OrderRow = typeof orders.$inferSelect;

export type TransitionDetails = {
  message?: string | null;
  /** Tracking for `shipped` (and later carrier updates). */
  tracking?: { trackingCode?: string | null; trackingUrl?: string | null; carrier?: string | null; shipmentIndex?: number };
  /** Per-item statuses and reasons when they differ from the order's (e.g. one item not connected). */
  itemReasons?: Map<string, { status: OrderStatus; reason: string | null }>;
  data?: Record<string, unknown>;
};

/** Reads an order and locks its row for the rest of the transaction. */
export async function lockOrder(ctx: ServiceContext, orderId: string, customerId?: string): Promise<OrderRow> {
  const [row] = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), customerId ? eq(orders.customerId, customerId) : undefined))
    .for("update");
  if (!row) throw notFound("Order", orderId);
  return row;
}

/**
 * Moves a locked order to `to` through the status machine: updates the order and its items,
 * stores tracking on shipment, and appends the `order.<status>` event. Call inside a transaction.
 */
export async function applyTransition(ctx: ServiceContext, row: OrderRow, to: OrderStatus, details: TransitionDetails = {}): Promise<OrderRow> {
  assertTransition(row.status, to);
  const now = new Date();
  const [updated] = await ctx.db
    .update(orders)
    .set({ status: to, statusReason: details.message ?? null, statusChangedAt: now })
    .where(eq(orders.id, row.id))
    .returning();
  await ctx.db.update(orderItems).set({ status: to, statusReason: null }).where(eq(orderItems.orderId, row.id));
  for (const [itemId, item] of details.itemReasons ?? []) {
    await ctx.db.update(orderItems).set({ status: item.status, statusReason: item.reason }).where(eq(orderItems.id, itemId));
  }
  const tracking = details.tracking;
  if (tracking && (tracking.trackingCode || tracking.trackingUrl || tracking.carrier || to === "shipped")) {
    await ctx.db
      .update(orderShipments)
      .set({
        ...(tracking.trackingCode !== undefined ? { trackingCode: tracking.trackingCode } : {}),
        ...(tracking.trackingUrl !== undefined ? { trackingUrl: tracking.trackingUrl } : {}),
        ...(tracking.carrier !== undefined ? { carrier: tracking.carrier } : {}),
        ...(to === "shipped" ? { shippedAt: now } : {}),
      })
      .where(
        and(
          eq(orderShipments.orderId, row.id),
          tracking.shipmentIndex !== undefined ? eq(orderShipments.shipmentIndex, tracking.shipmentIndex) : sql`true`,
        ),
      );
  }
  const eventId = await recordOrderEvent(ctx, {
    orderId: row.id,
    customerId: row.customerId,
    type: statusEventType(to),
    fromStatus: row.status,
    toStatus: to,
    message: details.message ?? null,
    data: {
      ...(details.data ?? {}),
      ...(tracking?.trackingCode ? { trackingCode: tracking.trackingCode } : {}),
      ...(tracking?.trackingUrl ? { trackingUrl: tracking.trackingUrl } : {}),
      ...(tracking?.carrier ? { carrier: tracking.carrier } : {}),
    },
  });
  // A cancellation made here is not pushed to the shop (refunds are the seller's call): the store's log shows it.
  if (row.storeId && to === "canceled" && ctx.actor.type !== "store") {
    await ctx.db.insert(storeEvents).values({
      id: createId("storeEvent"),
      storeId: row.storeId,
      customerId: row.customerId,
      type: "order.canceled",
      externalOrderId: row.externalId,
      message: `Order ${row.customerReferenceId ?? row.externalId} was canceled in Inkbridge; the shop order stays open`,
    });
  }
  // A shop order tells its shop once it ships, and again when its tracking changes.
  const trackingGiven = Boolean(tracking?.trackingCode || tracking?.trackingUrl || tracking?.carrier);
  if (row.storeId && (to === "shipped" || (trackingGiven && shippedStatuses.has(to)))) {
    await enqueue(ctx, "store.fulfil", { orderId: row.id, storeId: row.storeId }, { key: `${row.id}:${eventId}` });
  }
  return updated!;
}
