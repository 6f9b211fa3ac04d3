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
import { EmailTakenElsewhere, emailTaken, prepareInvitedUser, sendInvitation } from "./invitation";
import { toCustomerUserView } from "./view";

type InviteData = ReturnType<typeof inviteCustomerUserInput.parse>;

/** Invites another user of the customer (admin or member): staff, or an admin of that customer. */
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
      let user: typeof users.$inferSelect;
      try {
        user = await prepareInvitedUser(tx, customer, data, { promote: false });
      } catch (error) {
        if (error instanceof EmailTakenElsewhere && tx.actor.type === "customer_user") return answerAsInvited(tx, customer, data);
        throw error;
      }
      await sendInvitation(tx, customer, user);
      await audit(tx, { action: "customer_user.invite", entityType: "user", entityId: user.id, customerId, after: toCustomerUserView(user) });
      return toCustomerUserView(user);
    });
  } catch (error) {
    if (error instanceof EmailTakenElsewhere || isUniqueViolation(error, "users_email_key")) throw emailTaken(data.email);
    throw error;
  }
}

class Rehearsal extends Error {}

/**
 * A storefront user must not learn that an address belongs to another customer's user or to
 * staff: they get the answer of a sent invitation, and the address's holder gets a notice instead.
 */
async function answerAsInvited(tx: ServiceContext, customer: typeof customers.$inferSelect, data: InviteData): Promise<CustomerUserView> {
  const now = new Date();
  // The writes of a real invitation, rolled back, so this answer takes as long as one.
  await tx.db
    .transaction(async (savepoint) => {
      const [placeholder] = await savepoint
        .insert(users)
        .values({ id: createId("user"), kind: "customer", customerId: customer.id, email: `${randomToken(12)}@rehearsal.invalid`, role: data.role, name: "-", invitedAt: now })
        .returning();
      await issueLink(savepoint, placeholder!.id, "invite");
      throw new Rehearsal();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rehearsal)) throw error;
    });
  const invitedBy = tx.actor.type === "customer_user" ? tx.actor.name : customer.name;
  await queueMail(tx, addressInUseMail({ to: data.email, customerName: customer.name, invitedBy }));
  const view: CustomerUserView = {
    id: createId("user"),
    customerId: customer.id,
    email: data.email,
    name: `${data.firstName} ${data.lastName}`,
    firstName: data.firstName,
    lastName: data.lastName,
    role: data.role,
    status: "invited",
    invitedAt: now.toISOString(),
    invitedBy: actorLabel(tx.actor),
    lastSignInAt: null,
    createdAt: now.toISOString(),
  };
  await audit(tx, { action: "customer_user.invite_address_in_use", entityType: "customer", entityId: customer.id, customerId: customer.id, after: { email: data.email } });
  return view;
}
