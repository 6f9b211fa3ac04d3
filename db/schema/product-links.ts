import { pgTable, text, jsonb, uniqueIndex, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps } from "./columns";
import { stores } from "./stores";
import type { StoredOrderFile } from "./order-items";

// Which catalog product and design files a shop variant stands for. Without a variant id the
// link covers every variant of the product.
export const productLinks = pgTable(
  "product_links",
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    customerId: text().notNull(),
    externalProductId: text().notNull(),
    externalVariantId: text(),
    productUid: text().notNull(),
    files: jsonb().$type<StoredOrderFile[]>().notNull().default([]),
    createdBy: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("product_links_variant_key").on(t.storeId, t.externalProductId, sql`coalesce(${t.externalVariantId}, '')`),
    index("product_links_customer_idx").on(t.customerId),
  ],
);
