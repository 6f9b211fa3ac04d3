import { eq } from "drizzle-orm";
import { customerInvitations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizePartnerOnCustomer } from "../customer-scope";
import { audit } from "../audit";
import { issueLink } from "../auth/links";
import { getCustomerRowOrThrow } from "../customers/get";
import { getCustomerUserRowOrThrow } from "./users";
import { getInvitationRowOrThrow } from "./invitations";

/**
 * A fresh link for a pending invitation, for staff to hand over themselves (no mail is sent).
 * Like "send again", it replaces the earlier link: only the newest link works.
 */
export async function createInvitationLink({ ctx, customerId, invitationId }: { ctx: ServiceContext; customerId: string; invitationId: string }): Promise<{ email: string; url: string; expiresAt: string }> {
  authorizePartnerOnCustomer(ctx, customerId, "write");
  return withTransaction(ctx, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, customerId);
    const invitation = await getInvitationRowOrThrow(tx, customerId, invitationId, { forUpdate: true });
    if (!customer.storefrontEnabledAt) throw new AppError("conflict", `Storefront access is off for ${customer.name}; enable it first`);
    if (invitation.state === "accepted") throw new AppError("conflict", `${invitation.email} has already chosen a password; they can reset it from the sign-in page`);
    if (!invitation.userId) {
      throw new AppError("conflict", `${invitation.email} belongs to another account, so this invitation has no link; its holder was told of it. Revoke it, or ask for another address.`);
    }
    const user = await getCustomerUserRowOrThrow(tx, customerId, invitation.userId, { forUpdate: true });
    if (user.passwordHash) throw new AppError("conflict", `${user.email} has already chosen a password; they can reset it from the sign-in page`);
    const link = await issueLink(tx.db, user.id, "invite");
    await tx.db.update(customerInvitations).set({ expiresAt: link.expiresAt }).where(eq(customerInvitations.id, invitation.id));
    await audit(tx, { action: "customer_user.create_invitation_link", entityType: "user", entityId: user.id, customerId, after: { invitationId: invitation.id } });
    return { email: user.email, url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}
