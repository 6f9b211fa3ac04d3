import { pgTable, text, jsonb, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { orders } from "./orders";
import type { ActorType, OrderStatus } from "./enums";

// Every status change (and notable non-status event) of an order: the timeline and the source
// of postbacks. `type` is the postback event name, e.g. "order.received", "order.shipped".
export const orderEvents = pgTable(
  "order_events",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    customerId: text().notNull(),
    type: text().notNull(),
    fromStatus: text().$type<OrderStatus>(),
    toStatus: text().$type<OrderStatus>(),
    actorType: text().$type<ActorType>().notNull(),
    actorId: text(),
    actorLabel: text(),
    message: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.id), index("order_events_created_idx").on(t.createdAt)],
);
