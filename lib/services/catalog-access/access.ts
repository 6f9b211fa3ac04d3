import type { z } from "zod";
import { and, asc, eq, inArray } from "drizzle-orm";
import { customerProducts, customers, products } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorizePartnerOnCustomer } from "../customer-scope";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { setCatalogAccessInput, type CatalogAccessView, type CatalogChoiceView } from "./schemas";
import { toCatalogProductView } from "./visible";

async function selectedUids(ctx: ServiceContext, customerId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ productUid: products.productUid })
    .from(customerProducts)
    .innerJoin(products, eq(products.id, customerProducts.productId))
    .where(eq(customerProducts.customerId, customerId))
    .orderBy(asc(products.productUid));
  return rows.map((row) => row.productUid);
}

/** The customer's catalog mode and, for "selected", the chosen products. */
export async function getCatalogAccess({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CatalogAccessView> {
  authorizePartnerOnCustomer(ctx, customerId, "read");
  const customer = await getCustomerRowOrThrow(ctx, customerId);
  return { customerId, mode: customer.catalogAccess, productUids: await selectedUids(ctx, customerId) };
}

/** Every catalog product with whether it is chosen for this customer: the console's picker. */
export async function listCatalogChoices({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CatalogChoiceView[]> {
  authorizePartnerOnCustomer(ctx, customerId, "read");
  await getCustomerRowOrThrow(ctx, customerId);
  const rows = await ctx.db
    .select({ product: products, chosen: customerProducts.productId })
    .from(products)
    .leftJoin(customerProducts, and(eq(customerProducts.productId, products.id), eq(customerProducts.customerId, customerId)))
    .orderBy(asc(products.title), asc(products.id));
  return rows.map((row) => ({ ...toCatalogProductView(row.product), active: row.product.active, selected: row.chosen !== null }));
}

/**
 * Sets which catalog products the customer may use in storefronts: all of them (the default), or
 * the given productUids. An unknown productUid is a 422 naming its position.
 */
export async function setCatalogAccess({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof setCatalogAccessInput>;
}): Promise<CatalogAccessView> {
  authorizePartnerOnCustomer(ctx, customerId, "write");
  const data = parseInput(setCatalogAccessInput, input);
  const wanted = [...new Set(data.productUids ?? [])];
  return withTransaction(ctx, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, customerId, { forUpdate: true });
    const before = { mode: customer.catalogAccess, productUids: await selectedUids(tx, customerId) };
    const found = wanted.length
      ? await tx.db.select({ id: products.id, productUid: products.productUid }).from(products).where(inArray(products.productUid, wanted))
      : [];
    const idByUid = new Map(found.map((row) => [row.productUid, row.id]));
    const unknown = (data.productUids ?? []).flatMap((uid, index) => (idByUid.has(uid) ? [] : [{ path: `productUids[${index}]`, message: `no product ${uid}` }]));
    if (unknown.length) throw new AppError("validation_failed", "Some products are not in the catalog", { details: unknown });

    if (customer.catalogAccess !== data.mode) await tx.db.update(customers).set({ catalogAccess: data.mode }).where(eq(customers.id, customerId));
    // Switching to "all" without a list keeps the earlier selection, so switching back restores it.
    if (data.productUids !== undefined) {
      await tx.db.delete(customerProducts).where(eq(customerProducts.customerId, customerId));
      if (idByUid.size) await tx.db.insert(customerProducts).values([...idByUid.values()].map((productId) => ({ customerId, productId })));
    }
    const after = { mode: data.mode, productUids: data.productUids === undefined ? before.productUids : [...idByUid.keys()].sort() };
    await audit(tx, { action: "customer.catalog_access", entityType: "customer", entityId: customerId, customerId, before, after });
    return { customerId, ...after };
  });
}
