import { auditLog } from "@/db/schema";
import { actorId, actorLabel, type ServiceContext } from "./context";

const hiddenKey = /(hash|encrypted|secret|password|token)$/i;

function scrub(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(scrub);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, hiddenKey.test(key) ? "[hidden]" : scrub(inner)]),
  );
}

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Records a staff, token or user action in the audit log, in the caller's transaction. */
export async function audit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({
    actorType: ctx.actor.type,
    actorId: actorId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    customerId: entry.customerId ?? null,
    before: entry.before === undefined ? null : scrub(entry.before),
    after: entry.after === undefined ? null : scrub(entry.after),
    requestId: ctx.requestId ?? null,
  });
}
