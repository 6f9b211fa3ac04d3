import type { z } from "zod";
import { and, asc, count, eq } from "drizzle-orm";
import { lookupEntries as lookupEntriesTable, lookups } from "@/db/schema";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/db/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { createLookupInput, updateLookupInput, type LookupView } from "./schemas";
import { getLookupRowOrThrow, insertEntries } from "./rows";
import { requeueNotConnectedOrders } from "../orders/requeue";

function toLookupView(row: typeof lookups.$inferSelect, entryCount: number): LookupView {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    field: row.field,
    description: row.description,
    strict: row.strict,
    defaultValue: row.defaultValue,
    entryCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function countEntries(ctx: Pick<ServiceContext, "db">, lookupId: string): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(lookupEntriesTable).where(eq(lookupEntriesTable.lookupId, lookupId));
  return row?.n ?? 0;
}

export async function createLookup({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof createLookupInput>;
}): Promise<LookupView> {
  authorize(ctx, "write");
  const data = parseInput(createLookupInput, input);
  await getCustomerRowOrThrow(ctx, customerId);
  try {
    return await withTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(lookups)
        .values({
          id: createId("lookup"),
          customerId,
          name: data.name,
          field: data.field,
          description: data.description ?? null,
          strict: data.strict,
          defaultValue: data.defaultValue || null,
        })
        .returning();
      await insertEntries(tx, row!.id, data.entries);
      await audit(tx, { action: "lookup.create", entityType: "lookup", entityId: row!.id, customerId, after: { ...row, entries: data.entries.length } });
      invalidate(tx, "lookups", customerId);
      if (row!.field === "product") await requeueNotConnectedOrders(tx, customerId);
      return toLookupView(row!, data.entries.length);
    });
  } catch (error) {
    if (isUniqueViolation(error, "lookups_customer_field_key")) {
      throw new AppError("conflict", `This customer already has a ${data.field.replace("_", " ")} lookup; add entries to it instead`, {
        details: [{ path: "field", message: "one lookup per field and customer" }],
      });
    }
    throw error;
  }
}

export async function getLookup({ ctx, lookupId }: { ctx: ServiceContext; lookupId: string }): Promise<LookupView> {
  authorize(ctx, "read");
  const row = await getLookupRowOrThrow(ctx, lookupId);
  return toLookupView(row, await countEntries(ctx, lookupId));
}

export async function listLookups({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<LookupView[]> {
  authorize(ctx, "read");
  await getCustomerRowOrThrow(ctx, customerId);
  const rows = await ctx.db
    .select({ lookup: lookups, entryCount: count(lookupEntriesTable.key) })
    .from(lookups)
    .leftJoin(lookupEntriesTable, eq(lookupEntriesTable.lookupId, lookups.id))
    .where(eq(lookups.customerId, customerId))
    .groupBy(lookups.id)
    .orderBy(asc(lookups.field));
  return rows.map((row) => toLookupView(row.lookup, row.entryCount));
}

export async function updateLookup({
  ctx,
  lookupId,
  input,
}: {
  ctx: ServiceContext;
  lookupId: string;
  input: z.input<typeof updateLookupInput>;
}): Promise<LookupView> {
  authorize(ctx, "write");
  const data = parseInput(updateLookupInput, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getLookupRowOrThrow(tx, lookupId);
    const changes: Partial<typeof lookups.$inferInsert> = {};
    if (data.name !== undefined) changes.name = data.name;
    if (data.description !== undefined) changes.description = data.description;
    if (data.strict !== undefined) changes.strict = data.strict;
    if (data.defaultValue !== undefined) changes.defaultValue = data.defaultValue || null;
    const [after] = Object.keys(changes).length ? await tx.db.update(lookups).set(changes).where(eq(lookups.id, lookupId)).returning() : [before];
    await audit(tx, { action: "lookup.update", entityType: "lookup", entityId: lookupId, customerId: before.customerId, before, after });
    invalidate(tx, "lookups", before.customerId);
    if (before.field === "product") await requeueNotConnectedOrders(tx, before.customerId);
    return toLookupView(after!, await countEntries(tx, lookupId));
  });
}

export async function deleteLookup({ ctx, lookupId }: { ctx: ServiceContext; lookupId: string }): Promise<void> {
  authorize(ctx, "write");
  await withTransaction(ctx, async (tx) => {
    const before = await getLookupRowOrThrow(tx, lookupId);
    await tx.db.delete(lookups).where(and(eq(lookups.id, lookupId)));
    await audit(tx, { action: "lookup.delete", entityType: "lookup", entityId: lookupId, customerId: before.customerId, before });
    invalidate(tx, "lookups", before.customerId);
    if (before.field === "product") await requeueNotConnectedOrders(tx, before.customerId);
  });
}
