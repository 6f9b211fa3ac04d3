import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamptz } from "./columns";
import { stores } from "./stores";

// Shop variants the customer does not want produced: their order lines are left out.
export const ignoredVariants = pgTable(
  "ignored_variants",
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    externalProductId: text().notNull(),
    externalVariantId: text(),
    createdBy: text(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ignored_variants_variant_key").on(t.storeId, t.externalProductId, sql`coalesce(${t.externalVariantId}, '')`)],
);
