import { eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import { ShopError } from "@/connectors/types";
import { NonRetryableError } from "@/lib/jobs/types";
import { enqueue } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "../context";
import type { StoreRow } from "./access";
import { recordStoreEvent } from "./log";
import { invalidateStore } from "./session";

export function isShopError(error: unknown): error is ShopError {
  return error instanceof ShopError || (error instanceof Error && error.name === "ShopError" && "kind" in error);
}

export function platformLabel(platform: StoreRow["platform"]): string {
  switch (platform) {
    case "shopify":
      return "Shopify";
    case "woocommerce":
      return "WooCommerce";
    case "etsy":
      return "Etsy";
  }
}

/** Marks a store revoked or expired; it takes nothing until it is connected again. */
export async function markStoreUnusable(ctx: ServiceContext, store: StoreRow, status: "revoked" | "expired", reason: string): Promise<void> {
  const updated = await ctx.db
    .update(stores)
    .set({ status, statusReason: reason, lastSyncError: reason })
    .where(eq(stores.id, store.id))
    .returning({ id: stores.id });
  if (updated.length) {
    await recordStoreEvent(ctx, { storeId: store.id, customerId: store.customerId, type: `store.${status}`, message: reason });
    await enqueue(ctx, "store.alerts", { storeId: store.id }, { key: `${store.id}:${status}:${Date.now()}` });
  }
  invalidateStore(ctx, store);
}

/**
 * What a platform error means for a job: revoked or expired credentials mark the store (no retry),
 * throttling and outages are retried, a refusal is final. Returns the error the job should throw.
 */
export async function settleShopError(ctx: ServiceContext, store: StoreRow, error: ShopError): Promise<Error> {
  const platform = platformLabel(store.platform);
  switch (error.kind) {
    case "unauthorized":
      await markStoreUnusable(ctx, store, "revoked", `${platform} refused the store's credentials: reconnect the store`);
      return new NonRetryableError(error.message, { cause: error });
    case "expired": {
      // Another process may have refreshed (and so rotated) the token first: then try again with its pair.
      const [now] = await ctx.db.select({ credentialsEncrypted: stores.credentialsEncrypted }).from(stores).where(eq(stores.id, store.id));
      if (now && now.credentialsEncrypted !== store.credentialsEncrypted) return new ShopError("unavailable", `${error.message} (refreshed meanwhile by another worker; trying again)`);
      await markStoreUnusable(ctx, store, "expired", `The ${platform} access can no longer be renewed: reconnect the store`);
      return new NonRetryableError(error.message, { cause: error });
    }
    case "throttled":
    case "unavailable":
      return error;
    case "forbidden":
    case "rejected":
    case "not_found":
      return new NonRetryableError(error.message, { cause: error });
  }
}
