import { randomUUID } from "node:crypto";
import { and, eq, lt, not, or, sql } from "drizzle-orm";
import { storeVariants, stores } from "@/db/schema";
import type { ShopVariant } from "@/connectors/types";
import { enqueue } from "@/lib/jobs/enqueue";
import { createId } from "@/lib/ids";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { authorizeStoreChange, authorizeStoreRead, getStoreRowOrThrow, loadStoreRow, type StoreRow } from "./access";
import { openStore } from "./session";
import { remapReplacedVariants } from "./remap-variants";
import { isShopError, settleShopError } from "./shop-errors";

export type ProductSyncView = {
  state: StoreRow["productsSyncState"];
  done: number;
  /** Null until the platform says (or an earlier sync showed) how many variants there are. */
  total: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
};

export function toProductSyncView(row: StoreRow): ProductSyncView {
  return {
    state: row.productsSyncState,
    done: row.productsSyncDone,
    total: row.productsSyncTotal,
    startedAt: row.productsSyncStartedAt?.toISOString() ?? null,
    finishedAt: row.productsSyncedAt?.toISOString() ?? null,
    error: row.productsSyncError,
  };
}

/** Progress of the store's product sync, for the progress bar. */
export async function getProductSync({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<ProductSyncView> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, store.customerId);
  return toProductSyncView(store);
}

/** How long a sync run holds its store without writing a page before another run may take over. */
const leaseSeconds = 120;
const leaseLive = sql<boolean>`coalesce(${stores.productsSyncLeaseUntil} > now(), false)`;

/**
 * Queues a product sync (connect, "Sync products", product webhooks), unless a run holds the
 * store's sync right now: that run sees the request when it finishes and reads the shop again.
 * Returns whether a job was queued.
 */
export async function queueProductSync(ctx: ServiceContext, storeId: string): Promise<boolean> {
  const now = new Date();
  return withTransaction(ctx, async (tx) => {
    // One statement: the row lock orders it against the finishing run's read of productsSyncRequestedAt.
    const [row] = await tx.db.update(stores).set({ productsSyncRequestedAt: now }).where(eq(stores.id, storeId)).returning({ running: leaseLive });
    if (row?.running) return false;
    await enqueue(tx, "store.sync-products", { storeId }, { key: `${storeId}:${now.getTime()}` });
    return true;
  });
}

export type ProductSyncRequest = ProductSyncView & { joined: boolean };

/**
 * "Sync products" (portal, console, `POST /stores/{id}/variants:sync`): 202, the job reports
 * progress on the store. While a sync runs the request joins it (`joined`) instead of starting another.
 */
export async function requestProductSync({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): Promise<ProductSyncRequest> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, store.customerId);
  const isRunning = store.productsSyncState === "running" && store.productsSyncLeaseUntil !== null && store.productsSyncLeaseUntil > new Date();
  if (isRunning) return { ...toProductSyncView(store), joined: true };
  const queued = await queueProductSync(ctx, storeId);
  if (queued) await audit(ctx, { action: "store.sync_products", entityType: "store", entityId: storeId, customerId: store.customerId });
  return { ...toProductSyncView((await loadStoreRow(ctx.db, storeId))!), joined: !queued };
}

type VariantRecord = {
  id: string;
  product_id: string;
  variant_id: string | null;
  sku: string | null;
  product_title: string;
  variant_title: string | null;
  options: Record<string, string>;
  price: string | null;
  updated_at: string | null;
};

/**
 * Writes one page of variants: new ones take their state from existing links and ignores; a
 * linked variant whose SKU or options changed needs attention. Keyed on (store, product, variant),
 * so a page read twice (a resumed sync) changes nothing twice.
 */
