import type { z } from "zod";
import { and, count, desc, ilike, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { customers } from "@/db/schema";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { likePattern, toPage, type Page } from "../pagination";
import { listCustomersInput, type CustomerView } from "./schemas";
import { toCustomerView } from "./view";

/** Customers, newest first; `q` matches name, reference id or id; `active` keeps active (true) or deactivated (false) ones. */
export async function listCustomers({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listCustomersInput> }): Promise<Page<CustomerView>> {
  authorize(ctx, "read");
  const { q, active, limit, cursor, offset } = parseInput(listCustomersInput, input);
  const filters: SQL[] = [isNull(customers.deletedAt)];
  if (active !== undefined) filters.push(active ? isNull(customers.deactivatedAt) : isNotNull(customers.deactivatedAt));
  if (q) {
    const pattern = likePattern(q);
    filters.push(or(ilike(customers.name, pattern), ilike(customers.referenceId, pattern), ilike(customers.id, pattern))!);
  }
  const where = and(...filters);
  if (offset !== undefined) {
    const [rows, counted] = await Promise.all([
      ctx.db.select().from(customers).where(where).orderBy(desc(customers.id)).limit(limit).offset(offset),
      ctx.db.select({ total: count() }).from(customers).where(where),
    ]);
    const total = counted[0]?.total ?? 0;
    return { data: rows.map(toCustomerView), nextCursor: offset + rows.length < total ? String(offset + rows.length) : null, total };
  }
  const rows = await ctx.db
    .select()
    .from(customers)
    .where(and(where, cursor ? lt(customers.id, cursor) : undefined))
    .orderBy(desc(customers.id))
    .limit(limit + 1);
  return toPage(rows, limit, toCustomerView);
}
