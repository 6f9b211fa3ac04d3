import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { stores } from "@/db/schema";
import { actorCustomerId, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import type { Page } from "../pagination";
import { authorizeStoreRead, getStoreRowOrThrow } from "./access";
import { listStoresInput, type StoreView } from "./schemas";
import { loadStoreViews } from "./view";

/** Stores with their health; customer-scoped actors see only their own customer's. */
export async function listStores({ ctx, input }: { ctx: ServiceContext; input: Record<string, unknown> }): Promise<Page<StoreView>> {
  const data = parseInput(listStoresInput, input);
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) authorize(ctx, "read");
  else if (data.customerId && data.customerId !== own) return { data: [], nextCursor: null };
  const customerId = own ?? data.customerId;
  const conditions: SQL[] = [];
  if (customerId) conditions.push(eq(stores.customerId, customerId));
  if (data.platform) conditions.push(eq(stores.platform, data.platform));
  if (data.status) conditions.push(eq(stores.status, data.status));
  // The health state is computed, so a filter on it reads ahead until the page is full.
  const pageSize = data.state ? 200 : data.limit + 1;
  const found: StoreView[] = [];
  let cursor = data.cursor;
  for (;;) {
    const rows = await ctx.db
      .select()
      .from(stores)
      .where(and(...conditions, cursor ? lt(stores.id, cursor) : undefined))
      .orderBy(desc(stores.id))
      .limit(pageSize);
    const views = await loadStoreViews(ctx.db, rows);
    for (const view of views) {
      if (!data.state || view.health.state === data.state) found.push(view);
      if (found.length > data.limit) break;
    }
    if (found.length > data.limit || rows.length < pageSize) break;
    cursor = rows.at(-1)!.id;
  }
  const hasMore = found.length > data.limit;
  const page = found.slice(0, data.limit);
  return { data: page, nextCursor: hasMore ? page.at(-1)!.id : null };
}

/** One store with its health. */
export async function getStore({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<StoreView> {
  const row = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, row.customerId);
  return (await loadStoreViews(ctx.db, [row]))[0]!;
}
