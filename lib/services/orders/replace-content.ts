import { eq, sql } from "drizzle-orm";
import { orderItems, orderShipments, orders } from "@/db/schema";
import { canRestartProcessing } from "@/lib/domain/status";
import type { OrderStatus } from "@/db/schema/enums";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { sha256Hex } from "@/lib/crypto";
import { enqueue } from "@/lib/jobs/enqueue";
import { withTransaction, type ServiceContext } from "../context";
import { recordOrderEvent } from "./events";
import { stableStringify } from "./intake";
import type { PreparedOrder } from "./prepare";
import { lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

/**
 * Replaces an order's content (items, shipments, details) before production starts and sends it
 * through processing again. Refused once the order is in production or later.
 */
export async function replaceOrderContent({
  ctx,
  customerId,
  orderId,
  prepared,
  rawBody,
  payload,
}: {
  ctx: ServiceContext;
  customerId: string;
  orderId: string;
  prepared: PreparedOrder;
  rawBody: string;
  payload: unknown;
}): Promise<OrderView> {
  if (prepared.problems.length) throw new AppError("validation_failed", "The order is not valid", { details: prepared.problems, reason: "order_invalid" });
  const order = prepared.order;
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId, customerId);
    const isDraft = row.status === "draft";
    if (!isDraft && !canRestartProcessing(row.status)) {
      throw new AppError("conflict", `The order can no longer change: it is ${row.status.replace("_", " ")}`, { reason: "order_not_updatable" });
    }
    if (order.externalId !== row.externalId) {
      throw new AppError("validation_failed", "The order reference cannot change", { details: [{ path: "externalId", message: `must stay ${row.externalId}` }] });
    }
    const status: OrderStatus = isDraft ? "draft" : "created";
    const address = order.shipments[0]?.address;
    await tx.db.delete(orderItems).where(eq(orderItems.orderId, orderId));
    await tx.db.delete(orderShipments).where(eq(orderShipments.orderId, orderId));
    await tx.db.insert(orderItems).values(
      order.items.map((item, position) => ({
        id: createId("item"),
        orderId,
        position,
        externalItemId: item.externalItemId ?? null,
        sourceProductKey: item.sourceProductKey ?? null,
        productUid: item.productUid ?? null,
        quantity: item.quantity,
        files: item.files,
        shipmentIndex: item.shipmentIndex,
        status,
        options: item.options,
        extra: item.extra,
      })),
    );
    await tx.db.insert(orderShipments).values(
      order.shipments.map((shipment) => ({
        id: createId("shipment"),
        orderId,
        shipmentIndex: shipment.shipmentIndex,
        address: shipment.address,
        returnAddress: shipment.returnAddress ?? null,
        method: shipment.method ?? null,
        sourceMethod: shipment.sourceMethod ?? null,
        carrier: shipment.carrier ?? null,
        extra: shipment.extra,
      })),
    );
    await tx.db
      .update(orders)
      .set({
        status,
        statusReason: null,
        statusChangedAt: sql`now()`,
        currency: order.currency ?? null,
        customerReferenceId: order.customerReferenceId ?? null,
        recipientName: address ? `${address.firstName} ${address.lastName}`.trim() : null,
        tags: order.tags,
        metadata: order.metadata,
        extra: order.extra,
        lookupTrace: prepared.trace,
        rawBody,
        payloadHash: sha256Hex(stableStringify(payload)),
      })
      .where(eq(orders.id, orderId));
    const eventId = await recordOrderEvent(tx, {
      orderId,
      customerId,
      type: "order.updated",
      fromStatus: row.status,
      toStatus: status,
      message: isDraft ? "Draft updated" : "Order content replaced; processing again",
    });
    if (!isDraft) await enqueue(tx, "order.process", { orderId }, { key: `${orderId}:${eventId}` });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}
