import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";
import type { TokenScope } from "./enums";

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
    createdAt: timestamptz().notNull().defaultNow(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash)],
);
