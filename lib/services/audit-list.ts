import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { ServiceContext } from "./context";
import { authorize } from "./permissions";

export type AuditView = {
  id: number;
  actor: string;
  actorType: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
};

/** The audit trail, newest first, optionally for one customer or one entity. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { customerId?: string; entityType?: string; entityId?: string; before?: number; limit?: number };
}): Promise<AuditView[]> {
  authorize(ctx, "read");
  const filters: SQL[] = [];
  if (input.customerId) filters.push(eq(auditLog.customerId, input.customerId));
  if (input.entityType) filters.push(eq(auditLog.entityType, input.entityType));
  if (input.entityId) filters.push(eq(auditLog.entityId, input.entityId));
  if (input.before) filters.push(lt(auditLog.id, input.before));
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(input.limit ?? 50, 200));
  return rows.map((row) => ({
    id: row.id,
    actor: row.actorLabel ?? row.actorType,
    actorType: row.actorType,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    createdAt: row.createdAt.toISOString(),
  }));
}
