import { and, eq, or, sql, type SQL } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { OrderChannel } from "@/db/schema/enums";
import { notFound } from "@/lib/errors";
import { isSafeRouteValue } from "@/lib/route-params";
import { actorCustomerId, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { loadOrderViews, type OrderView } from "./view";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The customer an actor is confined to, or undefined for partner staff and tokens (checked). */
export function orderScope(ctx: ServiceContext): string | undefined {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "orders:read");
  return own;
}

/** An order by id. Another customer's order is a 404 for customer-scoped actors. */
export async function getOrder({ ctx, orderId }: { ctx: ServiceContext; orderId: string }): Promise<OrderView> {
  const scope = orderScope(ctx);
  // No order id holds control characters; PostgreSQL would refuse the query over a NUL.
  if (!isSafeRouteValue(orderId)) throw notFound("Order", orderId);
  const [row] = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), scope ? eq(orders.customerId, scope) : undefined));
  if (!row) throw notFound("Order", orderId);
  return (await loadOrderViews(ctx.db, [row]))[0]!;
}

/**
 * Finds one of a customer's orders by our id, its public UUID, or the customer's own order
 * reference in a channel. Returns the row (not the view) for dialects that answer briefly.
 */
export async function findCustomerOrderRow(ctx: ServiceContext, customerId: string, reference: string, channel?: OrderChannel) {
  const matches: SQL[] = [eq(orders.id, reference)];
  if (uuidPattern.test(reference)) matches.push(eq(orders.uid, reference));
  matches.push(and(eq(orders.externalId, reference), channel ? eq(orders.channel, channel) : undefined, sql`${orders.storeId} is null`)!);
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.customerId, customerId), or(...matches)))
    .limit(2);
  return rows.find((row) => row.id === reference || row.uid === reference) ?? rows[0];
}

export async function findCustomerOrder(ctx: ServiceContext, customerId: string, reference: string, channel?: OrderChannel): Promise<OrderView> {
  const row = await findCustomerOrderRow(ctx, customerId, reference, channel);
  if (!row) throw notFound("Order", reference);
  return (await loadOrderViews(ctx.db, [row]))[0]!;
}
