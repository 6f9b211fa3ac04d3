import { pgTable, text, jsonb, integer, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns";
import { orders } from "./orders";

// The address as stored; lib/domain/order.ts checks that its addressSchema produces exactly this.
export type StoredAddress = {
  firstName: string;
  lastName: string;
  companyName?: string;
  addressLine1: string;
  addressLine2?: string;
  addressLine3?: string;
  city: string;
  postCode: string;
  state?: string;
  country: string;
  email?: string;
  phone?: string;
  isBusiness?: boolean;
  federalTaxId?: string;
  stateTaxId?: string;
  registrationStateCode?: string;
};

export const orderShipments = pgTable(
  "order_shipments",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    shipmentIndex: integer().notNull(),
    address: jsonb().$type<StoredAddress>().notNull(),
    returnAddress: jsonb().$type<Partial<StoredAddress>>(),
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
