import type { z } from "zod";
import { inArray } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { ServiceContext } from "../context";
import type { Page } from "../pagination";
import { listOrders, type listOrdersInput } from "./list";
import { loadOrderViews, type OrderView } from "./view";

/**
 * A page of orders with their items and shipments, for order APIs whose search answers show
 * addresses and item counts. Same filters and scoping as `listOrders`.
 */
export async function listOrderDetails({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listOrdersInput> }): Promise<Page<OrderView>> {
  const page = await listOrders({ ctx, input });
  if (page.data.length === 0) return { ...page, data: [] };
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(inArray(orders.id, page.data.map((order) => order.id)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { ...page, data: await loadOrderViews(ctx.db, page.data.flatMap((order) => byId.get(order.id) ?? [])) };
}
