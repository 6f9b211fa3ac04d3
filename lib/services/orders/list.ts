import { z } from "zod";
import { and, count, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { orderShipments, orders } from "@/db/schema";
import { orderChannels, orderStatuses, orderTypes } from "@/db/schema/enums";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse";
import { pageInput, toPage, type Page } from "../pagination";
import { orderScope } from "./get";
import { orderSearchCondition } from "./search";
import { toOrderSummary, type OrderSummaryView } from "./view";

const list = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

export const listOrdersInput = pageInput.extend({
  customerId: z.string().max(100).optional(),
  status: list(z.enum(orderStatuses)).optional(),
  channel: list(z.enum(orderChannels)).optional(),
  orderType: list(z.enum(orderTypes)).optional(),
  connectorId: z.string().max(100).optional(),
  storeId: list(z.string().max(100)).optional(),
  ids: z.array(z.string().max(100)).max(500).optional(),
  externalIds: z.array(z.string().max(200)).max(500).optional(),
  countries: z.array(z.string().max(2)).max(300).optional(),
  currencies: z.array(z.string().max(3)).max(100).optional(),
  /** Matches the order id, the Gelato UUID, the customer's own order id, or the recipient's name. */
  q: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/** Orders, newest first, with filters. Customer-scoped actors only ever see their own. */
export async function listOrders({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listOrdersInput> }): Promise<Page<OrderSummaryView>> {
  const scope = orderScope(ctx);
  const data = parseInput(listOrdersInput, input);
  const filters: SQL[] = [];
  if (scope) filters.push(eq(orders.customerId, scope));
  if (data.customerId) filters.push(eq(orders.customerId, data.customerId));
  if (data.status?.length) filters.push(inArray(orders.status, data.status));
  if (data.channel?.length) filters.push(inArray(orders.channel, data.channel));
  if (data.orderType?.length) filters.push(inArray(orders.orderType, data.orderType));
  if (data.connectorId) filters.push(eq(orders.connectorId, data.connectorId));
  if (data.storeId?.length) filters.push(inArray(orders.storeId, data.storeId));
  if (data.ids?.length) filters.push(or(inArray(orders.id, data.ids), inArray(sql`${orders.uid}::text`, data.ids))!);
  if (data.externalIds?.length) filters.push(inArray(orders.externalId, data.externalIds));
  if (data.currencies?.length) filters.push(inArray(orders.currency, data.currencies.map((code) => code.toUpperCase())));
  if (data.countries?.length) {
    const codes = data.countries.map((code) => code.toUpperCase());
    filters.push(
      sql`exists (select 1 from ${orderShipments} where ${orderShipments.orderId} = ${orders.id} and ${orderShipments.address}->>'country' in ${codes})`,
    );
  }
  if (data.q) filters.push(orderSearchCondition(data.q));
  if (data.from) filters.push(gte(orders.createdAt, data.from));
  if (data.to) filters.push(lte(orders.createdAt, data.to));
  const where = filters.length ? and(...filters) : undefined;
  if (data.offset !== undefined) {
    const [rows, counted] = await Promise.all([
      ctx.db.select().from(orders).where(where).orderBy(desc(orders.id)).limit(data.limit).offset(data.offset),
      ctx.db.select({ total: count() }).from(orders).where(where),
    ]);
    const total = counted[0]?.total ?? 0;
    return { data: rows.map(toOrderSummary), nextCursor: data.offset + rows.length < total ? String(data.offset + rows.length) : null, total };
  }
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(and(where, data.cursor ? lt(orders.id, data.cursor) : undefined))
    .orderBy(desc(orders.id))
    .limit(data.limit + 1);
  return toPage(rows, data.limit, toOrderSummary);
}
