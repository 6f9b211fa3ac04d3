import { and, asc, eq } from "drizzle-orm";
import { lookupEntries as entriesTable } from "@/db/schema";
import { AppError, validationError } from "@/lib/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { lookupEntries } from "./schemas";
import { getLookupRowOrThrow, insertEntries, type EntriesProgress, type LookupEntry } from "./rows";
import { requeueNotConnectedOrders } from "../orders/requeue";

export type { EntriesProgress, LookupEntry };

/** Replaces every entry of a lookup, atomically. */
export async function replaceLookupEntries({
  ctx,
  lookupId,
  entries,
  onProgress,
}: {
  ctx: ServiceContext;
  lookupId: string;
  entries: unknown;
  onProgress?: EntriesProgress;
}): Promise<{ count: number }> {
  authorize(ctx, "write");
  const parsed = lookupEntries.safeParse(entries);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return writeLookupEntries(ctx, lookupId, parsed.data, onProgress);
}

/** Replaces the entries with ones already checked as `lookupEntries` would (the CSV reader does). */
export async function writeLookupEntries(ctx: ServiceContext, lookupId: string, entries: LookupEntry[], onProgress?: EntriesProgress): Promise<{ count: number }> {
  authorize(ctx, "write");
  return withTransaction(ctx, async (tx) => {
    const lookup = await getLookupRowOrThrow(tx, lookupId);
    await tx.db.delete(entriesTable).where(eq(entriesTable.lookupId, lookupId));
    await insertEntries(tx, lookupId, entries, onProgress);
    await audit(tx, { action: "lookup.replace_entries", entityType: "lookup", entityId: lookupId, customerId: lookup.customerId, after: { count: entries.length } });
    invalidate(tx, "lookups", lookup.customerId);
    if (lookup.field === "product") await requeueNotConnectedOrders(tx, lookup.customerId);
    return { count: entries.length };
  });
}

/**
 * Adds or changes one entry (inline editing in the console). A key that is new to the row
 * (an added row, or a renamed one) must not exist yet: that would silently overwrite another row.
 */
export async function upsertLookupEntry({ ctx, lookupId, entry, previousKey }: { ctx: ServiceContext; lookupId: string; entry: LookupEntry; previousKey?: string }): Promise<void> {
  authorize(ctx, "write");
  const parsed = lookupEntries.safeParse([entry]);
  if (!parsed.success) throw validationError(parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) })));
  const clean = parsed.data[0]!;
  await withTransaction(ctx, async (tx) => {
    const lookup = await getLookupRowOrThrow(tx, lookupId);
    if (previousKey !== clean.key) {
      const [clash] = await tx.db
        .select({ key: entriesTable.key })
        .from(entriesTable)
        .where(and(eq(entriesTable.lookupId, lookupId), eq(entriesTable.key, clean.key)));
      if (clash) throw new AppError("conflict", `This lookup already has an entry for “${clean.key}”`, { details: [{ path: "key", message: `“${clean.key}” is already in this lookup` }] });
    }
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
