import { pgTable, text, boolean, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

// The partner's shipping methods. While the table is empty any method passes through.
export const shippingMethods = pgTable(
  "shipping_methods",
  {
    id: text().primaryKey(),
    uid: text().notNull(),
    name: text().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("shipping_methods_uid_key").on(t.uid)],
);
