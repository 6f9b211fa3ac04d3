import { eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { actorCustomerId, actorLabel, withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { applyTransition, lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

/**
 * Lets an order held for approval (a store in manual approval mode, a routing rule) go on to
 * production: partner staff with `write`, or an admin of the order's own customer.
 */
export async function approveOrder({ ctx, orderId }: { ctx: ServiceContext; orderId: string }): Promise<OrderView> {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "write");
  else if (ctx.actor.type !== "customer_user" || ctx.actor.role !== "admin") throw new AppError("forbidden", "Only your company's admins can approve orders");
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId, own);
    if (row.status !== "on_hold" || row.holdForApproval !== "yes") {
      throw new AppError("conflict", `Only orders on hold awaiting approval can be approved; this one is ${row.status.replace("_", " ")}`, { reason: "order_not_awaiting_approval" });
    }
    await tx.db.update(orders).set({ holdForApproval: "no" }).where(eq(orders.id, orderId));
    await applyTransition(tx, row, "passed", { message: `Approved by ${actorLabel(ctx.actor)}` });
    await audit(tx, { action: "order.approve", entityType: "order", entityId: orderId, customerId: row.customerId });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}
