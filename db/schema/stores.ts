import { pgTable, text, boolean, integer, uniqueIndex, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps, timestamptz } from "./columns";
import { customers } from "./customers";
import type { ApprovalMode, ProductSyncState, ShopPlatform, StoreStatus, WebhookState } from "./enums";

// One connected shop of one customer. The platform's identity (Shopify shop domain, WooCommerce
// site URL, Etsy shop id) belongs to one active store at a time.
export const stores = pgTable(
  "stores",
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    platform: text().$type<ShopPlatform>().notNull(),
    name: text().notNull(),
    identity: text().notNull(),
    // JSON of the platform's credentials, AES-GCM sealed; null once disconnected.
    credentialsEncrypted: text(),
    status: text().$type<StoreStatus>().notNull().default("connected"),
    statusReason: text(),
    approvalMode: text().$type<ApprovalMode>().notNull().default("auto"),
    // Inkbridge made (and keeps) the webhook subscriptions, or the owner did.
    webhooksManaged: boolean().notNull().default(true),
    webhooksState: text().$type<WebhookState>().notNull().default("missing"),
    // Orders updated at or after this moment are polled on the next reconciliation.
    reconcileCursor: timestamptz().notNull().defaultNow(),
    lastWebhookAt: timestamptz(),
    lastSyncAt: timestamptz(),
    lastSyncError: text(),
    // When reconciliation started failing (cleared by the next success): an hour of it is an error.
    syncFailingSince: timestamptz(),
    // The health last announced by mail, so each change is mailed once (see stores/alerts.ts).
    alertedState: text().$type<"ok" | "error">().notNull().default("ok"),
    customerAlertedProblem: text().$type<"reconnect" | "link_variants">(),
    productsSyncRequestedAt: timestamptz(),
    productsSyncedAt: timestamptz(),
    // The product sync in progress: the platform cursor of the next page, so a crash resumes there.
    productsSyncState: text().$type<ProductSyncState>().notNull().default("idle"),
    productsSyncCursor: text(),
    productsSyncDone: integer().notNull().default(0),
    productsSyncTotal: integer(),
    productsSyncStartedAt: timestamptz(),
    productsSyncError: text(),
    // The run that holds the sync (a job id) and until when; renewed with every page it writes.
    productsSyncLeaseId: text(),
    productsSyncLeaseUntil: timestamptz(),
    connectedAt: timestamptz().notNull().defaultNow(),
    disconnectedAt: timestamptz(),
    createdBy: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("stores_active_identity_key").on(t.platform, t.identity).where(sql`${t.status} <> 'disconnected'`),
    index("stores_customer_idx").on(t.customerId, t.id),
    index("stores_identity_idx").on(t.platform, t.identity),
  ],
);
