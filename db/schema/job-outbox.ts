import { pgTable, text, jsonb, bigserial, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

// Jobs written in the same transaction as the change that needs them, relayed to the queue in
// batches. Keeps the queue off the request path; `jobId` makes the relay idempotent.
export const jobOutbox = pgTable("job_outbox", {
  id: bigserial({ mode: "number" }).primaryKey(),
  jobId: uuid().notNull(),
  queue: text().notNull(),
  payload: jsonb().notNull(),
  startAfter: timestamptz(),
  createdAt: timestamptz().notNull().defaultNow(),
});
