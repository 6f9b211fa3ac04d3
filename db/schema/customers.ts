import { pgTable, text, uniqueIndex, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps, timestamptz } from "./columns";
import type { CatalogAccessMode } from "./enums";

export const customers = pgTable(
  "customers",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    // The customer's registration number or id in the partner's own systems.
    referenceId: text(),
    description: text(),
    catalogAccess: text().$type<CatalogAccessMode>().notNull().default("all"),
    storefrontEnabledAt: timestamptz(),
    postbackSecretEncrypted: text(),
    postbackSecretPreviousEncrypted: text(),
    postbackSecretPreviousExpiresAt: timestamptz(),
    // A deactivated customer's channels take no new orders; its history stays.
    deactivatedAt: timestamptz(),
    // A deleted customer stays as a row so its orders keep counting; every lookup treats it as gone.
    deletedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("customers_reference_id_key").on(t.referenceId),
    index("customers_name_search_idx").using("btree", sql`lower(${t.name})`),
  ],
);
