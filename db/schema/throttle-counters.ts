import { pgTable, text, integer, index } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

// Fixed-window counters for sign-in and password-reset throttling, bumped and read in one statement.
export const throttleCounters = pgTable(
  "throttle_counters",
  {
    key: text().primaryKey(),
    hits: integer().notNull(),
    windowStartedAt: timestamptz().notNull(),
  },
  (t) => [index("throttle_counters_window_idx").on(t.windowStartedAt)],
);
