import { eq, inArray } from "drizzle-orm";
import { customers, sessions, users } from "@/db/schema";
import { withTransaction, type ServiceContext } from "../context";
import { authorizePartnerOnCustomer } from "../customer-scope";
import { audit } from "../audit";
import { getCustomerRowOrThrow } from "../customers/get";

/**
 * Switches a customer's storefront access off: every session of its users ends at once and
 * sign-in is refused until access is enabled again. Users and pending invitations are kept.
 */
export async function disableStorefrontAccess({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<{ sessionsEnded: number }> {
  authorizePartnerOnCustomer(ctx, customerId, "write");
  return withTransaction(ctx, async (tx) => {
    const before = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
    if (before.storefrontEnabledAt) {
      await tx.db.update(customers).set({ storefrontEnabledAt: null }).where(eq(customers.id, customerId));
    }
    const ended = await tx.db
      .delete(sessions)
      .where(inArray(sessions.userId, tx.db.select({ id: users.id }).from(users).where(eq(users.customerId, customerId))))
      .returning({ id: sessions.id });
    if (before.storefrontEnabledAt) {
      await audit(tx, {
        action: "storefront.disable",
        entityType: "customer",
        entityId: customerId,
        customerId,
        before: { storefrontEnabledAt: before.storefrontEnabledAt },
        after: { storefrontEnabledAt: null, sessionsEnded: ended.length },
      });
    }
    return { sessionsEnded: ended.length };
  });
}
