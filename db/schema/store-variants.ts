import { pgTable, text, jsonb, uniqueIndex, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps, timestamptz } from "./columns";
import { stores } from "./stores";
import type { VariantLinkState } from "./enums";

// A shop variant as last synced, with whether it is linked to a catalog product or ignored.
export const storeVariants = pgTable(
  "store_variants",
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    externalProductId: text().notNull(),
    // Null for a WooCommerce simple product.
    externalVariantId: text(),
    sku: text(),
    productTitle: text().notNull(),
    variantTitle: text(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    price: text(),
    linkState: text().$type<VariantLinkState>().notNull().default("unlinked"),
    // Why a linked variant needs attention (SKU or options changed, gone from the shop).
    attentionReason: text(),
    externalUpdatedAt: timestamptz(),
    syncedAt: timestamptz().notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("store_variants_external_key").on(t.storeId, t.externalProductId, sql`coalesce(${t.externalVariantId}, '')`),
    index("store_variants_unlinked_idx").on(t.storeId).where(sql`${t.linkState} = 'unlinked'`),
  ],
);
