import { AppError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizePartnerOnCustomer } from "../customer-scope";
import { audit } from "../audit";
import { issueLink } from "../auth/links";
import { getCustomerRowOrThrow } from "../customers/get";
import { getCustomerUserRowOrThrow } from "./users";

/**
 * A fresh invitation link for staff to hand over themselves (no mail is sent). Like "send
 * again", it replaces the user's earlier link: only the newest link works.
 */
export async function createInvitationLink({ ctx, customerId, userId }: { ctx: ServiceContext; customerId: string; userId: string }): Promise<{ email: string; url: string; expiresAt: string }> {
  authorizePartnerOnCustomer(ctx, customerId, "write");
  return withTransaction(ctx, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, customerId);
    const user = await getCustomerUserRowOrThrow(tx, customerId, userId, { forUpdate: true });
    if (!customer.storefrontEnabledAt) throw new AppError("conflict", `Storefront access is off for ${customer.name}; enable it first`);
    if (user.passwordHash) throw new AppError("conflict", `${user.email} has already chosen a password; they can reset it from the sign-in page`);
    const link = await issueLink(tx.db, user.id, "invite");
    await audit(tx, { action: "customer_user.create_invitation_link", entityType: "user", entityId: user.id, customerId });
    return { email: user.email, url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}
