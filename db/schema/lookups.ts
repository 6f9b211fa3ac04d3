import { pgTable, text, boolean, uniqueIndex, primaryKey } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { customers } from "./customers";
import type { LookupField } from "./enums";

// A customer's translation table for one field: their value → the partner's value.
export const lookups = pgTable(
  "lookups",
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    name: text().notNull(),
    field: text().$type<LookupField>().notNull(),
    description: text(),
    strict: boolean().notNull().default(false),
    defaultValue: text(),
    ...timestamps,
  },
  (t) => [uniqueIndex("lookups_customer_field_key").on(t.customerId, t.field)],
);

export const lookupEntries = pgTable(
  "lookup_entries",
  {
    lookupId: text()
      .notNull()
      .references(() => lookups.id, { onDelete: "cascade" }),
    key: text().notNull(),
    value: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.lookupId, t.key] })],
);
