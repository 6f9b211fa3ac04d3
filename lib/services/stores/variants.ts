import { and, asc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { productLinks, storeVariants } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { likePattern, type Page } from "../pagination";
import { authorizeStoreChange, authorizeStoreRead, getStoreRowOrThrow, onBehalfOf } from "./access";
import { listStoreLinksInput, listStoreVariantsInput, type StoreVariantView } from "./schemas";
import type { ProductLinkView } from "./link-variant";

type LinkRow = typeof productLinks.$inferSelect;
type VariantRow = typeof storeVariants.$inferSelect;

export function toProductLinkView(row: LinkRow): ProductLinkView {
  return {
    id: row.id,
    storeId: row.storeId,
    externalProductId: row.externalProductId,
    externalVariantId: row.externalVariantId,
    productUid: row.productUid,
    files: row.files,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The link that decides a variant: its own, else its product's. */
export function linkForVariant(links: readonly LinkRow[], variant: Pick<VariantRow, "externalProductId" | "externalVariantId">): LinkRow | undefined {
  return (
    links.find((link) => link.externalProductId === variant.externalProductId && link.externalVariantId !== null && link.externalVariantId === variant.externalVariantId) ??
    links.find((link) => link.externalProductId === variant.externalProductId && link.externalVariantId === null)
  );
}

export function toStoreVariantView(row: VariantRow, link: LinkRow | undefined): StoreVariantView {
  return {
    id: row.id,
    storeId: row.storeId,
    externalProductId: row.externalProductId,
    externalVariantId: row.externalVariantId,
    sku: row.sku,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    options: row.options,
    price: row.price,
    state: row.linkState,
    attentionReason: row.attentionReason,
    link: link ? { id: link.id, productUid: link.productUid, files: link.files, wholeProduct: link.externalVariantId === null } : null,
    syncedAt: row.syncedAt.toISOString(),
  };
}

export async function loadLinksFor(ctx: Pick<ServiceContext, "db">, storeId: string, productIds: readonly string[]): Promise<LinkRow[]> {
  if (productIds.length === 0) return [];
  return ctx.db
    .select()
    .from(productLinks)
    .where(and(eq(productLinks.storeId, storeId), inArray(productLinks.externalProductId, [...new Set(productIds)])));
}

/** The shop's variants as last synced, with their link: `linked` / `state` filters, search on title and SKU. */
export async function listStoreVariants({ ctx, storeId, input }: { ctx: ServiceContext; storeId: string; input: Record<string, unknown> }): Promise<Page<StoreVariantView>> {
  const data = parseInput(listStoreVariantsInput, input);
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, store.customerId);
  const conditions: SQL[] = [eq(storeVariants.storeId, storeId)];
  if (data.linked !== undefined) conditions.push(data.linked ? inArray(storeVariants.linkState, ["linked", "attention"]) : inArray(storeVariants.linkState, ["unlinked"]));
  if (data.state) conditions.push(eq(storeVariants.linkState, data.state));
  if (data.q) {
    const pattern = likePattern(data.q);
    conditions.push(
      or(
        ilike(storeVariants.productTitle, pattern),
        ilike(storeVariants.variantTitle, pattern),
        ilike(storeVariants.sku, pattern),
        eq(storeVariants.externalProductId, data.q),
        eq(storeVariants.externalVariantId, data.q),
      )!,
    );
  }
  const where = and(...conditions);
  const paged = data.offset === undefined && data.cursor ? and(where, gt(storeVariants.id, data.cursor)) : where;
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select()
      .from(storeVariants)
      .where(paged)
      .orderBy(asc(storeVariants.productTitle), asc(storeVariants.externalProductId), asc(storeVariants.id))
      .limit(data.limit + 1)
      .offset(data.offset ?? 0),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(storeVariants).where(where),
  ]);
  const hasMore = rows.length > data.limit;
  const page = rows.slice(0, data.limit);
  const links = await loadLinksFor(ctx, storeId, page.map((row) => row.externalProductId));
  return {
    data: page.map((row) => toStoreVariantView(row, linkForVariant(links, row))),
    nextCursor: hasMore && data.offset === undefined ? page.at(-1)!.id : null,
    total: Number(counted?.total ?? 0),
  };
}

/** A store's product links, oldest first. */
export async function listStoreLinks({ ctx, storeId, input }: { ctx: ServiceContext; storeId: string; input: Record<string, unknown> }): Promise<Page<ProductLinkView>> {
  const data = parseInput(listStoreLinksInput, input);
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, store.customerId);
  const rows = await ctx.db
    .select()
    .from(productLinks)
    .where(and(eq(productLinks.storeId, storeId), data.cursor ? gt(productLinks.id, data.cursor) : undefined))
    .orderBy(asc(productLinks.id))
    .limit(data.limit + 1);
  const hasMore = rows.length > data.limit;
  const page = rows.slice(0, data.limit);
  return { data: page.map(toProductLinkView), nextCursor: hasMore ? page.at(-1)!.id : null };
}

/** Removes a link: its variants become unlinked (or fall back to their product's link), and their next orders wait again. */
export async function unlinkProduct({ ctx, linkId }: { ctx: ServiceContext; linkId: string }): Promise<void> {
  const [link] = await ctx.db.select().from(productLinks).where(eq(productLinks.id, linkId));
  if (!link) throw notFound("Product link", linkId);
  const store = await getStoreRowOrThrow(ctx, link.storeId);
  authorizeStoreChange(ctx, store.customerId);
  await withTransaction(ctx, async (tx) => {
    await tx.db.delete(productLinks).where(eq(productLinks.id, linkId));
    const [productWide] = await tx.db
      .select({ id: productLinks.id })
      .from(productLinks)
      .where(and(eq(productLinks.storeId, link.storeId), eq(productLinks.externalProductId, link.externalProductId), isNull(productLinks.externalVariantId)));
    const covered = and(
      eq(storeVariants.storeId, link.storeId),
      eq(storeVariants.externalProductId, link.externalProductId),
      inArray(storeVariants.linkState, ["linked", "attention"]),
      link.externalVariantId === null ? undefined : eq(storeVariants.externalVariantId, link.externalVariantId),
    );
    if (link.externalVariantId === null) {
      // Variants with a link of their own keep it.
      const own = tx.db
        .select({ variantId: productLinks.externalVariantId })
        .from(productLinks)
        .where(and(eq(productLinks.storeId, link.storeId), eq(productLinks.externalProductId, link.externalProductId)));
      await tx.db
        .update(storeVariants)
        .set({ linkState: "unlinked", attentionReason: null })
        .where(and(covered, sql`(${storeVariants.externalVariantId} is null or ${storeVariants.externalVariantId} not in (${own}))`));
    } else if (!productWide) {
      await tx.db.update(storeVariants).set({ linkState: "unlinked", attentionReason: null }).where(covered);
    }
    await audit(tx, { action: "store.unlink", entityType: "product_link", entityId: linkId, customerId: store.customerId, before: link, after: onBehalfOf(ctx, store.customerId) });
  });
}
