import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { enqueueMany } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "../context";

/**
 * Queues processing again for a customer's `not_connected` orders after a change that may
 * resolve their items (a product lookup, a store product link). Runs in the caller's
 * transaction; the job keys carry the change's id so an earlier re-run does not swallow this one.
 */
export async function requeueNotConnectedOrders(ctx: ServiceContext, customerId: string, changeId: string = randomUUID()): Promise<number> {
  const rows = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.status, "not_connected")));
  for (let start = 0; start < rows.length; start += 1000) {
    await enqueueMany(
      ctx,
      "order.process",
      rows.slice(start, start + 1000).map((row) => ({ payload: { orderId: row.id }, key: `${row.id}:resolve:${changeId}` })),
    );
  }
  return rows.length;
}
