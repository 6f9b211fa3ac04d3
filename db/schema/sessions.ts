import { pgTable, text, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { users } from "./users";

// Server-side record of every signed-in browser. The JWT cookie only carries the id; deleting
// the row signs that browser out on its next request.
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: text(),
    userAgent: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    lastSeenAt: timestamptz().notNull().defaultNow(),
    expiresAt: timestamptz().notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
