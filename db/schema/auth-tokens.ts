import { pgTable, text, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import { users } from "./users";
import type { AuthTokenPurpose } from "./enums";

// One-time links (invitations, password resets). Only the SHA-256 of the token is stored.
export const authTokens = pgTable(
  "auth_tokens",
  {
    tokenHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text().$type<AuthTokenPurpose>().notNull(),
    expiresAt: timestamptz().notNull(),
    usedAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index("auth_tokens_user_idx").on(t.userId)],
);
