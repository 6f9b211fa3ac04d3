import { pgTable, text, jsonb, uniqueIndex, index } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns";
import type { ShopPlatform, WebhookEventStatus } from "./enums";

// Every inbound shop delivery, stored before it is acknowledged: headers, the raw body and what
// processing made of it. One row per platform delivery id, so a redelivery changes nothing.
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text().primaryKey(),
    platform: text().$type<ShopPlatform>().notNull(),
    deliveryId: text().notNull(),
    // Null when no connected store matched the delivery.
    storeId: text(),
    customerId: text(),
    identity: text().notNull(),
    topic: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    rawBody: text().notNull(),
    receivedAt: timestamptz().notNull().defaultNow(),
    status: text().$type<WebhookEventStatus>().notNull().default("received"),
    outcome: text(),
    externalOrderId: text(),
    orderId: text(),
    processedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("webhook_events_delivery_key").on(t.platform, t.deliveryId),
    index("webhook_events_store_idx").on(t.storeId, t.id),
    index("webhook_events_customer_idx").on(t.customerId, t.id),
  ],
);
