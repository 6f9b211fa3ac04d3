import { and, asc, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { lookupEntries as entriesTable } from "@/db/schema";
import { AppError, validationError } from "@/lib/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { lookupEntries } from "./schemas";
import { getLookupRowOrThrow } from "./manage";
import { requeueNotConnectedOrders } from "../orders/requeue";

export type LookupEntry = { key: string; value: string };

export async function insertEntries(ctx: Pick<ServiceContext, "db">, lookupId: string, entries: LookupEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 1000) {
    await ctx.db.insert(entriesTable).values(entries.slice(start, start + 1000).map((entry) => ({ lookupId, key: entry.key, value: entry.value })));
  }
}

/** Reads `key,value` rows; a first row reading `key,value` is a header and skipped. */
export function parseEntriesCsv(csv: string): LookupEntry[] {
  let rows: string[][];
  try {
    rows = parse(csv, { skip_empty_lines: true, bom: true, relax_column_count: true });
  } catch (error) {
    throw new AppError("bad_request", `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const first = rows[0];
  if (first && first[0]?.trim().toLowerCase() === "key" && first[1]?.trim().toLowerCase() === "value") rows = rows.slice(1);
  const problems: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = [];
  const entries = rows.map((row, index) => {
    if (row.length < 2) problems.push({ path: [`row ${index + 1}`], message: "needs two columns: key,value" });
    return { key: row[0] ?? "", value: row[1] ?? "" };
  });
  if (problems.length) throw validationError(problems, { message: "Some CSV rows are not key,value pairs" });
  return entries;
}

export function formatEntriesCsv(entries: LookupEntry[]): string {
  return stringify([["key", "value"], ...entries.map((entry) => [entry.key, entry.value])]);
}

/** Replaces every entry of a lookup, atomically. */
export async function replaceLookupEntries({ ctx, lookupId, entries }: { ctx: ServiceContext; lookupId: string; entries: unknown }): Promise<{ count: number }> {
  authorize(ctx, "write");
  const parsed = lookupEntries.safeParse(entries);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return withTransaction(ctx, async (tx) => {
    const lookup = await getLookupRowOrThrow(tx, lookupId);
    await tx.db.delete(entriesTable).where(eq(entriesTable.lookupId, lookupId));
    await insertEntries(tx, lookupId, parsed.data);
    await audit(tx, { action: "lookup.replace_entries", entityType: "lookup", entityId: lookupId, customerId: lookup.customerId, after: { count: parsed.data.length } });
    invalidate(tx, "lookups", lookup.customerId);
    if (lookup.field === "product") await requeueNotConnectedOrders(tx, lookup.customerId);
    return { count: parsed.data.length };
  });
}

/** Adds or changes one entry (inline editing in the console). */
export async function upsertLookupEntry({ ctx, lookupId, entry, previousKey }: { ctx: ServiceContext; lookupId: string; entry: LookupEntry; previousKey?: string }): Promise<void> {
  authorize(ctx, "write");
  const parsed = lookupEntries.safeParse([entry]);
  if (!parsed.success) throw validationError(parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) })));
  const clean = parsed.data[0]!;
  await withTransaction(ctx, async (tx) => {
    const lookup = await getLookupRowOrThrow(tx, lookupId);
    if (previousKey !== undefined && previousKey !== clean.key) {
      await tx.db.delete(entriesTable).where(and(eq(entriesTable.lookupId, lookupId), eq(entriesTable.key, previousKey)));
    }
    await tx.db
      .insert(entriesTable)
      .values({ lookupId, key: clean.key, value: clean.value })
      .onConflictDoUpdate({ target: [entriesTable.lookupId, entriesTable.key], set: { value: clean.value } });
    await audit(tx, { action: "lookup.set_entry", entityType: "lookup", entityId: lookupId, customerId: lookup.customerId, after: { ...clean, previousKey } });
    invalidate(tx, "lookups", lookup.customerId);
    if (lookup.field === "product") await requeueNotConnectedOrders(tx, lookup.customerId);
  });
}

export async function deleteLookupEntry({ ctx, lookupId, key }: { ctx: ServiceContext; lookupId: string; key: string }): Promise<void> {
  authorize(ctx, "write");
  await withTransaction(ctx, async (tx) => {
    const lookup = await getLookupRowOrThrow(tx, lookupId);
    await tx.db.delete(entriesTable).where(and(eq(entriesTable.lookupId, lookupId), eq(entriesTable.key, key)));
    await audit(tx, { action: "lookup.delete_entry", entityType: "lookup", entityId: lookupId, customerId: lookup.customerId, before: { key } });
    invalidate(tx, "lookups", lookup.customerId);
    if (lookup.field === "product") await requeueNotConnectedOrders(tx, lookup.customerId);
  });
}

export async function getLookupEntries({ ctx, lookupId }: { ctx: ServiceContext; lookupId: string }): Promise<LookupEntry[]> {
  authorize(ctx, "read");
  await getLookupRowOrThrow(ctx, lookupId);
  return ctx.db.select({ key: entriesTable.key, value: entriesTable.value }).from(entriesTable).where(eq(entriesTable.lookupId, lookupId)).orderBy(asc(entriesTable.key));
}
