import { pgTable, text, primaryKey } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { customers } from "./customers";
import { products } from "./products";

// Catalog products a customer may use in storefronts when its catalogAccess is "selected".
export const customerProducts = pgTable(
  "customer_products",
  {
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.productId] })],
);
