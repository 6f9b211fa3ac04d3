import { timestamp } from "drizzle-orm/pg-core";

// Shared column helpers: every table carries created_at/updated_at as timestamptz.
export const timestamptz = () => timestamp({ withTimezone: true, mode: "date" });

export const timestamps = {
  createdAt: timestamptz().notNull().defaultNow(),
  updatedAt: timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};
