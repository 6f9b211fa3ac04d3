import type { z } from "zod";
import { eq } from "drizzle-orm";
import { customers } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizePartnerOnCustomer } from "../customer-scope";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { enableStorefrontInput, type StorefrontInvitation } from "./schemas";
import { EmailTakenElsewhere, emailTaken, prepareInvitedUser, recordInvitation, sendInvitation } from "./invitation";

/**
 * Opens the storefront portal to a customer and invites its admin. Calling it again (also after
 * access was switched off) re-sends the invitation; the previous link stops working.
 */
export async function enableStorefrontAccess({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof enableStorefrontInput>;
}): Promise<StorefrontInvitation> {
  authorizePartnerOnCustomer(ctx, customerId, "write");
  const data = parseInput(enableStorefrontInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const before = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
      const customer = before.storefrontEnabledAt
        ? before
        : (await tx.db.update(customers).set({ storefrontEnabledAt: new Date() }).where(eq(customers.id, customerId)).returning())[0]!;
      const user = await prepareInvitedUser(tx, customer, { ...data, role: "admin" }, { promote: true });
      const { expiresAt } = await sendInvitation(tx, customer, user);
      // An admin who already has a password is back at once; anyone else is listed as invited.
      if (!user.passwordHash) await recordInvitation(tx, customer, { ...data, role: "admin" }, user, expiresAt);
      await audit(tx, {
        action: "storefront.enable",
        entityType: "customer",
        entityId: customerId,
        customerId,
        before: { storefrontEnabledAt: before.storefrontEnabledAt },
        after: { storefrontEnabledAt: customer.storefrontEnabledAt, adminEmail: user.email, adminUserId: user.id },
      });
      return { userId: user.id, email: user.email, invitedAt: (user.invitedAt ?? new Date()).toISOString() };
    });
  } catch (error) {
    if (error instanceof EmailTakenElsewhere || isUniqueViolation(error, "users_email_key")) throw emailTaken(data.email);
    throw error;
  }
}
