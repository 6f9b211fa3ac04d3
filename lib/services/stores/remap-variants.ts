import { and, eq, gte, inArray, isNotNull, lt } from "drizzle-orm";
import { ignoredVariants, productLinks, storeVariants } from "@/db/schema";
import { createId } from "@/lib/ids";
import type { ServiceContext } from "../context";
import { recordStoreEvent } from "./log";
import { rerunWaitingOrders, type ChangedVariant } from "./rerun";

type VariantRow = typeof storeVariants.$inferSelect;

const sameOptions = (left: Record<string, string>, right: Record<string, string>) =>
  JSON.stringify(Object.entries(left).sort()) === JSON.stringify(Object.entries(right).sort());

/** The one new variant of the same product with the old one's SKU, or without a SKU its options; none when ambiguous. */
function successorOf(old: VariantRow, fresh: readonly VariantRow[]): VariantRow | undefined {
  const candidates = fresh.filter(
    (row) => row.externalProductId === old.externalProductId && (old.sku ? row.sku === old.sku : !row.sku && sameOptions(row.options, old.options)),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * Etsy gives every inventory product a new id when a listing's inventory is rewritten (by the seller
 * or by a publish). At the end of a sync, each linked or ignored variant that vanished hands its link
 * or ignore on to the new variant of the same listing with its SKU (or, without SKUs, its property
 * values), and the old row goes. The old link is kept, so receipts placed before the rewrite still
 * resolve. Runs in the caller's transaction; returns how many variants were re-mapped.
 */
export async function remapReplacedVariants(ctx: ServiceContext, store: { id: string; customerId: string }, startedAt: Date): Promise<number> {
  const storeId = store.id;
  const vanished = await ctx.db
    .select()
    .from(storeVariants)
    .where(and(eq(storeVariants.storeId, storeId), lt(storeVariants.syncedAt, startedAt), isNotNull(storeVariants.externalVariantId), inArray(storeVariants.linkState, ["linked", "attention", "ignored"])));
  if (vanished.length === 0) return 0;
  const productIds = [...new Set(vanished.map((row) => row.externalProductId))];
  const fresh = await ctx.db
    .select()
    .from(storeVariants)
    .where(and(eq(storeVariants.storeId, storeId), gte(storeVariants.syncedAt, startedAt), inArray(storeVariants.externalProductId, productIds)));
  const links = await ctx.db.select().from(productLinks).where(and(eq(productLinks.storeId, storeId), inArray(productLinks.externalProductId, productIds)));
  const ignores = await ctx.db.select().from(ignoredVariants).where(and(eq(ignoredVariants.storeId, storeId), inArray(ignoredVariants.externalProductId, productIds)));
  let remapped = 0;
  const changed: ChangedVariant[] = [];
  for (const old of vanished) {
    const next = successorOf(old, fresh);
    if (!next) continue;
    const own = links.find((link) => link.externalProductId === old.externalProductId && link.externalVariantId === old.externalVariantId);
    const productWide = links.some((link) => link.externalProductId === old.externalProductId && link.externalVariantId === null);
    const ignored = ignores.find((ignore) => ignore.externalProductId === old.externalProductId && ignore.externalVariantId === old.externalVariantId);
    if (own) {
      await ctx.db
        .insert(productLinks)
        .values({ id: createId("link"), storeId, customerId: own.customerId, externalProductId: next.externalProductId, externalVariantId: next.externalVariantId, productUid: own.productUid, files: own.files, createdBy: own.createdBy })
        .onConflictDoNothing();
    } else if (ignored) {
      await ctx.db.insert(ignoredVariants).values({ id: createId("ignoredVariant"), storeId, externalProductId: next.externalProductId, externalVariantId: next.externalVariantId, createdBy: ignored.createdBy }).onConflictDoNothing();
    } else if (!productWide) {
      continue;
    }
    await ctx.db
      .update(storeVariants)
      .set({ linkState: own || productWide ? "linked" : "ignored", attentionReason: null })
      .where(eq(storeVariants.id, next.id));
    await ctx.db.delete(storeVariants).where(eq(storeVariants.id, old.id));
    remapped++;
    changed.push({ externalProductId: next.externalProductId, externalVariantId: next.externalVariantId });
  }
  if (remapped > 0) {
    await recordStoreEvent(ctx, {
      storeId,
      customerId: store.customerId,
      type: "products.remapped",
      message: `${remapped} variant${remapped === 1 ? "" : "s"} got new ids in the shop; their links moved to the new ids by SKU and options`,
    });
    await rerunWaitingOrders(ctx, storeId, `remap:${startedAt.getTime()}`, changed);
  }
  return remapped;
}
