import { pgTable, text, jsonb, uuid, uniqueIndex, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps, timestamptz } from "./columns";
import { customers } from "./customers";
import type { LookupField, OrderChannel, OrderStatus, OrderType } from "./enums";

/** One value a lookup changed while an order was prepared. */
export type LookupTraceEntry = {
  field: LookupField;
  lookupId: string;
  lookupName: string;
  path: string;
  from: string;
  to: string;
  how: "entry" | "default";
};

// The canonical order, whatever channel it came through.
export const orders = pgTable(
  "orders",
  {
    id: text().primaryKey(),
    // Public UUID, the id the Gelato dialect shows (Gelato's own order ids are UUIDs).
    uid: uuid().notNull().defaultRandom(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: text().$type<OrderChannel>().notNull(),
    connectorId: text(),
    storeId: text(),
    // The channel's own order id: orderReferenceId, sourceOrderId, or the shop's order id.
    externalId: text().notNull(),
    orderType: text().$type<OrderType>().notNull().default("order"),
    status: text().$type<OrderStatus>().notNull(),
    statusReason: text(),
    currency: text(),
    customerReferenceId: text(),
    recipientName: text(),
    priority: text().$type<"normal" | "rush">().notNull().default("normal"),
    tags: text().array().notNull().default([]),
    routingRuleKey: text(),
    holdForApproval: text().$type<"yes" | "no">().notNull().default("no"),
    metadata: jsonb().$type<{ key: string; value: string }[]>().notNull().default([]),
    // Dialect-specific fields with no canonical home (SiteFlow stockItems, Gelato returnAddress…).
    extra: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    lookupTrace: jsonb().$type<LookupTraceEntry[]>().notNull().default([]),
    rawBody: text().notNull(),
    payloadHash: text().notNull(),
    statusChangedAt: timestamptz().notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("orders_uid_key").on(t.uid),
    uniqueIndex("orders_source_key").on(t.customerId, t.channel, sql`coalesce(${t.storeId}, '')`, t.externalId),
    index("orders_customer_created_idx").on(t.customerId, t.id),
    index("orders_status_idx").on(t.status, t.statusChangedAt),
    index("orders_created_idx").on(t.createdAt),
    index("orders_store_status_idx").on(t.storeId, t.status).where(sql`${t.storeId} is not null`),
  ],
);
