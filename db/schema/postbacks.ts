import { pgTable, text, jsonb, integer, boolean, bigserial, index, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns";
import { customers } from "./customers";
import type { PostbackStatus } from "./enums";

// A customer's subscription to order events, delivered to a URL or by email.
export const postbackTriggers = pgTable(
  "postback_triggers",
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    name: text(),
    events: text().array().notNull(),
    kind: text().$type<"url" | "email">().notNull(),
    url: text(),
    method: text().$type<"POST" | "PUT">(),
    // Extra headers often carry credentials, so they are encrypted (JSON object).
    headersEncrypted: text(),
    email: text(),
    template: text(),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [index("postback_triggers_customer_idx").on(t.customerId)],
);

// One event for one trigger. Unique per (trigger, event) so it is created and sent once.
export const postbackDeliveries = pgTable(
  "postback_deliveries",
  {
    id: text().primaryKey(),
    customerId: text().notNull(),
    triggerId: text()
      .notNull()
      .references(() => postbackTriggers.id, { onDelete: "cascade" }),
    eventId: text().notNull(),
    orderId: text().notNull(),
    eventType: text().notNull(),
    webhookId: text().notNull(),
    status: text().$type<PostbackStatus>().notNull(),
    // What is sent, rendered once when the event fans out, so retries and resends repeat it
    // exactly: the HTTP body for URL triggers, the mail (JSON) for email triggers.
    body: text().notNull(),
    attempts: integer().notNull().default(0),
    // When the next attempt is due; while an attempt runs, a short lease against double sends.
    nextAttemptAt: timestamptz(),
    // Failed attempts are retried until then (24 h after the event, or after a manual resend).
    retryUntil: timestamptz().notNull(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("postback_deliveries_trigger_event_key").on(t.triggerId, t.eventId),
    index("postback_deliveries_customer_idx").on(t.customerId, t.id),
    index("postback_deliveries_status_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const postbackAttempts = pgTable(
  "postback_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    deliveryId: text()
      .notNull()
      .references(() => postbackDeliveries.id, { onDelete: "cascade" }),
    attempt: integer().notNull(),
    request: jsonb().$type<{ url?: string; method?: string; headers?: Record<string, string>; body: string; to?: string }>().notNull(),
    responseStatus: integer(),
    responseBody: text(),
    durationMs: integer(),
    error: text(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("postback_attempts_delivery_idx").on(t.deliveryId, t.id)],
);
