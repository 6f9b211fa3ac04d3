import { and, eq, inArray, sql } from "drizzle-orm";
import { ignoredVariants, orderShipments, orders, productLinks, storeEvents, storeVariants, stores, webhookEvents } from "@/db/schema";
import { withTransaction, type ServiceContext } from "../context";
import { recordOrderEvent } from "../orders/events";
import type { StoreRow } from "./access";
import { recordStoreEvent } from "./log";
import { invalidateStore } from "./session";

const redactedAddress = { firstName: "", lastName: "", addressLine1: "", city: "", postCode: "", country: "" };
const redactedBody = JSON.stringify({ redacted: true });

/** Removes name, address, email, phone and metadata from orders; ids, items and statuses stay. */
export async function redactOrders(tx: ServiceContext, orderIds: string[], reason: string): Promise<void> {
  if (orderIds.length === 0) return;
  await tx.db.update(orderShipments).set({ address: redactedAddress, returnAddress: null }).where(inArray(orderShipments.orderId, orderIds));
  // Metadata are the sender's own key/value notes and may name the buyer; of extra, the address a
  // shop change was last flagged for is the only personal field.
  await tx.db
    .update(orders)
    .set({ recipientName: null, rawBody: redactedBody, metadata: [], extra: sql`${orders.extra} - 'shopAddressSeen'` })
    .where(inArray(orders.id, orderIds));
  const rows = await tx.db.select({ id: orders.id, customerId: orders.customerId }).from(orders).where(inArray(orders.id, orderIds));
  for (const row of rows) await recordOrderEvent(tx, { orderId: row.id, customerId: row.customerId, type: "order.redacted", message: reason });
}

/**
 * `customers/redact`: the named orders (and any order of the store shipped to the customer's
 * email) lose their personal data; their webhook deliveries lose their bodies.
 */
export async function redactCustomerOrders(ctx: ServiceContext, store: StoreRow, externalOrderIds: string[], body: unknown): Promise<number> {
  const email = (body as { customer?: { email?: unknown } } | null)?.customer?.email;
  return withTransaction(ctx, async (tx) => {
    const named = externalOrderIds.length
      ? await tx.db
          .select({ id: orders.id })
          .from(orders)
          .where(and(eq(orders.storeId, store.id), inArray(orders.externalId, externalOrderIds)))
      : [];
    const byEmail =
      typeof email === "string" && email
        ? await tx.db
            .select({ id: orders.id })
            .from(orders)
            .innerJoin(orderShipments, eq(orderShipments.orderId, orders.id))
            .where(and(eq(orders.storeId, store.id), sql`lower(${orderShipments.address}->>'email') = lower(${email})`))
        : [];
    const ids = [...new Set([...named, ...byEmail].map((row) => row.id))];
    await redactOrders(tx, ids, "Personal data removed at the customer's request (customers/redact)");
    if (externalOrderIds.length) {
      await tx.db
        .update(webhookEvents)
        .set({ rawBody: redactedBody })
        .where(and(eq(webhookEvents.storeId, store.id), inArray(webhookEvents.externalOrderId, externalOrderIds)));
    }
    await recordStoreEvent(tx, { storeId: store.id, customerId: store.customerId, type: "compliance.customer_redacted", message: `Personal data removed from ${ids.length} order(s)` });
    return ids.length;
  });
}

/**
 * `shop/redact` (48 hours after uninstalling): the store's synced products, links, logs and
 * delivery bodies go, its orders lose their personal data, its credentials are forgotten.
 */
export async function redactStore(ctx: ServiceContext, store: StoreRow): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const rows = await tx.db.select({ id: orders.id }).from(orders).where(eq(orders.storeId, store.id));
    await redactOrders(tx, rows.map((row) => row.id), "Personal data removed: the shop asked for its data to be erased (shop/redact)");
    await tx.db.delete(storeVariants).where(eq(storeVariants.storeId, store.id));
    await tx.db.delete(productLinks).where(eq(productLinks.storeId, store.id));
    await tx.db.delete(ignoredVariants).where(eq(ignoredVariants.storeId, store.id));
    await tx.db.delete(storeEvents).where(eq(storeEvents.storeId, store.id));
    await tx.db.update(webhookEvents).set({ rawBody: redactedBody, headers: {} }).where(eq(webhookEvents.storeId, store.id));
    await tx.db
      .update(stores)
      .set({ status: "disconnected", statusReason: "The shop's data was erased (shop/redact)", credentialsEncrypted: null, disconnectedAt: new Date() })
      .where(eq(stores.id, store.id));
    await recordStoreEvent(tx, { storeId: store.id, customerId: store.customerId, type: "compliance.shop_redacted", message: "The shop's data was erased" });
    invalidateStore(tx, store);
  });
}
