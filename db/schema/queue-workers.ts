import { pgTable, text, integer, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

// Every process that runs jobs checks in here every few seconds. A job still "active" under a
// worker that stopped checking in was cut off by a crash and goes back to the queue at once,
// instead of waiting out its expiry (which has to allow for slow but healthy runs).
export const queueWorkers = pgTable("queue_workers", {
  id: uuid().primaryKey(),
  host: text().notNull(),
  pid: integer().notNull(),
  startedAt: timestamptz().notNull().defaultNow(),
  seenAt: timestamptz().notNull().defaultNow(),
});
