import { and, eq, inArray, isNull } from "drizzle-orm";
import { ignoredVariants, orderItems, orders } from "@/db/schema";
import { enqueueMany } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "../context";
import { applyTransition } from "../orders/transition";
import { isIgnored } from "./build-order";

/**
 * After a variant is linked or ignored: the store's `not_connected` orders drop their lines of
 * ignored variants (an order left with nothing to produce is canceled) and are processed again,
 * which resolves them through the new links. Runs in the caller's transaction.
 */
export async function rerunWaitingOrders(ctx: ServiceContext, storeId: string, changeId: string): Promise<number> {
  const waiting = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.status, "not_connected")))
    .for("update");
  if (waiting.length === 0) return 0;
  const ignored = await ctx.db.select().from(ignoredVariants).where(eq(ignoredVariants.storeId, storeId));
  const requeue: string[] = [];
  if (ignored.length) {
    const items = await ctx.db
      .select()
      .from(orderItems)
      .where(and(inArray(orderItems.orderId, waiting.map((row) => row.id)), isNull(orderItems.productUid)));
    const drop = items.filter((item) =>
      isIgnored({ externalProductId: (item.extra.externalProductId as string | null) ?? null, externalVariantId: (item.extra.externalVariantId as string | null) ?? null }, ignored),
    );
    if (drop.length) await ctx.db.delete(orderItems).where(inArray(orderItems.id, drop.map((item) => item.id)));
    const remaining = new Set(items.filter((item) => !drop.includes(item)).map((item) => item.orderId));
    for (const row of waiting) {
      const touched = drop.some((item) => item.orderId === row.id);
      if (!touched) continue;
      const [left] = await ctx.db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, row.id)).limit(1);
      if (!left && !remaining.has(row.id)) {
        await applyTransition(ctx, row, "canceled", { message: "Nothing left to produce: its variants are ignored" });
      }
    }
    const canceled = new Set(
      (await ctx.db.select({ id: orders.id }).from(orders).where(and(inArray(orders.id, waiting.map((row) => row.id)), eq(orders.status, "canceled")))).map((row) => row.id),
    );
    requeue.push(...waiting.filter((row) => !canceled.has(row.id)).map((row) => row.id));
  } else {
    requeue.push(...waiting.map((row) => row.id));
  }
  await enqueueMany(
    ctx,
    "order.process",
    requeue.map((orderId) => ({ payload: { orderId }, key: `${orderId}:resolve:${changeId}` })),
  );
  return requeue.length;
}