export async function upsertVariantPage(ctx: ServiceContext, storeId: string, variants: readonly ShopVariant[], at: Date): Promise<void> {
  if (variants.length === 0) return;
  const records: VariantRecord[] = variants.map((variant) => ({
    id: createId("storeVariant"),
    product_id: variant.externalProductId,
    variant_id: variant.externalVariantId,
    sku: variant.sku,
    product_title: variant.productTitle.slice(0, 1000),
    variant_title: variant.variantTitle?.slice(0, 1000) ?? null,
    options: variant.options,
    price: variant.price ?? null,
    updated_at: variant.updatedAt ?? null,
  }));
  const changed = sql`(store_variants.sku is distinct from excluded.sku or store_variants.options <> excluded.options)`;
  await ctx.db.execute(sql`
    insert into store_variants (id, store_id, external_product_id, external_variant_id, sku, product_title, variant_title, options, price, external_updated_at, synced_at, link_state)
    select v.id, ${storeId}, v.product_id, v.variant_id, v.sku, v.product_title, v.variant_title, v.options, v.price, v.updated_at, ${at.toISOString()}::timestamptz,
      case
        when exists (select 1 from product_links l where l.store_id = ${storeId} and l.external_product_id = v.product_id
                     and (l.external_variant_id is null or l.external_variant_id = v.variant_id)) then 'linked'
        when exists (select 1 from ignored_variants i where i.store_id = ${storeId} and i.external_product_id = v.product_id
                     and coalesce(i.external_variant_id, '') = coalesce(v.variant_id, '')) then 'ignored'
        else 'unlinked'
      end
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as v(id text, product_id text, variant_id text, sku text, product_title text, variant_title text, options jsonb, price text, updated_at timestamptz)
    on conflict (store_id, external_product_id, coalesce(external_variant_id, '')) do update set
      link_state = case when store_variants.link_state = 'linked' and ${changed} then 'attention' else store_variants.link_state end,
      attention_reason = case
        when store_variants.link_state = 'linked' and store_variants.sku is distinct from excluded.sku
          then 'SKU changed in the shop from ' || coalesce(store_variants.sku, '(none)') || ' to ' || coalesce(excluded.sku, '(none)')
        when store_variants.link_state = 'linked' and ${changed}
          then 'Options changed in the shop (' || coalesce(store_variants.variant_title, '') || ' → ' || coalesce(excluded.variant_title, '') || ')'
        else store_variants.attention_reason end,
      sku = excluded.sku,
      product_title = excluded.product_title,
      variant_title = excluded.variant_title,
      options = excluded.options,
      price = excluded.price,
      external_updated_at = excluded.external_updated_at,
      synced_at = excluded.synced_at,
      updated_at = now()
  `);
}

export type ProductSyncOutcome = { done: number; total: number | null; resumed: boolean; pages: number; /** Another run held the sync; this one did nothing. */ joined: boolean };

/** The run lost its lease to another (it was slower than leaseSeconds between pages). */
class LeaseLost extends Error {}

