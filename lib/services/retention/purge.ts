import { and, inArray, lt, ne, sql } from "drizzle-orm";
import { orderShipments, orders, webhookEvents } from "@/db/schema";
import type { ServiceContext } from "../context";

const day = 86_400_000;
// What a purged raw body reads as: still JSON for anything that parses it.
export const purgedBody = JSON.stringify({ redacted: true });
/** Orders past these need no address any more: production and delivery are over. */
const finishedStatuses = ["delivered", "returned", "canceled"] as const;

export type PurgeResult = { webhookBodies: number; orderPayloads: number; addresses: number };

/**
 * Personal data older than the retention period goes (runtime.md, RETENTION_DAYS): raw webhook
 * bodies and headers, the raw payloads orders arrived with, and the recipient's name and address
 * on orders finished that long ago (the country stays). Orders keep items, files, status,
 * shipping method and tracking; unfinished orders keep their address until they are done.
 */
export async function purgeExpiredPersonalData(ctx: ServiceContext, retentionDays: number, now = new Date()): Promise<PurgeResult> {
  const before = new Date(now.getTime() - retentionDays * day);
  const bodies = await ctx.db
    .update(webhookEvents)
    .set({ rawBody: purgedBody, headers: {} })
    .where(and(lt(webhookEvents.receivedAt, before), ne(webhookEvents.rawBody, purgedBody)))
    .returning({ id: webhookEvents.id });
  const payloads = await ctx.db
    .update(orders)
    .set({ rawBody: purgedBody })
    .where(and(lt(orders.createdAt, before), ne(orders.rawBody, purgedBody)))
    .returning({ id: orders.id });
  const finished = ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.status, [...finishedStatuses]), lt(orders.statusChangedAt, before)));
  const addresses = await ctx.db
    .update(orderShipments)
    .set({
      address: sql`jsonb_build_object('firstName', '', 'lastName', '', 'addressLine1', '', 'city', '', 'postCode', '', 'country', coalesce(${orderShipments.address}->>'country', ''))`,
      returnAddress: null,
    })
    .where(and(inArray(orderShipments.orderId, finished), sql`(${orderShipments.address} - 'country') <> jsonb_build_object('firstName', '', 'lastName', '', 'addressLine1', '', 'city', '', 'postCode', '')`))
    .returning({ orderId: orderShipments.orderId });
  const redacted = [...new Set(addresses.map((row) => row.orderId))];
  if (redacted.length > 0) await ctx.db.update(orders).set({ recipientName: null }).where(inArray(orders.id, redacted));
  return { webhookBodies: bodies.length, orderPayloads: payloads.length, addresses: addresses.length };
}
