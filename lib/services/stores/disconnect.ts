import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { authorizeStoreChange, getStoreRowOrThrow } from "./access";
import { invalidateStore, openStore, readCredentials, sealCredentials } from "./session";
import { isShopError } from "./shop-errors";
import { recordStoreEvent } from "./log";

/**
 * Disconnects a store: deletes the webhook subscriptions Inkbridge made (as far as the platform
 * still lets it), forgets the access credentials and keeps every order received. The webhook key
 * is kept so late deliveries can still be verified and recorded as ignored.
 */
export async function disconnectStore({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<void> {
  const row = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, row.customerId);
  if (row.status === "disconnected") return;
  if (row.webhooksManaged && row.status === "connected") {
    try {
      const opened = openStore(ctx, row);
      await opened.connector.removeWebhooks(opened.session);
    } catch (error) {
      if (!isShopError(error)) throw error;
      ctx.log.warn({ storeId, kind: error.kind }, "webhook subscriptions could not be removed on disconnect");
    }
  }
  const webhookSecret = (readCredentials(row) as { webhookSecret?: string } | null)?.webhookSecret;
  await withTransaction(ctx, async (tx) => {
    await tx.db
      .update(stores)
      .set({
        status: "disconnected",
        statusReason: null,
        credentialsEncrypted: webhookSecret ? sealCredentials({ webhookSecret } as never) : null,
        webhooksState: row.webhooksManaged ? "missing" : "not_managed",
        disconnectedAt: new Date(),
      })
      .where(eq(stores.id, storeId));
    await audit(tx, { action: "store.disconnect", entityType: "store", entityId: storeId, customerId: row.customerId });
    await recordStoreEvent(tx, { storeId, customerId: row.customerId, type: "store.disconnected", message: "Disconnected; received orders stay in production" });
    invalidateStore(tx, row);
  });
}
