import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { webhookEvents } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { actorCustomerId, withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import type { Page } from "../pagination";
import { authorizeStoreChange } from "./access";
import { maskPersonalData } from "./mask";
import { listWebhookEventsInput, type WebhookEventView } from "./schemas";

type EventRow = typeof webhookEvents.$inferSelect;

export function toWebhookEventView(row: EventRow): WebhookEventView {
  return {
    id: row.id,
    platform: row.platform,
    deliveryId: row.deliveryId,
    storeId: row.storeId,
    customerId: row.customerId,
    identity: row.identity,
    topic: row.topic,
    status: row.status,
    outcome: row.outcome,
    externalOrderId: row.externalOrderId,
    orderId: row.orderId,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  };
}

/** Inbound deliveries with their outcome, newest first (customer-scoped actors: their own stores'). */
export async function listWebhookEvents({ ctx, input }: { ctx: ServiceContext; input: Record<string, unknown> }): Promise<Page<WebhookEventView>> {
  const data = parseInput(listWebhookEventsInput, input);
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "read");
  const conditions: SQL[] = [];
  if (own !== undefined) conditions.push(eq(webhookEvents.customerId, own));
  if (data.storeId) conditions.push(eq(webhookEvents.storeId, data.storeId));
  if (data.status) conditions.push(eq(webhookEvents.status, data.status));
  if (data.cursor) conditions.push(lt(webhookEvents.id, data.cursor));
  const rows = await ctx.db
    .select()
    .from(webhookEvents)
    .where(and(...conditions))
    .orderBy(desc(webhookEvents.id))
    .limit(data.limit + 1);
  const hasMore = rows.length > data.limit;
  const page = rows.slice(0, data.limit);
  return { data: page.map(toWebhookEventView), nextCursor: hasMore ? page.at(-1)!.id : null };
}

/** A delivery's raw body on demand, with names, addresses, emails and phones masked. */
export async function getWebhookEventBody({ ctx, eventId }: { ctx: ServiceContext; eventId: string }): Promise<{ id: string; topic: string; body: string }> {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "read");
  const [row] = await ctx.db
    .select({ id: webhookEvents.id, topic: webhookEvents.topic, rawBody: webhookEvents.rawBody })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, eventId), own === undefined ? undefined : eq(webhookEvents.customerId, own)));
  if (!row) throw notFound("Webhook event", eventId);
  return { id: row.id, topic: row.topic, body: maskPersonalData(row.rawBody) };
}

/** Processes a stored delivery again (after a fix, or one that failed). */
export async function replayWebhookEvent({ ctx, eventId }: { ctx: ServiceContext; eventId: string }): Promise<WebhookEventView> {
  const own = actorCustomerId(ctx.actor);
  const [row] = await ctx.db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, eventId), own === undefined ? undefined : eq(webhookEvents.customerId, own)));
  if (!row) throw notFound("Webhook event", eventId);
  if (!row.storeId || !row.customerId) throw new AppError("conflict", "The delivery belongs to no store; there is nothing to replay it for", { reason: "webhook_without_store" });
  authorizeStoreChange(ctx, row.customerId);
  const updated = await withTransaction(ctx, async (tx) => {
    const [saved] = await tx.db.update(webhookEvents).set({ status: "received", outcome: null, processedAt: null }).where(eq(webhookEvents.id, eventId)).returning();
    await enqueue(tx, "store.webhook", { eventId, storeId: row.storeId! }, { key: `${eventId}:replay:${Date.now()}` });
    await audit(tx, { action: "webhook_event.replay", entityType: "webhook_event", entityId: eventId, customerId: row.customerId });
    return saved!;
  });
  return toWebhookEventView(updated);
}
