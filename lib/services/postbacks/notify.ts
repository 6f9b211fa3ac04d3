import { and, eq, inArray } from "drizzle-orm";
import { customers, orderEvents, orders, postbackDeliveries, postbackTriggers } from "@/db/schema";
import { createId } from "@/lib/ids";
import { getEnv } from "@/lib/env";
import { enqueueMany } from "@/lib/jobs/enqueue";
import { withTransaction, type ServiceContext } from "../context";
import { loadOrderViews } from "../orders/view";
import { httpBody, postbackMail, type PostbackSource } from "./bodies";
import { retryWindowMs } from "./retry";

/**
 * Turns order events into postback deliveries: one per (active trigger subscribed to the event,
 * event), with its body rendered now, and a job to send each. The unique (trigger, event) index
 * makes a repeated run create and queue nothing twice. Returns the number of new deliveries.
 */
export async function fanOutPostbacks(ctx: ServiceContext, eventIds: readonly string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const events = await ctx.db.select().from(orderEvents).where(inArray(orderEvents.id, [...eventIds]));
  if (events.length === 0) return 0;
  const customerIds = [...new Set(events.map((event) => event.customerId))];
  const triggers = await ctx.db
    .select()
    .from(postbackTriggers)
    .where(and(inArray(postbackTriggers.customerId, customerIds), eq(postbackTriggers.active, true)));
  const matches = events.flatMap((event) =>
    triggers.filter((trigger) => trigger.customerId === event.customerId && trigger.events.includes(event.type)).map((trigger) => ({ event, trigger })),
  );
  if (matches.length === 0) return 0;

  const orderIds = [...new Set(matches.map(({ event }) => event.orderId))];
  const [orderRows, customerRows] = await Promise.all([
    ctx.db.select().from(orders).where(inArray(orders.id, orderIds)),
    ctx.db.select({ id: customers.id, name: customers.name, referenceId: customers.referenceId }).from(customers).where(inArray(customers.id, customerIds)),
  ]);
  const views = new Map((await loadOrderViews(ctx.db, orderRows)).map((view) => [view.id, view]));
  const customerById = new Map(customerRows.map((row) => [row.id, row]));
  const partnerName = getEnv().PARTNER_NAME;

  const retryUntil = new Date(Date.now() + retryWindowMs);
  const rows = matches.flatMap(({ event, trigger }) => {
    const order = views.get(event.orderId);
    const customer = customerById.get(event.customerId);
    if (!order || !customer) return [];
    const source: PostbackSource = {
      event: { ...event, createdAt: event.createdAt.toISOString() },
      order,
      customer,
    };
    const body =
      trigger.kind === "email"
        ? JSON.stringify(postbackMail(source, { template: trigger.template, partnerName, triggerName: trigger.name }))
        : httpBody(source, trigger.template);
    return [
      {
        id: createId("postback"),
        webhookId: createId("webhookMessage"),
        customerId: event.customerId,
        triggerId: trigger.id,
        eventId: event.id,
        orderId: event.orderId,
        eventType: event.type,
        status: "pending" as const,
        body,
        retryUntil,
      },
    ];
  });
  if (rows.length === 0) return 0;

  return withTransaction(ctx, async (tx) => {
    const created = await tx.db
      .insert(postbackDeliveries)
      .values(rows)
      .onConflictDoNothing({ target: [postbackDeliveries.triggerId, postbackDeliveries.eventId] })
      .returning({ id: postbackDeliveries.id });
    await enqueueMany(
      tx,
      "postback.deliver",
      created.map(({ id }) => ({ payload: { deliveryId: id, attempt: 1 }, key: `${id}:1` })),
    );
    if (created.length > 0) tx.log.info({ deliveries: created.length }, "postbacks queued");
    return created.length;
  });
}
