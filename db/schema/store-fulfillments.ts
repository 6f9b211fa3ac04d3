import { pgTable, text, integer, uniqueIndex, index } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns";
import { stores } from "./stores";
import { orders } from "./orders";
import type { StoreFulfillmentStatus } from "./enums";

// A shipment told to its shop: the platform's fulfilment and the tracking last sent with it.
export const storeFulfillments = pgTable(
  "store_fulfillments",
  {
    id: text().primaryKey(),
    storeId: text()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    shipmentId: text().notNull(),
    externalOrderId: text().notNull(),
    externalFulfillmentId: text(),
    status: text().$type<StoreFulfillmentStatus>().notNull().default("pending"),
    carrier: text(),
    trackingNumber: text(),
    trackingUrl: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: timestamptz(),
    // A worker sending this shipment holds it until then, so two runs never create two fulfilments.
    leaseUntil: timestamptz(),
    ...timestamps,
  },
  (t) => [uniqueIndex("store_fulfillments_shipment_key").on(t.shipmentId), index("store_fulfillments_order_idx").on(t.orderId)],
);
