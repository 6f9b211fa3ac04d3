import { eq, sql } from "drizzle-orm";
import { stores } from "@/db/schema";
import { getConnector, isImplementedPlatform } from "@/connectors/registry";
import type { CredentialsOf, Platform, PlatformCall, ShopConnector, StoreSession } from "@/connectors/types";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getMetrics } from "@/lib/metrics";
import { invalidate } from "@/lib/cache/invalidation";
import type { ServiceContext } from "../context";
import { adoptSharedEtsyRateLimiter } from "./etsy-rate";
import type { StoreRow } from "./access";

export type OpenedStore = { connector: ShopConnector; session: StoreSession };

/** The platform's connector; platforms not built yet are refused as input the service cannot take. */
export function connectorFor(platform: Platform): ShopConnector {
  if (!isImplementedPlatform(platform)) {
    throw new AppError("validation_failed", `${platform} stores cannot be connected yet`, { details: [{ path: "platform", message: "not supported yet" }] });
  }
  if (platform === "etsy") adoptSharedEtsyRateLimiter();
  return getConnector(platform) as unknown as ShopConnector;
}

/** Drops the webhook intake's cached copy of a store once the caller's transaction commits. */
export function invalidateStore(ctx: ServiceContext, row: Pick<StoreRow, "platform" | "identity">): void {
  invalidate(ctx, "store", `${row.platform}:${row.identity}`);
}

/** Where a store's platform must deliver webhooks. */
export function webhookUrlFor(platform: Platform, storeId: string): string {
  const base = `${getEnv().APP_URL}/api/webhooks`;
  switch (platform) {
    case "shopify":
      return `${base}/shopify`;
    case "woocommerce":
      return `${base}/woocommerce/${storeId}`;
    case "etsy":
      return `${base}/etsy`;
  }
}

export function sealCredentials(credentials: CredentialsOf<Platform>): string {
  return encryptSecret(JSON.stringify(credentials));
}

export function readCredentials(row: Pick<StoreRow, "credentialsEncrypted">): CredentialsOf<Platform> | null {
  if (!row.credentialsEncrypted) return null;
  return JSON.parse(decryptSecret(row.credentialsEncrypted)) as CredentialsOf<Platform>;
}

/** The key a store's webhooks are signed with: its own, else the app's (OAuth stores; Etsy's one endpoint secret). */
export function webhookSecretsFor(row: Pick<StoreRow, "credentialsEncrypted" | "platform"> | undefined, platform: Platform = row?.platform ?? "shopify"): string[] {
  if (platform === "etsy") return getEnv().ETSY_WEBHOOK_SECRET ? [getEnv().ETSY_WEBHOOK_SECRET!] : [];
  const own = row ? (readCredentials(row) as { webhookSecret?: string } | null)?.webhookSecret : undefined;
  const app = getEnv().SHOPIFY_API_SECRET;
  return [...new Set([own, !row || row.platform === "shopify" ? app : undefined].filter((value): value is string => Boolean(value)))];
}

/**
 * A connector session for a connected store: decrypted credentials, a saver that seals refreshed
 * ones at once, so a rotated refresh token is never lost, and a lock per store that lets one
 * process at a time refresh them.
 */
function countPlatformCall(call: PlatformCall): void {
  const metrics = getMetrics();
  metrics.platformCalls.inc({ platform: call.platform, outcome: call.outcome });
  if (call.outcome === "throttled") metrics.platformThrottled.inc({ platform: call.platform });
}

export function openStore(ctx: Pick<ServiceContext, "db">, row: StoreRow): OpenedStore {
  const credentials = readCredentials(row);
  if (!credentials || row.status === "disconnected") throw new AppError("conflict", `The store ${row.id} is disconnected`);
  const session: StoreSession = {
    storeId: row.id,
    platform: row.platform,
    identity: row.identity,
    credentials,
    webhookUrl: webhookUrlFor(row.platform, row.id),
    onCall: countPlatformCall,
    async saveCredentials(next) {
      await ctx.db.update(stores).set({ credentialsEncrypted: sealCredentials(next) }).where(eq(stores.id, row.id));
      session.credentials = next;
    },
    // A transaction-scoped advisory lock per store, from reading the stored credentials until the refreshed
    // ones are written; unlike a row lock it does not hold up other writes to the store (webhook intake).
    async refreshExclusively(refresh) {
      const next = await ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`store-credentials:${row.id}`}))`);
        const [locked] = await tx.select({ credentialsEncrypted: stores.credentialsEncrypted, status: stores.status }).from(stores).where(eq(stores.id, row.id));
        const stored = locked ? readCredentials(locked) : null;
        if (!locked || !stored || locked.status === "disconnected") throw new AppError("conflict", `The store ${row.id} is disconnected`);
        const refreshed = await refresh(stored);
        if (refreshed !== stored) await tx.update(stores).set({ credentialsEncrypted: sealCredentials(refreshed) }).where(eq(stores.id, row.id));
        return refreshed;
      });
      session.credentials = next;
      return next;
    },
  };
  return { connector: connectorFor(row.platform), session };
}
