import { stringify } from "csv-stringify/sync";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { readCsvRecords, type CsvReadProgress, type CsvSource } from "@/lib/csv/read";
import { lookupEntry, maxLookupEntries } from "./schemas";

import type { LookupEntry } from "./rows";

export type { LookupEntry };
export type CsvEntry = LookupEntry & { line: number };

/** The most row problems reported at once; the message still gives the full count. */
const maxReportedProblems = 50;
/** The largest lookup file the console and the admin API take. */
export const maxLookupCsvBytes = 20 * 1024 * 1024;

type CsvRecord = { record: string[]; info: { lines: number } };

function isHeader(record: string[]): boolean {
  return record[0]?.trim().toLowerCase() === "key" && record[1]?.trim().toLowerCase() === "value";
}

/**
 * Reads `key,value` rows (a first row reading `key,value` is a header and skipped), checking
 * each as the lookup would store it. Problems name the line of the file they are on. The file is
 * streamed through the parser; more than the lookup's row limit, or 20 MB, stops the read.
 */
export async function readEntriesCsv(csv: CsvSource, onProgress?: CsvReadProgress): Promise<{ entries: CsvEntry[]; problems: ErrorDetail[] }> {
  const entries: CsvEntry[] = [];
  const problems: ErrorDetail[] = [];
  const firstLineOf = new Map<string, number>();
  let first = true;
  const tooManyRows = `A lookup holds at most ${maxLookupEntries.toLocaleString("en")} entries; split the file`;
  // One more row than a lookup holds, for an optional header.
  const records = readCsvRecords<CsvRecord>(
    csv,
    { skip_empty_lines: true, bom: true, relax_column_count: true, info: true },
    { maxRows: maxLookupEntries + 1, maxBytes: maxLookupCsvBytes, tooManyRows },
    onProgress,
  );
  for await (const { record, info } of records) {
    if (first) {
      first = false;
      if (isHeader(record)) continue;
    }
    // A quoted field may span lines; report the line the row starts on.
    const innerBreaks = record.reduce((sum, field) => sum + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const line = info.lines - innerBreaks;
    const path = `line ${line}`;
    if (record.length < 2) {
      problems.push({ path, message: "needs two columns: key,value" });
      continue;
    }
    if (record.slice(2).some((field) => field.trim() !== "")) {
      problems.push({ path, message: `has ${record.length} columns; put keys or values that contain commas in double quotes` });
      continue;
    }
    const parsed = lookupEntry.safeParse({ key: record[0], value: record[1] });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path, message: `${String(issue.path[0] ?? "row")}: ${issue.message}` });
      continue;
    }
    const firstLine = firstLineOf.get(parsed.data.key);
    if (firstLine !== undefined) {
      problems.push({ path, message: `the key “${parsed.data.key}” is already on line ${firstLine}` });
      continue;
    }
    firstLineOf.set(parsed.data.key, line);
    entries.push({ ...parsed.data, line });
  }
  if (entries.length > maxLookupEntries) throw new AppError("payload_too_large", tooManyRows, { details: [{ path: "file", message: tooManyRows }] });
  return { entries, problems };
}

/** Entries from CSV (unique keys, at most a lookup's limit), or a 422 listing the rows that cannot be imported. */
export async function parseEntriesCsv(csv: CsvSource, onProgress?: CsvReadProgress): Promise<LookupEntry[]> {
  const { entries, problems } = await readEntriesCsv(csv, onProgress);
  if (problems.length > 0) {
    const rows = new Set(problems.map((problem) => problem.path)).size;
    throw new AppError("validation_failed", `${rows} ${rows === 1 ? "row" : "rows"} of the file cannot be imported; nothing was changed`, {
      details: problems.slice(0, maxReportedProblems),
    });
  }
  return entries.map(({ key, value }) => ({ key, value }));
}

export function formatEntriesCsv(entries: LookupEntry[]): string {
  return stringify([["key", "value"], ...entries.map((entry) => [entry.key, entry.value])]);
}
