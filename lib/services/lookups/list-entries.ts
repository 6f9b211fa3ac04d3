import { z } from "zod";
import { and, asc, count, eq, ilike, or } from "drizzle-orm";
import { lookupEntries } from "@/db/schema";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { likePattern } from "../pagination";
import { getLookupRowOrThrow } from "./rows";
import type { LookupEntry } from "./entries";

export const listLookupEntriesInput = z.object({
  /** Matches anywhere in the key or the value, ignoring case. */
  q: z.string().trim().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export type LookupEntriesPage = { data: LookupEntry[]; total: number; offset: number; limit: number };

/** One page of a lookup's entries, sorted by key, for the console table. */
export async function listLookupEntries({
  ctx,
  lookupId,
  input,
}: {
  ctx: ServiceContext;
  lookupId: string;
  input: z.input<typeof listLookupEntriesInput>;
}): Promise<LookupEntriesPage> {
  authorize(ctx, "read");
  const { q, limit, offset } = parseInput(listLookupEntriesInput, input);
  await getLookupRowOrThrow(ctx, lookupId);
  const pattern = q ? likePattern(q) : undefined;
  const where = and(eq(lookupEntries.lookupId, lookupId), pattern ? or(ilike(lookupEntries.key, pattern), ilike(lookupEntries.value, pattern)) : undefined);
  const [rows, counted] = await Promise.all([
    ctx.db.select({ key: lookupEntries.key, value: lookupEntries.value }).from(lookupEntries).where(where).orderBy(asc(lookupEntries.key)).limit(limit).offset(offset),
    ctx.db.select({ total: count() }).from(lookupEntries).where(where),
  ]);
  return { data: rows, total: counted[0]?.total ?? 0, offset, limit };
}
