import { eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { withTransaction, type ServiceContext } from "../context";
import { applyTransition, lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

/** Turns a draft into a real order, which then goes through processing. */
export async function convertDraftToOrder({ ctx, customerId, orderId }: { ctx: ServiceContext; customerId: string; orderId: string }): Promise<OrderView> {
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId, customerId);
    if (row.orderType === "order" && row.status !== "draft") return;
    if (row.status !== "draft") throw new AppError("conflict", `Only drafts can become orders; this one is ${row.status}`, { reason: "not_a_draft" });
    await tx.db.update(orders).set({ orderType: "order" }).where(eq(orders.id, orderId));
    await applyTransition(tx, row, "created", { message: "Draft turned into an order" });
    await enqueue(tx, "order.process", { orderId }, { key: `${orderId}:from-draft` });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}

/** Deletes a draft. Real orders are canceled instead. */
export async function deleteDraft({ ctx, customerId, orderId }: { ctx: ServiceContext; customerId: string; orderId: string }): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId, customerId);
    if (row.status !== "draft") throw new AppError("conflict", "Only drafts can be deleted; cancel an order instead", { reason: "not_a_draft" });
    await tx.db.delete(orders).where(eq(orders.id, orderId));
  });
}
