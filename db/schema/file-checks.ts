import { pgTable, text, boolean, bigint } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

// Recent artwork URL checks, so a URL used by many orders is fetched once in a while.
export const fileChecks = pgTable("file_checks", {
  urlHash: text().primaryKey(),
  url: text().notNull(),
  ok: boolean().notNull(),
  contentType: text(),
  fileType: text(),
  size: bigint({ mode: "number" }),
  error: text(),
  checkedAt: timestamptz().notNull().defaultNow(),
});
