import { and, eq, inArray, sql } from "drizzle-orm";
import { ignoredVariants, orderItems, orders } from "@/db/schema";
import { enqueueMany } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "../context";
import { applyTransition } from "../orders/transition";
import { isIgnored } from "./build-order";

/** A shop variant that was linked or ignored; without a variant id, every variant of the product. */
export type ChangedVariant = { externalProductId: string; externalVariantId: string | null };

/**
 * After variants are linked or ignored: the store's `not_connected` orders with a line of one of
 * them drop their lines of ignored variants (an order left with nothing to produce is canceled)
 * and are processed again, which resolves them through the new links. Orders waiting only for
 * other variants are left alone. Runs in the caller's transaction.
 */
export async function rerunWaitingOrders(ctx: ServiceContext, storeId: string, changeId: string, changed: readonly ChangedVariant[]): Promise<number> {
  if (changed.length === 0) return 0;
  const variants = JSON.stringify(changed.map((variant) => ({ product_id: variant.externalProductId, variant_id: variant.externalVariantId })));
  const waitingFor = sql`select i.order_id from order_items i
    join jsonb_to_recordset(${variants}::jsonb) as v(product_id text, variant_id text)
      on i.extra->>'externalProductId' = v.product_id and (v.variant_id is null or i.extra->>'externalVariantId' = v.variant_id)`;
  const waiting = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.status, "not_connected"), sql`${orders.id} in (${waitingFor})`))
    .for("update");
  if (waiting.length === 0) return 0;
  const ignored = await ctx.db.select().from(ignoredVariants).where(eq(ignoredVariants.storeId, storeId));
  const requeue: string[] = [];
  if (ignored.length) {
    const items = await ctx.db.select().from(orderItems).where(inArray(orderItems.orderId, waiting.map((row) => row.id)));
    const drop = items.filter(
      (item) =>
        item.productUid === null &&
        isIgnored({ externalProductId: (item.extra.externalProductId as string | null) ?? null, externalVariantId: (item.extra.externalVariantId as string | null) ?? null }, ignored),
    );
    if (drop.length) await ctx.db.delete(orderItems).where(inArray(orderItems.id, drop.map((item) => item.id)));
    const dropped = new Set(drop.map((item) => item.id));
    const left = new Set(items.filter((item) => !dropped.has(item.id)).map((item) => item.orderId));
    for (const row of waiting) {
      if (left.has(row.id)) requeue.push(row.id);
      else await applyTransition(ctx, row, "canceled", { message: "Nothing left to produce: its variants are ignored" });
    }
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
