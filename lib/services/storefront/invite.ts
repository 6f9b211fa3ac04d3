import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizeUserManagement } from "../customer-scope";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { inviteCustomerUserInput, type CustomerUserView } from "./schemas";
import { emailTaken, prepareInvitedUser, sendInvitation } from "./invitation";
import { toCustomerUserView } from "./view";

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
      const user = await prepareInvitedUser(tx, customer, data, { promote: false });
      await sendInvitation(tx, customer, user);
      await audit(tx, { action: "customer_user.invite", entityType: "user", entityId: user.id, customerId, after: toCustomerUserView(user) });
      return toCustomerUserView(user);
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) throw emailTaken(data.email);
    throw error;
  }
}
