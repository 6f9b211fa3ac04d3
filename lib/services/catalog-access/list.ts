import type { z } from "zod";
import { and, asc, count, eq, gt, ilike, or, type SQL } from "drizzle-orm";
import { products } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isSafeRouteValue } from "@/lib/route-params";
import type { Database } from "@/db/client";
import type { ServiceContext } from "../context";
import { authorizeCustomerRead } from "../customer-scope";
import { parseInput } from "../parse";
import { likePattern, type Page } from "../pagination";
import { getCustomerRowOrThrow } from "../customers/get";
import { listCustomerProductsInput, type CatalogProductView } from "./schemas";
import { toCatalogProductView, visibleTo } from "./visible";

/** Catalog products this customer may use in its storefronts, by title; `q` matches title or productUid. */
export async function listCustomerProducts({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof listCustomerProductsInput>;
}): Promise<Page<CatalogProductView>> {
  authorizeCustomerRead(ctx, customerId);
  const { q, limit, cursor, offset } = parseInput(listCustomerProductsInput, input);
  const customer = await getCustomerRowOrThrow(ctx, customerId);
  const filters: SQL[] = [visibleTo(ctx.db, customer)];
  if (q) filters.push(or(ilike(products.title, likePattern(q)), ilike(products.productUid, likePattern(q)))!);
  const where = and(...filters);
  if (offset !== undefined) {
    const [rows, counted] = await Promise.all([
      ctx.db.select().from(products).where(where).orderBy(asc(products.title), asc(products.id)).limit(limit).offset(offset),
      ctx.db.select({ total: count() }).from(products).where(where),
    ]);
    const total = counted[0]?.total ?? 0;
    return { data: rows.map(toCatalogProductView), nextCursor: offset + rows.length < total ? String(offset + rows.length) : null, total };
  }
  // The cursor pages by productUid, which is unique and stable.
  const rows = await ctx.db
    .select()
    .from(products)
    .where(and(where, cursor ? gt(products.productUid, cursor) : undefined))
    .orderBy(asc(products.productUid))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  return { data: page.map(toCatalogProductView), nextCursor: hasMore ? page.at(-1)!.productUid : null };
}

/** One product the customer may use; any other product, inactive or not chosen for it, is a 404. */
export async function getCustomerProduct({ ctx, customerId, productId }: { ctx: ServiceContext; customerId: string; productId: string }): Promise<CatalogProductView> {
  authorizeCustomerRead(ctx, customerId);
  if (!isSafeRouteValue(productId)) throw notFound("Product", productId);
  const customer = await getCustomerRowOrThrow(ctx, customerId);
  const [row] = await ctx.db.select().from(products).where(and(eq(products.id, productId), visibleTo(ctx.db, customer)));
  if (!row) throw notFound("Product", productId);
  return toCatalogProductView(row);
}

/** The product with this productUid if the customer may use it (for store links and publishing). */
export async function findUsableProduct(db: Database, customerId: string, productUid: string): Promise<CatalogProductView | undefined> {
  const customer = await getCustomerRowOrThrow({ db }, customerId);
  const [row] = await db.select().from(products).where(and(eq(products.productUid, productUid), visibleTo(db, customer)));
  return row ? toCatalogProductView(row) : undefined;
}

/** How many products the customer may use. */
export async function countCustomerProducts({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<number> {
  authorizeCustomerRead(ctx, customerId);
  const customer = await getCustomerRowOrThrow(ctx, customerId);
  const [row] = await ctx.db.select({ n: count() }).from(products).where(visibleTo(ctx.db, customer));
  return row?.n ?? 0;
}
