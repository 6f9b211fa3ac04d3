import { and, asc, eq, sql } from "drizzle-orm";
import { orders } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { approveOrder } from "../orders/approve";
import type { ServiceContext } from "../context";
import { authorizeStoreChange, authorizeStoreRead, getStoreRowOrThrow } from "./access";

export type AwaitingApprovalView = { id: string; externalId: string; customerReferenceId: string | null; recipientName: string | null; createdAt: string };

const awaiting = (storeId: string) => and(eq(orders.storeId, storeId), eq(orders.status, "on_hold"), eq(orders.holdForApproval, "yes"));

/** The store's orders on hold awaiting approval, oldest first, with how many there are in all. */
export async function listOrdersAwaitingApproval({ ctx, storeId, limit = 50 }: { ctx: ServiceContext; storeId: string; limit?: number }): Promise<{ data: AwaitingApprovalView[]; total: number }> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, store.customerId);
  const rows = await ctx.db
    .select({
      id: orders.id,
      externalId: orders.externalId,
      customerReferenceId: orders.customerReferenceId,
      recipientName: orders.recipientName,
      createdAt: orders.createdAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(orders)
    .where(and(eq(orders.customerId, store.customerId), awaiting(store.id)))
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(Math.min(Math.max(limit, 1), 200));
  return { data: rows.map(({ total: _total, createdAt, ...row }) => ({ ...row, createdAt: createdAt.toISOString() })), total: rows[0]?.total ?? 0 };
}

/**
 * Approves every order of the store that awaits approval (up to 500 a call), each through
 * approveOrder; one approved meanwhile by someone else is skipped, not an error.
 */
export async function approveStoreOrders({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<{ approved: number; skipped: number }> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, store.customerId);
  const rows = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.customerId, store.customerId), awaiting(store.id)))
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(500);
  const outcome = { approved: 0, skipped: 0 };
  for (const row of rows) {
    try {
      await approveOrder({ ctx, orderId: row.id });
      outcome.approved++;
    } catch (error) {
      if (!isAppError(error) || error.code !== "conflict") throw error;
      outcome.skipped++;
    }
  }
  return outcome;
}
