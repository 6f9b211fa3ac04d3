import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { ServiceContext } from "../context";
import type { StoreRow } from "./access";
import type { OpenedStore } from "./session";
import { isShopError } from "./shop-errors";
import { recordStoreEvent } from "./log";

/**
 * Makes sure Inkbridge's webhook subscriptions exist and are active (restoring what the platform
 * deleted or disabled) and records the outcome on the store. A platform refusal is recorded, not
 * thrown: orders still arrive through reconciliation.
 */
export async function refreshWebhooks(ctx: Pick<ServiceContext, "db" | "log">, row: StoreRow, opened: OpenedStore): Promise<StoreRow> {
  if (!row.webhooksManaged) return row;
  try {
    const check = await opened.connector.ensureWebhooks(opened.session);
    const [updated] = await ctx.db.update(stores).set({ webhooksState: check.state }).where(eq(stores.id, row.id)).returning();
    if (check.restored.length > 0 && row.webhooksState === "ok") {
      await recordStoreEvent(ctx, { storeId: row.id, customerId: row.customerId, type: "webhooks.restored", message: `Restored webhook subscriptions: ${check.restored.join(", ")}` });
    }
    return updated ?? row;
  } catch (error) {
    if (!isShopError(error)) throw error;
    ctx.log.warn({ storeId: row.id, kind: error.kind }, "webhook subscriptions could not be checked");
    const [updated] = await ctx.db.update(stores).set({ webhooksState: "missing" }).where(eq(stores.id, row.id)).returning();
    await recordStoreEvent(ctx, { storeId: row.id, customerId: row.customerId, type: "webhooks.failed", message: `Webhook subscriptions could not be made: ${error.message}` });
    return updated ?? row;
  }
}
