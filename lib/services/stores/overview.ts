import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { customers, orders, storeEvents, storeVariants, stores } from "@/db/schema";
import { platforms } from "@/connectors/types";
import type { Database } from "@/db/client";
import { actorCustomerId, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { likePattern } from "../pagination";
import { healthStates, type HealthState, type StoreView } from "./schemas";
import { toStoreView } from "./view";
import { etsyUsage } from "./etsy-rate";

export const storeJobNames = ["store.webhook", "store.reconcile", "store.fulfil", "store.sync-products"] as const;

export const listStoreOverviewInput = z.object({
  state: z.enum(healthStates).optional(),
  platform: z.enum(platforms).optional(),
  customerId: z.string().trim().min(1).max(100).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export type StoreOverviewRow = StoreView & { customerName: string };
export type StoreOverviewPage = { data: StoreOverviewRow[]; total: number; limit: number; offset: number };

/**
 * The per-store figures health needs, as lateral joins of one statement. `rank` mirrors
 * `storeHealth` (2 error, 1 warning, 0 ok) so the list can filter and sort worst first in SQL.
 */
function storeFigures(db: Database) {
  const waiting = db
    .select({ n: sql<number>`count(*)::int`.as("orders_waiting") })
    .from(orders)
    .where(and(sql`${orders.storeId} = ${stores.id}`, inArray(orders.status, ["not_connected", "on_hold"])))
    .as("waiting");
  const unlinked = db
    .select({ n: sql<number>`count(*)::int`.as("unlinked_variants") })
    .from(storeVariants)
    .where(and(sql`${storeVariants.storeId} = ${stores.id}`, eq(storeVariants.linkState, "unlinked")))
    .as("unlinked");
  const failing = db
    .select({ n: sql<number>`count(*)::int`.as("failing_jobs") })
    .from(sql`pgboss.job`)
    .where(sql`name in (${sql.join(storeJobNames.map((name) => sql`${name}`), sql`, `)}) and state = 'failed' and data->>'storeId' = ${stores.id}`)
    .as("failing");
  const refused = db
    .select({ message: sql<string | null>`${storeEvents.message}`.as("tracking_refused") })
    .from(storeEvents)
    .where(and(sql`${storeEvents.storeId} = ${stores.id}`, eq(storeEvents.type, "fulfilment.refused"), sql`${storeEvents.createdAt} > now() - interval '7 days'`))
    .orderBy(desc(storeEvents.createdAt))
    .limit(1)
    .as("refused");
  const rank = sql<number>`(case
    when ${stores.status} <> 'connected' or ${stores.lastSyncError} is not null or ${refused.message} is not null or ${failing.n} > 0 then 2
    when (${stores.webhooksManaged} and ${stores.webhooksState} <> 'ok') or ${waiting.n} > 0 or ${unlinked.n} > 0 then 1
    else 0 end)`;
  return { waiting, unlinked, failing, refused, rank };
}

const rankOf: Record<HealthState, number> = { ok: 0, warning: 1, error: 2 };

/**
 * Every connected store of every customer (or of the actor's own customer) with its health, in
 * one statement: worst first, then by name; filters by health state, platform, customer and text.
 */
export async function listStoreOverview({ ctx, input }: { ctx: ServiceContext; input: Record<string, unknown> }): Promise<StoreOverviewPage> {
  const data = parseInput(listStoreOverviewInput, input);
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "read");
  const figures = storeFigures(ctx.db);
  const conditions: SQL[] = [ne(stores.status, "disconnected")];
  if (own !== undefined) conditions.push(eq(stores.customerId, own));
  if (data.customerId) conditions.push(eq(stores.customerId, data.customerId));
  if (data.platform) conditions.push(eq(stores.platform, data.platform));
  if (data.state) conditions.push(sql`${figures.rank} = ${rankOf[data.state]}`);
  if (data.q) {
    const pattern = likePattern(data.q);
    conditions.push(or(ilike(stores.name, pattern), ilike(stores.identity, pattern), ilike(customers.name, pattern), eq(stores.id, data.q))!);
  }
  const rows = await ctx.db
    .select({
      store: stores,
      customerName: customers.name,
      ordersWaiting: figures.waiting.n,
      unlinkedVariants: figures.unlinked.n,
      failingJobs: figures.failing.n,
      trackingRefused: figures.refused.message,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(stores)
    .innerJoin(customers, eq(customers.id, stores.customerId))
    .leftJoinLateral(figures.waiting, sql`true`)
    .leftJoinLateral(figures.unlinked, sql`true`)
    .leftJoinLateral(figures.failing, sql`true`)
    .leftJoinLateral(figures.refused, sql`true`)
    .where(and(...conditions))
    .orderBy(desc(figures.rank), asc(stores.name), asc(stores.id))
    .limit(data.limit)
    .offset(data.offset);
  const usage = rows.some((row) => row.store.platform === "etsy") ? await etsyUsage() : null;
  return {
    data: rows.map((row) => {
      const view = toStoreView(row.store, {
        ordersWaiting: Number(row.ordersWaiting ?? 0),
        unlinkedVariants: Number(row.unlinkedVariants ?? 0),
        failingJobs: Number(row.failingJobs ?? 0),
        trackingRefused: row.trackingRefused,
      });
      if (row.store.platform === "etsy" && usage) view.health.callBudget = { limitPerDay: usage.limitPerDay, usedToday: usage.usedToday };
      return { ...view, customerName: row.customerName };
    }),
    total: rows[0]?.total ?? (data.offset > 0 ? await countStores(ctx, conditions) : 0),
    limit: data.limit,
    offset: data.offset,
  };
}

async function countStores(ctx: ServiceContext, conditions: SQL[]): Promise<number> {
  const figures = storeFigures(ctx.db);
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(stores)
    .innerJoin(customers, eq(customers.id, stores.customerId))
    .leftJoinLateral(figures.waiting, sql`true`)
    .leftJoinLateral(figures.unlinked, sql`true`)
    .leftJoinLateral(figures.failing, sql`true`)
    .leftJoinLateral(figures.refused, sql`true`)
    .where(and(...conditions));
  return Number(row?.n ?? 0);
}

/** How many connected stores are ok, in warning and in error (the dashboard, the metrics gauge). */
export async function countStoresByState({ ctx }: { ctx: ServiceContext }): Promise<Record<HealthState, number>> {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "read");
  return countStoresByStateUnscoped(ctx.db, own);
}

export async function countStoresByStateUnscoped(db: Database, customerId?: string): Promise<Record<HealthState, number>> {
  const figures = storeFigures(db);
  const rows = await db
    .select({ rank: figures.rank, n: sql<number>`count(*)::int` })
    .from(stores)
    .leftJoinLateral(figures.waiting, sql`true`)
    .leftJoinLateral(figures.unlinked, sql`true`)
    .leftJoinLateral(figures.failing, sql`true`)
    .leftJoinLateral(figures.refused, sql`true`)
    .where(and(ne(stores.status, "disconnected"), customerId ? eq(stores.customerId, customerId) : undefined))
    .groupBy(figures.rank);
  const counts: Record<HealthState, number> = { ok: 0, warning: 0, error: 0 };
  for (const row of rows) counts[healthStates[Number(row.rank)]!] += Number(row.n);
  return counts;
}
