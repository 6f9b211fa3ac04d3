import { and, asc, count, desc, eq, lt, type SQL } from "drizzle-orm";
import { orders, postbackAttempts, postbackDeliveries, postbackTriggers } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse";
import type { Page } from "../pagination";
import { authorizeCustomerAccess, listScope } from "./access";
import { listDeliveriesInput, type DeliveryDetailView, type DeliveryView, type ListDeliveriesInput } from "./schemas";
import { toAttemptView, toDeliveryView } from "./view";

function selectDeliveries(ctx: ServiceContext) {
  return ctx.db
    .select({
      delivery: postbackDeliveries,
      orderReference: orders.externalId,
      trigger: { name: postbackTriggers.name, kind: postbackTriggers.kind, url: postbackTriggers.url, method: postbackTriggers.method, email: postbackTriggers.email },
    })
    .from(postbackDeliveries)
    .innerJoin(postbackTriggers, eq(postbackTriggers.id, postbackDeliveries.triggerId))
    .leftJoin(orders, eq(orders.id, postbackDeliveries.orderId));
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectDeliveries>["where"]>>[number];
const toView = (row: Joined) => toDeliveryView(row.delivery, { orderReference: row.orderReference, trigger: row.trigger });

/** The delivery log, newest first, filtered by customer, status, trigger or event. */
export async function listDeliveries({ ctx, input }: { ctx: ServiceContext; input: ListDeliveriesInput }): Promise<Page<DeliveryView>> {
  const data = parseInput(listDeliveriesInput, input);
  const customerId = listScope(ctx, data.customerId);
  const filters: SQL[] = [];
  if (customerId) filters.push(eq(postbackDeliveries.customerId, customerId));
  if (data.status) filters.push(eq(postbackDeliveries.status, data.status));
  if (data.triggerId) filters.push(eq(postbackDeliveries.triggerId, data.triggerId));
  if (data.eventType) filters.push(eq(postbackDeliveries.eventType, data.eventType));
  const where = filters.length ? and(...filters) : undefined;
  if (data.offset !== undefined) {
    const [rows, counted] = await Promise.all([
      selectDeliveries(ctx).where(where).orderBy(desc(postbackDeliveries.id)).limit(data.limit).offset(data.offset),
      ctx.db.select({ total: count() }).from(postbackDeliveries).where(where),
    ]);
    const total = counted[0]?.total ?? 0;
    return { data: rows.map(toView), nextCursor: data.offset + rows.length < total ? String(data.offset + rows.length) : null, total };
  }
  const rows = await selectDeliveries(ctx)
    .where(and(where, data.cursor ? lt(postbackDeliveries.id, data.cursor) : undefined))
    .orderBy(desc(postbackDeliveries.id))
    .limit(data.limit + 1);
  const hasMore = rows.length > data.limit;
  const page = hasMore ? rows.slice(0, data.limit) : rows;
  return { data: page.map(toView), nextCursor: hasMore ? page.at(-1)!.delivery.id : null };
}

/** One delivery with its body and every attempt (request, response, timing). */
export async function getDelivery({ ctx, deliveryId }: { ctx: ServiceContext; deliveryId: string }): Promise<DeliveryDetailView> {
  const [row] = await selectDeliveries(ctx).where(eq(postbackDeliveries.id, deliveryId));
  if (!row) throw notFound("Postback", deliveryId);
  authorizeCustomerAccess(ctx, row.delivery.customerId);
  const attempts = await ctx.db.select().from(postbackAttempts).where(eq(postbackAttempts.deliveryId, deliveryId)).orderBy(asc(postbackAttempts.id));
  return { ...toView(row), body: row.delivery.body, attempts: attempts.map(toAttemptView) };
}
