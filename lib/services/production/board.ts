import { z } from "zod";
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { customers, orderItems, orderShipments, orders } from "@/db/schema";
import type { OrderStatus } from "@/db/schema/enums";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { orderSearchCondition } from "../orders/search";

// The production floor's view: orders by the stage they are in, oldest first, so the work that
// has waited longest is on top.
export const boardStages = ["passed", "in_production", "printed", "shipped", "on_hold"] as const satisfies readonly OrderStatus[];
export type BoardStage = (typeof boardStages)[number];

// The shipped stage also holds orders on their way, so they can be marked delivered from there.
const stageStatuses: Record<BoardStage, OrderStatus[]> = {
  passed: ["passed"],
  in_production: ["in_production"],
  printed: ["printed"],
  shipped: ["shipped", "in_transit"],
  on_hold: ["on_hold"],
};
const stageOf = (status: OrderStatus): BoardStage | undefined => boardStages.find((stage) => stageStatuses[stage].includes(status));

const boardInput = z.object({
  stage: z.enum(boardStages).default("passed"),
  q: z.string().trim().max(200).optional(),
  customerId: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export type BoardOrder = {
  id: string;
  customerId: string;
  customerName: string;
  channel: string;
  externalId: string;
  recipientName: string | null;
  priority: "normal" | "rush";
  tags: string[];
  status: OrderStatus;
  statusChangedAt: string;
  createdAt: string;
  items: Array<{ productUid: string | null; quantity: number }>;
  /** The first shipment's carrier and tracking, once shipped. */
  tracking: { carrier: string | null; trackingCode: string | null; trackingUrl: string | null } | null;
};

export type Board = { stage: BoardStage; counts: Record<BoardStage, number>; total: number; orders: BoardOrder[] };

export async function getProductionBoard({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof boardInput> }): Promise<Board> {
  authorize(ctx, "orders:read");
  const data = parseInput(boardInput, input);
  const filters: SQL[] = [];
  if (data.customerId) filters.push(eq(orders.customerId, data.customerId));
  if (data.q) filters.push(orderSearchCondition(data.q));
  // Shipped orders stay on the board for a week; older ones live in the orders list.
  const recent = sql`${orders.statusChangedAt} > now() - interval '7 days'`;
  const stageFilter = (stage: BoardStage): SQL =>
    stage === "shipped" ? and(inArray(orders.status, stageStatuses.shipped), recent)! : inArray(orders.status, stageStatuses[stage]);
  const countRows = await ctx.db
    .select({ status: orders.status, n: count() })
    .from(orders)
    .where(and(or(...boardStages.map(stageFilter)), ...filters))
    .groupBy(orders.status);
  const counts = Object.fromEntries(boardStages.map((stage) => [stage, 0])) as Record<BoardStage, number>;
  for (const row of countRows) {
    const stage = stageOf(row.status);
    if (stage) counts[stage] += row.n;
  }

  const rows = await ctx.db
    .select({ order: orders, customerName: customers.name })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(stageFilter(data.stage), ...filters))
    .orderBy(desc(sql`${orders.priority} = 'rush'`), data.stage === "shipped" ? desc(orders.statusChangedAt) : asc(orders.statusChangedAt))
    .limit(data.limit)
    .offset(data.offset);
  const ids = rows.map((row) => row.order.id);
  const items = ids.length
    ? await ctx.db.select({ orderId: orderItems.orderId, productUid: orderItems.productUid, quantity: orderItems.quantity }).from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.position))
    : [];
  const shipments =
    ids.length && data.stage === "shipped"
      ? await ctx.db
          .select({ orderId: orderShipments.orderId, carrier: orderShipments.carrier, trackingCode: orderShipments.trackingCode, trackingUrl: orderShipments.trackingUrl })
          .from(orderShipments)
          .where(inArray(orderShipments.orderId, ids))
          .orderBy(asc(orderShipments.shipmentIndex))
      : [];
  return {
    stage: data.stage,
    counts,
    total: counts[data.stage],
    orders: rows.map(({ order, customerName }) => ({
      id: order.id,
      customerId: order.customerId,
      customerName,
      channel: order.channel,
      externalId: order.externalId,
      recipientName: order.recipientName,
      priority: order.priority,
      tags: order.tags,
      status: order.status,
      statusChangedAt: order.statusChangedAt.toISOString(),
      createdAt: order.createdAt.toISOString(),
      items: items.filter((item) => item.orderId === order.id).map((item) => ({ productUid: item.productUid, quantity: item.quantity })),
      tracking: trackingOf(shipments.find((shipment) => shipment.orderId === order.id)),
    })),
  };
}

function trackingOf(shipment: { carrier: string | null; trackingCode: string | null; trackingUrl: string | null } | undefined): BoardOrder["tracking"] {
  if (!shipment || !(shipment.carrier || shipment.trackingCode || shipment.trackingUrl)) return null;
  return { carrier: shipment.carrier, trackingCode: shipment.trackingCode, trackingUrl: shipment.trackingUrl };
}
