import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { connectors, customerInvitations, customers, orders, postbackTriggers, stores, users, webhookEvents } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { disconnectStore } from "../stores/disconnect";
import { redactOrders } from "../stores/redact";
import { getCustomerRowOrThrow } from "./get";

export type CustomerDeletion = { customerId: string; storesDisconnected: number; connectorsRevoked: number; usersRemoved: number; ordersRedacted: number };

/**
 * Deletes a deactivated customer: its stores are disconnected, its order API keys revoked, its
 * users, their sessions and its postback triggers removed and its orders stripped of personal data. The orders stay
 * (status, items, totals) for the partner's records; the customer is a 404 from then on.
 */
export async function deleteCustomer({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CustomerDeletion> {
  authorize(ctx, "write");
  const customer = await getCustomerRowOrThrow(ctx, customerId);
  if (!customer.deactivatedAt) {
    throw new AppError("conflict", "Deactivate the customer before deleting it: a deleted customer's channels must already be closed", {
      reason: "customer_active",
    });
  }
  // Platform calls happen outside the transaction; a store disconnected here stays disconnected on a retry.
  const connected = await ctx.db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.customerId, customerId), ne(stores.status, "disconnected")));
  for (const store of connected) await disconnectStore({ ctx, storeId: store.id });

  return withTransaction(ctx, async (tx) => {
    const locked = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
    if (!locked.deactivatedAt) throw new AppError("conflict", "The customer was reactivated while it was being deleted", { reason: "customer_active" });
    const revoked = await tx.db
      .update(connectors)
      .set({ revokedAt: new Date() })
      .where(and(eq(connectors.customerId, customerId), isNull(connectors.revokedAt)))
      .returning({ apiKey: connectors.apiKey });
    const allKeys = await tx.db.select({ apiKey: connectors.apiKey }).from(connectors).where(eq(connectors.customerId, customerId));
    for (const { apiKey } of allKeys) invalidate(tx, "connector", apiKey);
    await tx.db.delete(customerInvitations).where(eq(customerInvitations.customerId, customerId));
    // Triggers hold the customer's URLs and e-mail addresses; their delivery logs go with them.
    await tx.db.delete(postbackTriggers).where(eq(postbackTriggers.customerId, customerId));
    // Sessions and sign-in tokens go with their users (foreign keys cascade).
    const removedUsers = await tx.db.delete(users).where(eq(users.customerId, customerId)).returning({ id: users.id });
    const orderRows = await tx.db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId));
    const orderIds = orderRows.map((row) => row.id);
    await redactOrders(tx, orderIds, "Personal data removed: the customer was deleted");
    const storeRows = await tx.db.select({ id: stores.id }).from(stores).where(eq(stores.customerId, customerId));
    const storeIds = storeRows.map((row) => row.id);
    if (storeIds.length) {
      await tx.db.update(webhookEvents).set({ rawBody: JSON.stringify({ redacted: true }), headers: {} }).where(inArray(webhookEvents.storeId, storeIds));
    }
    await tx.db
      .update(customers)
      .set({
        deletedAt: new Date(),
        referenceId: null,
        description: null,
        storefrontEnabledAt: null,
        postbackSecretEncrypted: null,
        postbackSecretPreviousEncrypted: null,
        postbackSecretPreviousExpiresAt: null,
      })
      .where(eq(customers.id, customerId));
    const result: CustomerDeletion = {
      customerId,
      storesDisconnected: connected.length,
      connectorsRevoked: revoked.length,
      usersRemoved: removedUsers.length,
      ordersRedacted: orderIds.length,
    };
    await audit(tx, { action: "customer.delete", entityType: "customer", entityId: customerId, customerId, before: { name: locked.name, referenceId: locked.referenceId }, after: result });
    return result;
  });
}
