import { pgTable, text, jsonb, bigserial, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import type { ActorType } from "./enums";

// Who did what, when, with the entity before and after. Written by services, never by routes.
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    actorType: text().$type<ActorType>().notNull(),
    actorId: text(),
    actorLabel: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    customerId: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_customer_idx").on(t.customerId, t.id),
  ],
);
