import { orderEvents } from "@/db/schema";
import type { OrderStatus } from "@/db/schema/enums";
import { createId } from "@/lib/ids";
import { actorId, actorLabel, type ServiceContext } from "../context";

export type OrderEventInput = {
  orderId: string;
  customerId: string;
  type: string;
  fromStatus?: OrderStatus | null;
  toStatus?: OrderStatus | null;
  message?: string | null;
  data?: Record<string, unknown>;
};

/** The event name postbacks use for reaching a status: `order.<status>`. */
export function statusEventType(status: OrderStatus): string {
  return `order.${status}`;
}

/** Appends an event to an order's timeline, in the caller's transaction. */
export async function recordOrderEvent(ctx: ServiceContext, event: OrderEventInput): Promise<string> {
  const id = createId("event");
  await ctx.db.insert(orderEvents).values({
    id,
    orderId: event.orderId,
    customerId: event.customerId,
    type: event.type,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    actorType: ctx.actor.type,
    actorId: actorId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    message: event.message ?? null,
    data: event.data ?? {},
  });
  return id;
}