/** Takes the store's sync for `runId` when nobody holds it, its holder went silent, or `runId` already holds it (a retry). */
async function takeLease(ctx: ServiceContext, storeId: string, runId: string): Promise<StoreRow | undefined> {
  const [row] = await ctx.db
    .update(stores)
    .set({ productsSyncLeaseId: runId, productsSyncLeaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(and(eq(stores.id, storeId), eq(stores.status, "connected"), or(not(leaseLive), eq(stores.productsSyncLeaseId, runId))))
    .returning();
  return row;
}

/**
 * The `store.sync-products` job: reads the shop's variants a page at a time and stores each page
 * together with the cursor of the next, so a crash resumes where it stopped. One run at a time
 * holds a store's sync (a lease renewed with every page, taken over once it lapses); a run that
 * finds it held joins the holder, which reads the shop again at its end when asked meanwhile.
 * Throttling is the connector's to absorb; what it gives up on fails this run, and the retry
 * (same `runId`) resumes. At the end, variants the shop no longer has are removed, or flagged
 * when they were linked.
 */
export async function syncStoreProducts(
  ctx: ServiceContext,
  storeId: string,
  options: { runId?: string; maxPages?: number; signal?: AbortSignal } = {},
): Promise<ProductSyncOutcome> {
  const runId = options.runId ?? randomUUID();
  const current = await loadStoreRow(ctx.db, storeId);
  if (!current || current.status !== "connected") return { done: 0, total: null, resumed: false, pages: 0, joined: false };
  let store = await takeLease(ctx, storeId, runId);
  if (!store) return { done: current.productsSyncDone, total: current.productsSyncTotal, resumed: false, pages: 0, joined: true };
  const resumed = store.productsSyncState === "running" && store.productsSyncStartedAt !== null;
  if (!resumed) {
    const [{ known }] = (await ctx.db.select({ known: sql<number>`count(*)::int` }).from(storeVariants).where(eq(storeVariants.storeId, storeId))) as [{ known: number }];
    [store] = await ctx.db
      .update(stores)
      .set({ productsSyncState: "running", productsSyncCursor: null, productsSyncDone: 0, productsSyncTotal: known > 0 ? known : null, productsSyncStartedAt: new Date(), productsSyncError: null })
      .where(eq(stores.id, storeId))
      .returning();
  }
  const startedAt = store!.productsSyncStartedAt!;
  const opened = openStore(ctx, store!);
  let cursor = store!.productsSyncCursor;
  let done = store!.productsSyncDone;
  let total = store!.productsSyncTotal;
  let pages = 0;
  try {
    for (;;) {
      if (options.maxPages !== undefined && pages >= options.maxPages) return { done, total, resumed, pages, joined: false };
      const page = await opened.connector.listVariants(opened.session, cursor);
      options.signal?.throwIfAborted();
      pages++;
      done += page.variants.length;
      total = page.total ?? (total === null || total < done || !page.nextCursor ? (page.nextCursor ? null : done) : total);
      cursor = page.nextCursor;
      await withTransaction(ctx, async (tx) => {
        await upsertVariantPage(tx, storeId, page.variants, startedAt);
        const [held] = await tx.db
          .update(stores)
          .set({ productsSyncCursor: cursor, productsSyncDone: done, productsSyncTotal: total, productsSyncLeaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
          .where(and(eq(stores.id, storeId), eq(stores.productsSyncLeaseId, runId)))
          .returning({ id: stores.id });
        if (!held) throw new LeaseLost();
      });
      if (!cursor) break;
    }
  } catch (error) {
    if (error instanceof LeaseLost) {
      ctx.log.warn({ storeId }, "product sync taken over by another run");
      return { done, total, resumed, pages, joined: true };
    }
    if (!isShopError(error)) throw error;
    await ctx.db.update(stores).set({ productsSyncError: error.message.slice(0, 500) }).where(eq(stores.id, storeId));
    const settled = await settleShopError(ctx, store!, error);
    if (!error.retryable) {
      await ctx.db
        .update(stores)
        .set({ productsSyncState: "failed", productsSyncLeaseId: null, productsSyncLeaseUntil: null })
        .where(and(eq(stores.id, storeId), eq(stores.productsSyncLeaseId, runId)));
    }
    throw settled;
  }
  await finishSync(ctx, store!, startedAt, runId);
  return { done, total, resumed, pages, joined: false };
}

async function finishSync(ctx: ServiceContext, store: StoreRow, startedAt: Date, runId: string): Promise<void> {
  const storeId = store.id;
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(stores)
      .set({
        productsSyncState: "idle",
        productsSyncCursor: null,
        productsSyncedAt: new Date(),
        productsSyncError: null,
        productsSyncTotal: sql`${stores.productsSyncDone}`,
        productsSyncLeaseId: null,
        productsSyncLeaseUntil: null,
      })
      .where(and(eq(stores.id, storeId), eq(stores.productsSyncLeaseId, runId)))
      .returning();
    // Taken over after this run's last page: the run that holds it now finishes the sync.
    if (!row) return;
    // Etsy renews inventory product ids on every inventory write; the other platforms keep theirs.
    if (store.platform === "etsy") await remapReplacedVariants(tx, store, startedAt);
    const stale = and(eq(storeVariants.storeId, storeId), lt(storeVariants.syncedAt, startedAt));
    await tx.db
      .update(storeVariants)
      .set({ linkState: "attention", attentionReason: "No longer in the shop: the variant was deleted or replaced by a new one" })
      .where(and(stale, sql`${storeVariants.linkState} in ('linked', 'attention')`));
    await tx.db.delete(storeVariants).where(and(stale, sql`${storeVariants.linkState} in ('unlinked', 'ignored')`));
    // Asked again while this run was under way (a product webhook): the pages already read may be stale.
    const requested = row.productsSyncRequestedAt;
    if (requested && requested > startedAt) await enqueue(tx, "store.sync-products", { storeId }, { key: `${storeId}:after:${startedAt.getTime()}` });
  });
}
