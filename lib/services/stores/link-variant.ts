import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { ignoredVariants, productLinks, storeVariants } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/ids";
import { actorLabel, withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { findUsableProduct } from "../catalog-access/list";
import { checkDesignFiles } from "./design-files";
import { authorizeStoreChange, getStoreRowOrThrow, onBehalfOf } from "./access";
import { ignoreVariantInput, linkVariantInput } from "./schemas";
import { rerunWaitingOrders } from "./rerun";

export type ProductLinkView = {
  id: string;
  storeId: string;
  externalProductId: string;
  externalVariantId: string | null;
  productUid: string;
  files: Array<{ type: string; url: string }>;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

const sameVariant = (column: typeof productLinks.externalVariantId | typeof ignoredVariants.externalVariantId | typeof storeVariants.externalVariantId, value: string | undefined) =>
  value === undefined ? isNull(column) : eq(column, value);

type CatalogProduct = NonNullable<Awaited<ReturnType<typeof findUsableProduct>>>;

/** The catalog product the customer may use, and design files of its print areas that can be fetched. */
export async function checkLinkTarget(
  ctx: ServiceContext,
  customerId: string,
  productUid: string,
  files: ReadonlyArray<{ type: string; url: string }>,
  path: string,
  known?: CatalogProduct,
): Promise<CatalogProduct> {
  const product = known ?? (await findUsableProduct(ctx.db, customerId, productUid));
  if (!product) throw new AppError("validation_failed", "The product is not available", { details: [{ path: "productUid", message: `“${productUid}” is not a product this customer may use` }] });
  const badType = files.findIndex((file) => !product.fileTypes.includes(file.type));
  if (badType >= 0) {
    throw new AppError("validation_failed", "A file names a print area the product does not have", {
      details: [{ path: `${path}[${badType}].type`, message: `not a print area of ${product.productUid} (${product.fileTypes.join(", ")})` }],
    });
  }
  const problems = await checkDesignFiles(ctx, files.map((file) => file.url));
  const details = files.flatMap((file, index) => (problems.has(file.url) ? [{ path: `${path}[${index}].url`, message: `${file.type}: ${problems.get(file.url)}` }] : []));
  if (details.length) throw new AppError("validation_failed", "A design file cannot be used", { details });
  return product;
}

/**
 * Links a shop variant (or, without a variant id, every variant of the product) to a catalog
 * product and its design files, replacing an earlier link; waiting orders of the store run again.
 */
export async function linkVariant({ ctx, storeId, input }: { ctx: ServiceContext; storeId: string; input: z.input<typeof linkVariantInput> }): Promise<ProductLinkView> {
  const data = parseInput(linkVariantInput, input);
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, store.customerId);
  const product = await checkLinkTarget(ctx, store.customerId, data.productUid, data.files, "files");
  for (const [index, variant] of (data.variants ?? []).entries()) await checkLinkTarget(ctx, store.customerId, product.productUid, variant.files, `variants[${index}].files`, product);
  const row = await withTransaction(ctx, async (tx) => {
    const [existing] = await tx.db
      .select({ id: productLinks.id })
      .from(productLinks)
      .where(and(eq(productLinks.storeId, storeId), eq(productLinks.externalProductId, data.externalProductId), sameVariant(productLinks.externalVariantId, data.externalVariantId)))
      .for("update");
    const [saved] = existing
      ? await tx.db.update(productLinks).set({ productUid: data.productUid, files: data.files }).where(eq(productLinks.id, existing.id)).returning()
      : await tx.db
          .insert(productLinks)
          .values({
            id: createId("link"),
            storeId,
            customerId: store.customerId,
            externalProductId: data.externalProductId,
            externalVariantId: data.externalVariantId ?? null,
            productUid: data.productUid,
            files: data.files,
            createdBy: actorLabel(ctx.actor),
          })
          .returning();
    await tx.db
      .delete(ignoredVariants)
      .where(and(eq(ignoredVariants.storeId, storeId), eq(ignoredVariants.externalProductId, data.externalProductId), sameVariant(ignoredVariants.externalVariantId, data.externalVariantId)));
    // Per-variant files where sizes differ: each variant gets a link of its own to the same product.
    for (const variant of data.variants ?? []) {
      const [own] = await tx.db
        .select({ id: productLinks.id })
        .from(productLinks)
        .where(and(eq(productLinks.storeId, storeId), eq(productLinks.externalProductId, data.externalProductId), eq(productLinks.externalVariantId, variant.externalVariantId)))
        .for("update");
      if (own) await tx.db.update(productLinks).set({ productUid: data.productUid, files: variant.files }).where(eq(productLinks.id, own.id));
      else
        await tx.db.insert(productLinks).values({
          id: createId("link"),
          storeId,
          customerId: store.customerId,
          externalProductId: data.externalProductId,
          externalVariantId: variant.externalVariantId,
          productUid: data.productUid,
          files: variant.files,
          createdBy: actorLabel(ctx.actor),
        });
    }
    await tx.db
      .update(storeVariants)
      .set({ linkState: "linked", attentionReason: null })
      .where(
        and(
          eq(storeVariants.storeId, storeId),
          eq(storeVariants.externalProductId, data.externalProductId),
          data.externalVariantId === undefined ? undefined : eq(storeVariants.externalVariantId, data.externalVariantId),
        ),
      );
    await audit(tx, { action: "store.link", entityType: "product_link", entityId: saved!.id, customerId: store.customerId, after: { ...saved, ...onBehalfOf(ctx, store.customerId) } });
    await rerunWaitingOrders(tx, storeId, saved!.id + saved!.updatedAt.getTime(), [{ externalProductId: data.externalProductId, externalVariantId: data.externalVariantId ?? null }]);
    return saved!;
  });
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

/** Ignores a shop variant: its lines are left out of orders, and waiting orders run again without them. */
export async function ignoreVariant({ ctx, storeId, input }: { ctx: ServiceContext; storeId: string; input: z.input<typeof ignoreVariantInput> }): Promise<void> {
  const data = parseInput(ignoreVariantInput, input);
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, store.customerId);
  let productId = data.externalProductId;
  if (!productId) {
    const [variant] = await ctx.db
      .select({ externalProductId: storeVariants.externalProductId })
      .from(storeVariants)
      .where(and(eq(storeVariants.storeId, storeId), eq(storeVariants.externalVariantId, data.externalVariantId)));
    const fromOrders = variant
      ? undefined
      : await ctx.db.execute(
          sql`select i.extra->>'externalProductId' as product_id from order_items i join orders o on o.id = i.order_id
              where o.store_id = ${storeId} and i.extra->>'externalVariantId' = ${data.externalVariantId} limit 1`,
        );
    const fromOrder = fromOrders ? ((Array.isArray(fromOrders) ? fromOrders : (fromOrders as { rows: unknown[] }).rows)[0] as { product_id?: string } | undefined) : undefined;
    productId = variant?.externalProductId ?? fromOrder?.product_id;
  }
  if (!productId) throw new AppError("not_found", `Variant ${data.externalVariantId} is not known in this store`);
  await withTransaction(ctx, async (tx) => {
    await tx.db
      .insert(ignoredVariants)
      .values({ id: createId("ignoredVariant"), storeId, externalProductId: productId, externalVariantId: data.externalVariantId, createdBy: actorLabel(ctx.actor) })
      .onConflictDoNothing();
    await tx.db
      .update(storeVariants)
      .set({ linkState: "ignored" })
      .where(and(eq(storeVariants.storeId, storeId), eq(storeVariants.externalVariantId, data.externalVariantId)));
    await audit(tx, { action: "store.ignore_variant", entityType: "store", entityId: storeId, customerId: store.customerId, after: { externalProductId: productId, externalVariantId: data.externalVariantId, ...onBehalfOf(ctx, store.customerId) } });
    await rerunWaitingOrders(tx, storeId, `ignore:${productId}:${data.externalVariantId}:${Date.now()}`, [{ externalProductId: productId, externalVariantId: data.externalVariantId }]);
  });
}
