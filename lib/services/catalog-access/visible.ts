import { and, eq, exists, type SQL } from "drizzle-orm";
import { customerProducts, products, type customers } from "@/db/schema";
import type { Database } from "@/db/client";
import type { CatalogProductView } from "./schemas";

/** The condition a product must meet to be usable in this customer's storefronts. */
export function visibleTo(db: Database, customer: Pick<typeof customers.$inferSelect, "id" | "catalogAccess">): SQL {
  const active = eq(products.active, true);
  if (customer.catalogAccess === "all") return active;
  const chosen = db
    .select({ one: customerProducts.productId })
    .from(customerProducts)
    .where(and(eq(customerProducts.customerId, customer.id), eq(customerProducts.productId, products.id)));
  return and(active, exists(chosen))!;
}

export function toCatalogProductView(row: typeof products.$inferSelect): CatalogProductView {
  return {
    id: row.id,
    productUid: row.productUid,
    title: row.title,
    description: row.description,
    options: row.options,
    fileTypes: row.fileTypes,
  };
}
