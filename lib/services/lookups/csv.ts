import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { lookupEntry } from "./schemas";

export type LookupEntry = { key: string; value: string };
export type CsvEntry = LookupEntry & { line: number };

/** The most row problems reported at once; the message still gives the full count. */
const maxReportedProblems = 50;

type CsvRecord = { record: string[]; info: { lines: number } };

function isHeader(record: string[]): boolean {
  return record[0]?.trim().toLowerCase() === "key" && record[1]?.trim().toLowerCase() === "value";
}

/**
 * Reads `key,value` rows (a first row reading `key,value` is a header and skipped), checking
 * each as the lookup would store it. Problems name the line of the file they are on.
 */
export function readEntriesCsv(csv: string): { entries: CsvEntry[]; problems: ErrorDetail[] } {
  let records: CsvRecord[];
  try {
    records = parse(csv, { skip_empty_lines: true, bom: true, relax_column_count: true, info: true }) as unknown as CsvRecord[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("bad_request", `The file is not valid CSV: ${reason}`, { details: line ? [{ path: `line ${line}`, message: reason }] : [] });
  }
  if (records[0] && isHeader(records[0].record)) records = records.slice(1);
  const entries: CsvEntry[] = [];
  const problems: ErrorDetail[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of records) {
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
    const first = firstLineOf.get(parsed.data.key);
    if (first !== undefined) {
      problems.push({ path, message: `the key “${parsed.data.key}” is already on line ${first}` });
      continue;
    }
    firstLineOf.set(parsed.data.key, line);
    entries.push({ ...parsed.data, line });
  }
  return { entries, problems };
}

/** Entries from CSV, or a 422 listing the rows that cannot be imported. */
export function parseEntriesCsv(csv: string): LookupEntry[] {
  const { entries, problems } = readEntriesCsv(csv);
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
