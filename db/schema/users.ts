import { pgTable, text, uniqueIndex, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { timestamps, timestamptz } from "./columns";
import { customers } from "./customers";
import type { UserKind, UserRole } from "./enums";

// Partner staff (kind "staff", no customer) and storefront users of one customer (kind "customer").
export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    kind: text().$type<UserKind>().notNull(),
    customerId: text().references(() => customers.id, { onDelete: "cascade" }),
    email: text().notNull(),
    name: text().notNull(),
    firstName: text(),
    lastName: text(),
    role: text().$type<UserRole>().notNull(),
    passwordHash: text(),
    passwordChangedAt: timestamptz(),
    invitedAt: timestamptz(),
    invitedBy: text(),
    lastSignInAt: timestamptz(),
    disabledAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    index("users_customer_idx").on(t.customerId),
  ],
);
