import { pgTable, text, jsonb, integer, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns";
import { orders } from "./orders";
import type { Address } from "@/lib/domain/order";

export const orderShipments = pgTable(
  "order_shipments",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    shipmentIndex: integer().notNull(),
    address: jsonb().$type<Address>().notNull(),
    returnAddress: jsonb().$type<Partial<Address>>(),
    // The partner's shipping method after lookups, and what the customer sent.
    method: text(),
    sourceMethod: text(),
    carrier: text(),
    trackingCode: text(),
    trackingUrl: text(),
    shippedAt: timestamptz(),
    extra: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [uniqueIndex("order_shipments_order_index_key").on(t.orderId, t.shipmentIndex)],
);
