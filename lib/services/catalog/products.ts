import type { z } from "zod";
import { and, count, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import { products } from "@/db/schema";
import { createId } from "@/lib/ids";
import { AppError, notFound } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { likePattern, toPage, type Page } from "../pagination";
import { createProductInput, listProductsInput, updateProductInput, type ProductView } from "./schemas";
import { toProductView } from "./view";

export async function createProduct({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createProductInput> }): Promise<ProductView> {
  authorize(ctx, "write");
  const data = parseInput(createProductInput, input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(products)
        .values({ id: createId("product"), ...data, description: data.description ?? null })
        .returning();
      await audit(tx, { action: "product.create", entityType: "product", entityId: row!.id, after: row });
      invalidate(tx, "catalog", "*");
      return toProductView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, "products_product_uid_key")) {
      throw new AppError("conflict", `A product with the productUid ${data.productUid} already exists`, {
        details: [{ path: "productUid", message: "already exists" }],
      });
    }
    throw error;
  }
}

export async function getProductRowByUid(ctx: Pick<ServiceContext, "db">, productUid: string) {
  const [row] = await ctx.db.select().from(products).where(eq(products.productUid, productUid));
  if (!row) throw notFound("Product", productUid);
  return row;
}

export async function getProduct({ ctx, productUid }: { ctx: ServiceContext; productUid: string }): Promise<ProductView> {
  authorize(ctx, "read");
  return toProductView(await getProductRowByUid(ctx, productUid));
}

export async function updateProduct({
  ctx,
  productUid,
  input,
}: {
  ctx: ServiceContext;
  productUid: string;
  input: z.input<typeof updateProductInput>;
}): Promise<ProductView> {
  authorize(ctx, "write");
  const data = parseInput(updateProductInput, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getProductRowByUid(tx, productUid);
    const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length === 0) return toProductView(before);
    const [after] = await tx.db.update(products).set(changes).where(eq(products.id, before.id)).returning();
    await audit(tx, { action: "product.update", entityType: "product", entityId: before.id, before, after });
    invalidate(tx, "catalog", "*");
    return toProductView(after!);
  });
}

/** The catalog, newest first; `q` matches productUid or title. */
export async function listProducts({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof listProductsInput> }): Promise<Page<ProductView>> {
  authorize(ctx, "read");
  const { q, active, limit, cursor, offset } = parseInput(listProductsInput, input);
  const filters: SQL[] = [];
  if (q) filters.push(or(ilike(products.productUid, likePattern(q)), ilike(products.title, likePattern(q)))!);
  if (active !== undefined) filters.push(eq(products.active, active));
  const where = filters.length ? and(...filters) : undefined;
  if (offset !== undefined) {
    const [rows, counted] = await Promise.all([
      ctx.db.select().from(products).where(where).orderBy(desc(products.id)).limit(limit).offset(offset),
      ctx.db.select({ total: count() }).from(products).where(where),
    ]);
    const total = counted[0]?.total ?? 0;
    return { data: rows.map(toProductView), nextCursor: offset + rows.length < total ? String(offset + rows.length) : null, total };
  }
  const rows = await ctx.db
    .select()
    .from(products)
    .where(and(where, cursor ? lt(products.id, cursor) : undefined))
    .orderBy(desc(products.id))
    .limit(limit + 1);
  return toPage(rows, limit, toProductView);
}
