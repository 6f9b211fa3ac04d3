import { pgTable, text, uniqueIndex, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import type { TokenScope } from "./enums";
import { users } from "./users";

// Partner admin API tokens. The token is shown once; only its SHA-256 is kept.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    scope: text().$type<TokenScope>().notNull(),
    tokenHash: text().notNull(),
    tokenPrefix: text().notNull(),
    createdBy: text(),
    /** The staff user behind the token (directly, or through the token that created it); it dies with them. */
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamptz().notNull().defaultNow(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_created_by_user_idx").on(t.createdByUserId)],
);
