import { AppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { audit } from "../audit";
import { authorizeStoreChange, getStoreRowOrThrow } from "./access";
import { openStore } from "./session";
import { refreshWebhooks } from "./webhooks";
import { loadStoreViews } from "./view";
import type { StoreView } from "./schemas";

/** "Restore webhooks": checks the store's subscriptions with the platform now and makes what is missing. */
export async function restoreStoreWebhooks({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<StoreView> {
  const row = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, row.customerId);
  if (row.status !== "connected") throw new AppError("conflict", `The store is ${row.status}: reconnect it first`, { reason: "store_not_connected" });
  if (!row.webhooksManaged) throw new AppError("conflict", "The shop owner manages this store's webhooks", { reason: "webhooks_not_managed" });
  const updated = await refreshWebhooks(ctx, row, openStore(ctx, row));
  await audit(ctx, { action: "store.restore_webhooks", entityType: "store", entityId: storeId, customerId: row.customerId });
  return (await loadStoreViews(ctx.db, [updated]))[0]!;
}
