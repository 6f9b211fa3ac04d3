import { pgTable, text, index, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps, timestamptz } from "./columns";
import { customers } from "./customers";
import { users } from "./users";
import type { CustomerInvitationState, CustomerRole } from "./enums";

// Every invitation to a customer's portal, as its users see it on their Users page. `userId` is
// the account the invitation is for; it is null when the address belongs to an account outside
// the customer (staff, or another customer's user): then the address's holder got a notice
// instead, and nothing else changed. A pending invitation past `expiresAt` shows as expired.
export const customerInvitations = pgTable(
  "customer_invitations",
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    email: text().notNull(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    role: text().$type<CustomerRole>().notNull(),
    userId: text().references(() => users.id, { onDelete: "cascade" }),
    invitedBy: text(),
    sentAt: timestamptz().notNull().defaultNow(),
    expiresAt: timestamptz().notNull(),
    state: text().$type<CustomerInvitationState>().notNull().default("pending"),
    ...timestamps,
  },
  (t) => [
    // One pending invitation per address and customer; the same address may be pending at two customers.
    uniqueIndex("customer_invitations_pending_key").on(t.customerId, sql`lower(${t.email})`).where(sql`${t.state} = 'pending'`),
    index("customer_invitations_user_idx").on(t.userId),
  ],
);
