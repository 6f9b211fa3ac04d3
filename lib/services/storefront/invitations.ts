import { and, eq, isNull } from "drizzle-orm";
import { authTokens, customerInvitations, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { AppError, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizeCustomerRead, authorizeUserManagement } from "../customer-scope";
import { audit } from "../audit";
import { getCustomerRowOrThrow } from "../customers/get";
import { EmailTakenElsewhere, emailTaken } from "./invitation";
import { deliverInvitation } from "./invite";

type InvitationRow = typeof customerInvitations.$inferSelect;

/** An invitation of the customer, or a 404: another customer's invitation is never found. */
export async function getInvitationRowOrThrow(ctx: { db: Database }, customerId: string, invitationId: string, options: { forUpdate?: boolean } = {}): Promise<InvitationRow> {
  const query = ctx.db
    .select()
    .from(customerInvitations)
    .where(and(eq(customerInvitations.id, invitationId), eq(customerInvitations.customerId, customerId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row || row.state === "revoked") throw notFound("Invitation", invitationId);
  return row;
}

function alreadyAccepted(email: string): AppError {
  return new AppError("conflict", `${email} has already chosen a password; they can reset it from the sign-in page`);
}

/**
 * Sends a pending invitation again with a fresh link (the earlier one stops working) and a new
 * expiry; an expired invitation is sent again the same way. An invitation to an address outside
 * the customer is sent again as it was first sent (see `deliverInvitation`), or as a real one if
 * the address has become free meanwhile.
 */
export async function resendInvitation({ ctx, customerId, invitationId }: { ctx: ServiceContext; customerId: string; invitationId: string }): Promise<{ email: string; expiresAt: string }> {
  authorizeCustomerRead(ctx, customerId);
  let address = "";
  try {
    return await withTransaction(ctx, async (tx) => {
      const customer = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
      const invitation = await getInvitationRowOrThrow(tx, customerId, invitationId, { forUpdate: true });
      address = invitation.email;
      authorizeUserManagement(ctx, customerId);
      if (!customer.storefrontEnabledAt) throw new AppError("conflict", `Storefront access is off for ${customer.name}; enable it first`);
      if (invitation.state === "accepted") throw alreadyAccepted(invitation.email);
      const { email, firstName, lastName, role } = invitation;
      const { user, expiresAt } = await deliverInvitation(tx, customer, { email, firstName, lastName, role });
      await tx.db
        .update(customerInvitations)
        .set({ userId: user?.id ?? null, sentAt: new Date(), expiresAt })
        .where(eq(customerInvitations.id, invitation.id));
      await audit(tx, { action: "customer_user.resend_invitation", entityType: "customer_invitation", entityId: invitation.id, customerId, after: { email, userId: user?.id ?? null } });
      return { email, expiresAt: expiresAt.toISOString() };
    });
  } catch (error) {
    if (error instanceof EmailTakenElsewhere || isUniqueViolation(error, "users_email_key")) throw emailTaken(address);
    throw error;
  }
}

/**
 * Withdraws a pending invitation: its link stops working and the account made for it is
 * removed. An invitation to an address outside the customer is only marked revoked; the same
 * statements run, matching nothing, and nothing about the address's account changes.
 */
export async function revokeInvitation({ ctx, customerId, invitationId }: { ctx: ServiceContext; customerId: string; invitationId: string }): Promise<void> {
  authorizeCustomerRead(ctx, customerId);
  await withTransaction(ctx, async (tx) => {
    const invitation = await getInvitationRowOrThrow(tx, customerId, invitationId, { forUpdate: true });
    authorizeUserManagement(ctx, customerId);
    if (invitation.state === "accepted") throw alreadyAccepted(invitation.email);
    await tx.db.update(customerInvitations).set({ state: "revoked" }).where(eq(customerInvitations.id, invitation.id));
    // Only an account of this customer that was never used goes with its invitation.
    const userId = invitation.userId ?? "";
    await tx.db
      .update(users)
      .set({ disabledAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.customerId, customerId), isNull(users.passwordHash), isNull(users.disabledAt)));
    await tx.db.delete(authTokens).where(and(eq(authTokens.userId, userId), isNull(authTokens.usedAt)));
    await audit(tx, { action: "customer_user.revoke_invitation", entityType: "customer_invitation", entityId: invitation.id, customerId, before: { email: invitation.email, userId: invitation.userId } });
  });
}
