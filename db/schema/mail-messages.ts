import { pgTable, text, integer } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

// Every mail Inkbridge sends. Bodies are encrypted at rest: they may hold one-time links.
// Without SMTP_URL this table is the dev outbox that staff read in the console.
export const mailMessages = pgTable("mail_messages", {
  id: text().primaryKey(),
  to: text().notNull(),
  subject: text().notNull(),
  bodyEncrypted: text().notNull(),
  transport: text().$type<"smtp" | "outbox">().notNull(),
  status: text().$type<"queued" | "sent" | "stored" | "failed">().notNull(),
  attempts: integer().notNull().default(0),
  lastError: text(),
  createdAt: timestamptz().notNull().defaultNow(),
  sentAt: timestamptz(),
});
