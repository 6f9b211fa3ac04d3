import type { z } from "zod";
import { users, type customers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { queueMail } from "@/lib/mail/send";
import { addressInUseMail } from "@/lib/mail/templates";
import { isUniqueViolation } from "@/db/errors";
import { randomToken } from "@/lib/crypto";
import { issueLink } from "../auth/links";
import { actorLabel, withTransaction, type ServiceContext } from "../context";
import { authorizeUserManagement } from "../customer-scope";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { inviteCustomerUserInput, type CustomerUserView } from "./schemas";
import { EmailTakenElsewhere, emailTaken, noticeExpiry, prepareInvitedUser, recordInvitation, sendInvitation } from "./invitation";
import { toCustomerUserView } from "./view";

type InviteData = ReturnType<typeof inviteCustomerUserInput.parse>;
type CustomerRow = typeof customers.$inferSelect;

/**
 * Invites another user of the customer (admin or member): staff, or an admin of that customer.
 * Every invitation is recorded, and the customer's Users page lists it until it is accepted or
 * revoked; inviting an address again replaces its pending invitation (new name, role and link). An invitation to an address that already belongs to someone outside the customer is
 * recorded and listed the same way for a storefront user (see `deliverInvitation`).
 */
export async function inviteCustomerUser({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof inviteCustomerUserInput>;
}): Promise<CustomerUserView> {
  authorizeUserManagement(ctx, customerId);
  const data = parseInput(inviteCustomerUserInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const customer = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
      if (!customer.storefrontEnabledAt) throw new AppError("conflict", `Storefront access is off for ${customer.name}; enable it first`);
      const { user, expiresAt } = await deliverInvitation(tx, customer, data);
      const invitation = await recordInvitation(tx, customer, data, user, expiresAt);
      if (!user) {
        await audit(tx, { action: "customer_user.invite_address_in_use", entityType: "customer_invitation", entityId: invitation.id, customerId, after: { email: data.email } });
        return phantomView(tx, customer, data, invitation.sentAt);
      }
      await audit(tx, { action: "customer_user.invite", entityType: "user", entityId: user.id, customerId, after: { ...toCustomerUserView(user), invitationId: invitation.id } });
      return toCustomerUserView(user);
    });
  } catch (error) {
    if (error instanceof EmailTakenElsewhere || isUniqueViolation(error, "users_email_key")) throw emailTaken(data.email);
    throw error;
  }
}

class Rehearsal extends Error {}

/**
 * Sends an invitation (first or again) to an address for the customer: the account is made or
 * brought back and mailed a one-time link. When the address belongs to staff or to another
 * customer's user, a storefront user must not learn so: the writes of a real invitation are done
 * and rolled back (so this takes as long as one), the address's holder gets a notice instead,
 * and `user` is null. Staff get the conflict (`EmailTakenElsewhere`).
 */
export async function deliverInvitation(tx: ServiceContext, customer: CustomerRow, data: InviteData): Promise<{ user: typeof users.$inferSelect | null; expiresAt: Date }> {
  try {
    const user = await prepareInvitedUser(tx, customer, data, { promote: false });
    const { expiresAt } = await sendInvitation(tx, customer, user);
    return { user, expiresAt };
  } catch (error) {
    if (!(error instanceof EmailTakenElsewhere) || tx.actor.type !== "customer_user") throw error;
  }
  await tx.db
    .transaction(async (savepoint) => {
      const [placeholder] = await savepoint
        .insert(users)
        .values({ id: createId("user"), kind: "customer", customerId: customer.id, email: `${randomToken(12)}@rehearsal.invalid`, role: data.role, name: "-", invitedAt: new Date() })
        .returning();
      await issueLink(savepoint, placeholder!.id, "invite");
      throw new Rehearsal();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rehearsal)) throw error;
    });
  const invitedBy = tx.actor.type === "customer_user" ? tx.actor.name : customer.name;
  await queueMail(tx, addressInUseMail({ to: data.email, customerName: customer.name, invitedBy }));
  return { user: null, expiresAt: noticeExpiry() };
}

/** What inviting returns for an address outside the customer: the shape of a new invited user. */
function phantomView(tx: ServiceContext, customer: CustomerRow, data: InviteData, at: Date): CustomerUserView {
  return {
    id: createId("user"),
    customerId: customer.id,
    email: data.email,
    name: `${data.firstName} ${data.lastName}`,
    firstName: data.firstName,
    lastName: data.lastName,
    role: data.role,
    status: "invited",
    invitedAt: at.toISOString(),
    invitedBy: actorLabel(tx.actor),
    lastSignInAt: null,
    createdAt: at.toISOString(),
    expiresAt: null,
  };
}
