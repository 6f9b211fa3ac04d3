import { and, count, eq, isNull, ne } from "drizzle-orm";
import { authTokens, customerInvitations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { endAllSessions } from "../auth/sessions";
import { withTransaction, type ServiceContext } from "../context";
import { authorizeCustomerRead, authorizeUserManagement } from "../customer-scope";
import { audit } from "../audit";
import { getCustomerUserRowOrThrow } from "./users";
import { toCustomerUserView } from "./view";

/** Removes a user of the customer: signed out at once, links and pending invitations voided. The row stays for the audit trail. */
export async function removeCustomerUser({ ctx, customerId, userId }: { ctx: ServiceContext; customerId: string; userId: string }): Promise<void> {
  authorizeCustomerRead(ctx, customerId);
  await withTransaction(ctx, async (tx) => {
    // Looked up before the role check, so a user of another customer is a 404 for everyone.
    const user = await getCustomerUserRowOrThrow(tx, customerId, userId, { forUpdate: true });
    authorizeUserManagement(ctx, customerId);
    if (ctx.actor.type === "customer_user" && ctx.actor.userId === userId) {
      throw new AppError("conflict", "You cannot remove yourself; ask another admin");
    }
    if (user.role === "admin") {
      const [others] = await tx.db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.customerId, customerId), eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, userId)));
      if (!others || others.n === 0) throw new AppError("conflict", "The last admin cannot be removed; invite another admin first");
    }
    const [after] = await tx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId)).returning();
    await endAllSessions(tx.db, userId);
    await tx.db.delete(authTokens).where(and(eq(authTokens.userId, userId), isNull(authTokens.usedAt)));
    await tx.db.update(customerInvitations).set({ state: "revoked" }).where(and(eq(customerInvitations.userId, userId), eq(customerInvitations.state, "pending")));
    await audit(tx, { action: "customer_user.remove", entityType: "user", entityId: userId, customerId, before: toCustomerUserView(user), after: toCustomerUserView(after!) });
  });
}
