import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { StoreRow } from "./access";
import type { StoreHealth, StoreView } from "./schemas";
import { webhookUrlFor } from "./session";
import { platformLabel } from "./shop-errors";
import { etsyUsage } from "./etsy-rate";

/** `trackingRefused`: the platform's latest refusal of our tracking this week (Etsy's 403), in its words. */
type Counts = { ordersWaiting: number; unlinkedVariants: number; failingJobs: number; trackingRefused?: string | null };

/** Orders waiting, unlinked variants and failed jobs per store, in three grouped queries. */
export async function loadStoreCounts(db: Database, storeIds: string[]): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>(storeIds.map((id) => [id, { ordersWaiting: 0, unlinkedVariants: 0, failingJobs: 0 }]));
  if (storeIds.length === 0) return counts;
  const ids = sql`${`{${storeIds.join(",")}}`}::text[]`;
  const [waiting, unlinked, failing, refused] = await Promise.all([
    queryRows<{ store_id: string; n: number }>(
      db,
      sql`select store_id, count(*)::int as n from orders where store_id = any(${ids}) and status in ('not_connected', 'on_hold') group by store_id`,
    ),
    queryRows<{ store_id: string; n: number }>(
      db,
      sql`select store_id, count(*)::int as n from store_variants where store_id = any(${ids}) and link_state = 'unlinked' group by store_id`,
    ),
    queryRows<{ store_id: string; n: number }>(
      db,
      sql`select data->>'storeId' as store_id, count(*)::int as n from pgboss.job
          where name in ('store.webhook', 'store.reconcile', 'store.fulfil', 'store.sync-products') and state = 'failed' and data->>'storeId' = any(${ids})
          group by data->>'storeId'`,
    ),
    queryRows<{ store_id: string; message: string }>(
      db,
      sql`select distinct on (store_id) store_id, message from store_events
          where store_id = any(${ids}) and type = 'fulfilment.refused' and created_at > now() - interval '7 days'
          order by store_id, created_at desc`,
    ),
  ]);
  for (const row of waiting) counts.get(row.store_id)!.ordersWaiting = Number(row.n);
  for (const row of unlinked) counts.get(row.store_id)!.unlinkedVariants = Number(row.n);
  for (const row of failing) counts.get(row.store_id)!.failingJobs = Number(row.n);
  for (const row of refused) counts.get(row.store_id)!.trackingRefused = row.message;
  return counts;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The store's health: the worst state wins, and its first reason is given. */
export function storeHealth(row: StoreRow, counts: Counts): StoreHealth {
  const platform = platformLabel(row.platform);
  const errors: string[] = [];
  const warnings: string[] = [];
  if (row.status === "revoked") errors.push(row.statusReason ?? `${platform} access was revoked: reconnect the store`);
  if (row.status === "expired") errors.push(row.statusReason ?? `The ${platform} access expired: reconnect the store`);
  if (row.status === "disconnected") errors.push("The store is disconnected");
  if (row.lastSyncError) errors.push(`The last sync failed: ${row.lastSyncError}`);
  if (counts.trackingRefused) errors.push(`Tracking was not accepted: ${counts.trackingRefused}`);
  if (counts.failingJobs > 0) errors.push(`${plural(counts.failingJobs, "job", "jobs")} for this store failed`);
  if (row.webhooksManaged && row.webhooksState !== "ok") {
    warnings.push(
      row.webhooksState === "disabled"
        ? "Webhooks had been disabled by the shop after failed deliveries and were turned back on: orders placed meanwhile arrive with the sync"
        : "Webhook subscriptions are missing: orders arrive with the hourly sync only",
    );
  }
  if (counts.ordersWaiting > 0) warnings.push(`${plural(counts.ordersWaiting, "order waits", "orders wait")} for a product link or an approval`);
  if (counts.unlinkedVariants > 0) warnings.push(`${plural(counts.unlinkedVariants, "variant is", "variants are")} not linked to a product`);
  const state = errors.length ? "error" : warnings.length ? "warning" : "ok";
  return {
    state,
    reason: errors[0] ?? warnings[0] ?? null,
    status: row.status,
    lastWebhookAt: iso(row.lastWebhookAt),
    lastSyncAt: iso(row.lastSyncAt),
    lastSyncError: row.lastSyncError,
    webhooks: row.webhooksManaged ? row.webhooksState : "not_managed",
    ordersWaiting: counts.ordersWaiting,
    unlinkedVariants: counts.unlinkedVariants,
    failingJobs: counts.failingJobs,
  };
}

export function toStoreView(row: StoreRow, counts: Counts = { ordersWaiting: 0, unlinkedVariants: 0, failingJobs: 0 }): StoreView {
  const identity =
    row.platform === "shopify" ? { shopDomain: row.identity } : row.platform === "woocommerce" ? { siteUrl: row.identity } : { shopId: row.identity };
  return {
    id: row.id,
    customerId: row.customerId,
    platform: row.platform,
    name: row.name,
    ...identity,
    status: row.status,
    statusReason: row.statusReason,
    approvalMode: row.approvalMode,
    webhookUrl: webhookUrlFor(row.platform, row.id),
    registerWebhooks: row.webhooksManaged,
    health: storeHealth(row, counts),
    connectedAt: row.connectedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loadStoreViews(db: Database, rows: StoreRow[]): Promise<StoreView[]> {
  const [counts, usage] = await Promise.all([loadStoreCounts(db, rows.map((row) => row.id)), rows.some((row) => row.platform === "etsy") ? etsyUsage() : null]);
  return rows.map((row) => {
    const view = toStoreView(row, counts.get(row.id));
    if (row.platform === "etsy" && usage) view.health.callBudget = { limitPerDay: usage.limitPerDay, usedToday: usage.usedToday };
    return view;
  });
}
