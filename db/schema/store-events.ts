import { pgTable, text, jsonb, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { stores } from "./stores";

// The store's log: orders not taken and why, reconnects needed, subscriptions restored, syncs.
export const storeEvents = pgTable(
  "store_events",
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    customerId: text().notNull(),
    type: text().notNull(),
    message: text().notNull(),
    externalOrderId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("store_events_store_idx").on(t.storeId, t.id)],
);
