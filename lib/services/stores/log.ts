import { and, desc, eq, sql } from "drizzle-orm";
import { storeEvents } from "@/db/schema";
import { createId } from "@/lib/ids";
import type { ServiceContext } from "../context";
import { authorizeStoreRead, getStoreRowOrThrow } from "./access";

export type StoreEventInput = { storeId: string; customerId: string; type: string; message: string; externalOrderId?: string | null; data?: Record<string, unknown> };

/** Appends a line to the store's log (orders not taken, reconnects needed, subscriptions restored). */
export async function recordStoreEvent(ctx: Pick<ServiceContext, "db">, event: StoreEventInput): Promise<void> {
  await ctx.db.insert(storeEvents).values({
    id: createId("storeEvent"),
    storeId: event.storeId,
    customerId: event.customerId,
    type: event.type,
    message: event.message,
    externalOrderId: event.externalOrderId ?? null,
    data: event.data ?? {},
  });
}

export type StoreEventView = { id: string; type: string; message: string; externalOrderId: string | null; createdAt: string };

/** The store's log (syncs, orders not taken, alerts, subscriptions), newest first, paged by offset. */
export async function listStoreEvents({ ctx, storeId, limit = 20, offset = 0 }: { ctx: ServiceContext; storeId: string; limit?: number; offset?: number }): Promise<{ data: StoreEventView[]; total: number }> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, store.customerId);
  const rows = await ctx.db
    .select({ id: storeEvents.id, type: storeEvents.type, message: storeEvents.message, externalOrderId: storeEvents.externalOrderId, createdAt: storeEvents.createdAt, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(storeEvents)
    .where(and(eq(storeEvents.storeId, store.id), eq(storeEvents.customerId, store.customerId)))
    .orderBy(desc(storeEvents.id))
    .limit(Math.min(Math.max(limit, 1), 200))
    .offset(Math.max(offset, 0));
  return { data: rows.map(({ total: _total, createdAt, ...row }) => ({ ...row, createdAt: createdAt.toISOString() })), total: rows[0]?.total ?? 0 };
}
