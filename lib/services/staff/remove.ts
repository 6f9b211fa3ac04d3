import { and, eq, isNull, ne, count } from "drizzle-orm";
import { users } from "@/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { endAllSessions } from "../auth/sessions";
import { revokeTokensOwnedBy } from "../tokens/tokens";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";

/**
 * Disables a staff account, ends its sessions and revokes the API tokens it owns, at once. The row
 * stays for the audit trail (and keeps its email, so the address cannot be reused for its tokens).
 */
export async function removeStaff({ ctx, userId }: { ctx: ServiceContext; userId: string }): Promise<void> {
  authorize(ctx, "staff:manage");
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select().from(users).where(and(eq(users.id, userId), eq(users.kind, "staff"))).for("update");
    if (!row || row.disabledAt) throw notFound("Staff member", userId);
    if (ctx.actor.type === "staff" && ctx.actor.userId === userId) {
      throw new AppError("conflict", "You cannot remove your own account");
    }
    if (row.role === "admin") {
      const [{ n }] = (await tx.db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.kind, "staff"), eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)))) as [{ n: number }];
      if (n === 0) throw new AppError("conflict", "The last active admin cannot be removed");
    }
    const [after] = await tx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId)).returning();
    await endAllSessions(tx.db, userId);
    await revokeTokensOwnedBy(tx, row.email);
    await audit(tx, { action: "staff.remove", entityType: "user", entityId: userId, before: row, after });
  });
}
