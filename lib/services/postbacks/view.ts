import type { postbackAttempts, postbackDeliveries, postbackTriggers } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import type { AttemptView, DeliveryView, TriggerView } from "./schemas";

type TriggerRow = typeof postbackTriggers.$inferSelect;
type DeliveryRow = typeof postbackDeliveries.$inferSelect;
type AttemptRow = typeof postbackAttempts.$inferSelect;

export function triggerHeaders(row: Pick<TriggerRow, "headersEncrypted">): Record<string, string> {
  return row.headersEncrypted ? (JSON.parse(decryptSecret(row.headersEncrypted)) as Record<string, string>) : {};
}

export function toTriggerView(row: TriggerRow): TriggerView {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    events: row.events,
    delivery: row.kind,
    url: row.url,
    method: row.method,
    headerNames: Object.keys(triggerHeaders(row)),
    email: row.email,
    template: row.template,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function triggerTarget(row: Pick<TriggerRow, "kind" | "url" | "method" | "email">): string {
  return row.kind === "email" ? (row.email ?? "") : `${row.method ?? "POST"} ${row.url ?? ""}`;
}

export function toDeliveryView(
  row: DeliveryRow,
  joined: { orderReference: string | null; trigger: Pick<TriggerRow, "name" | "kind" | "url" | "method" | "email"> },
): DeliveryView {
  return {
    id: row.id,
    webhookId: row.webhookId,
    customerId: row.customerId,
    triggerId: row.triggerId,
    trigger: { name: joined.trigger.name, delivery: joined.trigger.kind, target: triggerTarget(joined.trigger) },
    eventId: row.eventId,
    eventType: row.eventType,
    orderId: row.orderId || null,
    orderReference: joined.orderReference,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    retryUntil: row.retryUntil.toISOString(),
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAttemptView(row: AttemptRow): AttemptView {
  return {
    attempt: row.attempt,
    createdAt: row.createdAt.toISOString(),
    request: row.request,
    response: row.responseStatus === null && row.responseBody === null ? null : { status: row.responseStatus, body: row.responseBody },
    durationMs: row.durationMs,
    error: row.error,
  };
}
