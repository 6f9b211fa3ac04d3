import { pgTable, text, jsonb, integer, index } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { orders } from "./orders";
import type { OrderStatus } from "./enums";

// An artwork reference as stored; lib/domain/order.ts checks that its orderFileSchema produces exactly this.
export type StoredOrderFile = { type: string; url: string };

export const orderItems = pgTable(
  "order_items",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    externalItemId: text(),
    // The customer's own product key (productUid, productName, sku, shop SKU) before lookups.
    sourceProductKey: text(),
    productUid: text(),
    quantity: integer().notNull(),
    files: jsonb().$type<StoredOrderFile[]>().notNull().default([]),
    shipmentIndex: integer().notNull().default(0),
    status: text().$type<OrderStatus>().notNull(),
    statusReason: text(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    extra: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [index("order_items_order_idx").on(t.orderId, t.position)],
);
