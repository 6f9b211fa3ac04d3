import { sql, type SQL } from "drizzle-orm";
import { orderEvents } from "@/db/schema";
import { queryRows } from "@/db/client";
import type { OrderStatus } from "@/db/schema/enums";
import { createId } from "@/lib/ids";
import { jobIdFor, pokeQueue } from "@/lib/jobs/enqueue";
import { actorId, actorLabel, afterCommit, type ServiceContext } from "../context";

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

/**
 * Appends an event to an order's timeline, in the caller's transaction, with the job that
 * notifies the customer of it (postbacks), keyed by the event so it is queued once. The job is
 * queued only when one of the customer's active triggers listens for the event, decided in the
 * same transaction, so most events cost no job at all.
 */
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
  const queued = await queryRows(
    ctx.db,
    sql`insert into job_outbox (job_id, queue, payload)
        select ${jobIdFor("order.notify", id)}::uuid, 'order.notify', ${JSON.stringify({ eventId: id })}::jsonb
        where ${notifyCondition(sql`${event.customerId}`, sql`${event.type}`)}
        returning id`,
  );
  if (queued.length > 0) afterCommit(ctx, pokeQueue);
  return id;
}

/** SQL: a customer's active trigger listens for the event type (both given as SQL expressions). */
export function notifyCondition(customerId: SQL, eventType: SQL): SQL {
  return sql`exists (select 1 from postback_triggers t where t.customer_id = ${customerId} and t.active and ${eventType} = any(t.events))`;
}
