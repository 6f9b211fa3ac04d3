import { eq, inArray } from "drizzle-orm";
import { connectors, customers } from "@/db/schema";
import type { Database } from "@/db/client";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { getCustomerRowOrThrow } from "./get";
import type { CustomerView } from "./schemas";
import { toCustomerView } from "./view";

/**
 * Stops a customer's intake on every channel while keeping its history: its order APIs answer
 * 403 in their dialect, its shops' webhooks are recorded as ignored and its stores are not polled.
 */
export async function deactivateCustomer({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CustomerView> {
  return setDeactivated(ctx, customerId, true);
}

/** Takes a deactivated customer's orders again, on every channel. */
export async function reactivateCustomer({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CustomerView> {
  return setDeactivated(ctx, customerId, false);
}

async function setDeactivated(ctx: ServiceContext, customerId: string, deactivated: boolean): Promise<CustomerView> {
  authorize(ctx, "write");
  return withTransaction(ctx, async (tx) => {
    const before = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
    if (Boolean(before.deactivatedAt) === deactivated) return toCustomerView(before);
    const [after] = await tx.db
      .update(customers)
      .set({ deactivatedAt: deactivated ? new Date() : null })
      .where(eq(customers.id, customerId))
      .returning();
    // Connector credentials are cached with their customer's state.
    const keys = await tx.db.select({ apiKey: connectors.apiKey }).from(connectors).where(eq(connectors.customerId, customerId));
    for (const { apiKey } of keys) invalidate(tx, "connector", apiKey);
    await audit(tx, {
      action: deactivated ? "customer.deactivate" : "customer.reactivate",
      entityType: "customer",
      entityId: customerId,
      customerId,
      before: { deactivatedAt: before.deactivatedAt },
      after: { deactivatedAt: after!.deactivatedAt },
    });
    return toCustomerView(after!);
  });
}

/** Whether the customer takes orders (false once deactivated). */
export async function isCustomerActive(db: Database, customerId: string): Promise<boolean> {
  const [row] = await db.select({ deactivatedAt: customers.deactivatedAt }).from(customers).where(eq(customers.id, customerId));
  return Boolean(row) && !row!.deactivatedAt;
}

/** Of these customers, the ones that take no orders (deactivated or gone): one query for a batch. */
export async function inactiveCustomersAmong(db: Database, customerIds: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(customerIds)];
  if (wanted.length === 0) return new Set();
  const rows = await db.select({ id: customers.id, deactivatedAt: customers.deactivatedAt }).from(customers).where(inArray(customers.id, wanted));
  const active = new Set(rows.filter((row) => !row.deactivatedAt).map((row) => row.id));
  return new Set(wanted.filter((id) => !active.has(id)));
}
