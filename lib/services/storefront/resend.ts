import { AppError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizeCustomerRead, authorizeUserManagement } from "../customer-scope";
import { audit } from "../audit";
import { getCustomerRowOrThrow } from "../customers/get";
import { getCustomerUserRowOrThrow } from "./users";
import { sendInvitation } from "./invitation";

/** Mails a user who has not chosen a password yet a new invitation; the earlier link stops working. */
export async function resendInvitation({ ctx, customerId, userId }: { ctx: ServiceContext; customerId: string; userId: string }): Promise<{ email: string; expiresAt: string }> {
  authorizeCustomerRead(ctx, customerId);
  return withTransaction(ctx, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, customerId);
    const user = await getCustomerUserRowOrThrow(tx, customerId, userId, { forUpdate: true });
    authorizeUserManagement(ctx, customerId);
    if (!customer.storefrontEnabledAt) throw new AppError("conflict", `Storefront access is off for ${customer.name}; enable it first`);
    if (user.passwordHash) {
      throw new AppError("conflict", `${user.email} has already chosen a password; they can reset it from the sign-in page`);
    }
    const { expiresAt } = await sendInvitation(tx, customer, user);
    await audit(tx, { action: "customer_user.resend_invitation", entityType: "user", entityId: user.id, customerId });
    return { email: user.email, expiresAt: expiresAt.toISOString() };
  });
}
