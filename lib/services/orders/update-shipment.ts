import { eq } from "drizzle-orm";
import { orderShipments, orders } from "@/db/schema";
import type { Address } from "@/lib/domain/order";
import { addressSchema } from "@/lib/domain/order";
import { AppError, validationError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { getCatalogSnapshot } from "../catalog/snapshot";
import { getCustomerLookups } from "../lookups/snapshot";
import { recordOrderEvent } from "./events";
import { resolveShipment, type OrderPaths } from "./prepare";
import { lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

const shippedOrLater = new Set(["shipped", "in_transit", "delivered", "returned", "canceled"]);

/**
 * Changes the shipping method and/or address of an order that has not shipped yet, through the
 * customer's lookups like at intake. `address` replaces the whole address.
 */
export async function updateOrderShipment({
  ctx,
  customerId,
  orderId,
  change,
  paths,
}: {
  ctx: ServiceContext;
  customerId: string;
  orderId: string;
  change: { sourceMethod?: string; address?: Address };
  paths: ReturnType<OrderPaths["shipment"]>;
}): Promise<OrderView> {
  if (change.address) {
    const parsed = addressSchema.safeParse(change.address);
    if (!parsed.success) throw validationError(parsed.error.issues);
  }
  const [lookups, catalog] = await Promise.all([getCustomerLookups(ctx.db, customerId), getCatalogSnapshot(ctx.db)]);
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId, customerId);
    if (shippedOrLater.has(row.status)) {
      throw new AppError("conflict", `The shipment can no longer change: the order is ${row.status.replace("_", " ")}`, { reason: "order_not_updatable" });
    }
    const [current] = await tx.db.select().from(orderShipments).where(eq(orderShipments.orderId, orderId)).orderBy(orderShipments.shipmentIndex).limit(1);
    if (!current) throw new AppError("conflict", "The order has no shipment");
    const shipment = {
      shipmentIndex: current.shipmentIndex,
      address: structuredClone(change.address ?? current.address),
      returnAddress: current.returnAddress ?? undefined,
      method: current.method ?? undefined,
      sourceMethod: change.sourceMethod ?? current.sourceMethod ?? undefined,
      carrier: current.carrier ?? undefined,
      extra: current.extra,
    };
    const outcome = resolveShipment(shipment, lookups, catalog, paths);
    if (outcome.problems.length) throw new AppError("validation_failed", "The shipment is not valid", { details: outcome.problems });
    await tx.db
      .update(orderShipments)
      .set({ address: shipment.address, method: shipment.method ?? null, sourceMethod: shipment.sourceMethod ?? null })
      .where(eq(orderShipments.id, current.id));
    if (change.address) {
      await tx.db
        .update(orders)
        .set({ recipientName: `${shipment.address.firstName} ${shipment.address.lastName}`.trim() })
        .where(eq(orders.id, orderId));
    }
    await recordOrderEvent(tx, {
      orderId,
      customerId,
      type: "order.updated",
      message: [change.sourceMethod ? "shipping method changed" : null, change.address ? "address changed" : null].filter(Boolean).join(", "),
      data: { shipmentMethod: shipment.method ?? null, addressChanged: Boolean(change.address) },
    });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}
