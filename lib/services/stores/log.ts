import { storeEvents } from "@/db/schema";
import { createId } from "@/lib/ids";
import type { ServiceContext } from "../context";

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
