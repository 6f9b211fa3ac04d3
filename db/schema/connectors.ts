import { pgTable, text, jsonb, uniqueIndex, index } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns";
import { customers } from "./customers";
import type { ConnectorType } from "./enums";

export type RoutingRule = {
  key: string;
  name: string;
  tags?: string[];
  priority?: "normal" | "rush";
  hold?: boolean;
};

// An order API endpoint for one customer, or for all customers when customerId is null.
export const connectors = pgTable(
  "connectors",
  {
    id: text().primaryKey(),
    customerId: text().references(() => customers.id, { onDelete: "cascade" }),
    type: text().$type<ConnectorType>().notNull(),
    name: text().notNull(),
    apiKey: text().notNull(),
    // SiteFlow HMAC needs the secret itself, so it is encrypted rather than hashed.
    secretEncrypted: text().notNull(),
    secretHash: text().notNull(),
    routingRules: jsonb().$type<RoutingRule[]>().notNull().default([]),
    createdBy: text(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("connectors_api_key_key").on(t.apiKey),
    index("connectors_customer_idx").on(t.customerId),
  ],
);
