import { pgTable, text, jsonb, boolean, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

// The partner's catalog. `fileTypes` are the print areas an item of this product may carry.
export const products = pgTable(
  "products",
  {
    id: text().primaryKey(),
    productUid: text().notNull(),
    title: text().notNull(),
    description: text(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    fileTypes: text().array().notNull().default(["default"]),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("products_product_uid_key").on(t.productUid)],
);
