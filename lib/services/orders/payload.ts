import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { orderScope } from "./get";

/** The request body an order arrived with, exactly as received (for support). */
export async function getOrderPayload({ ctx, orderId }: { ctx: ServiceContext; orderId: string }): Promise<{ rawBody: string }> {
  const scope = orderScope(ctx);
  const [row] = await ctx.db
    .select({ rawBody: orders.rawBody })
    .from(orders)
    .where(and(eq(orders.id, orderId), scope ? eq(orders.customerId, scope) : undefined));
  if (!row) throw notFound("Order", orderId);
  return row;
}
