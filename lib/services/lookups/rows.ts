import { eq } from "drizzle-orm";
import { lookupEntries as entriesTable, lookups } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { ServiceContext } from "../context";

// The lookup and entry rows every lookup service reads and writes (no checks of the actor here).

export type LookupEntry = { key: string; value: string };

/** Called as entries are written: how many so far, out of how many. */
export type EntriesProgress = (written: number, total: number) => void;

export async function getLookupRowOrThrow(ctx: Pick<ServiceContext, "db">, lookupId: string) {
  const [row] = await ctx.db.select().from(lookups).where(eq(lookups.id, lookupId));
  if (!row) throw notFound("Lookup", lookupId);
  return row;
}

export async function insertEntries(ctx: Pick<ServiceContext, "db">, lookupId: string, entries: LookupEntry[], onProgress?: EntriesProgress): Promise<void> {
  // Small batches: each statement holds the event loop while it is built and (embedded) run.
  for (let start = 0; start < entries.length; start += 250) {
    const batch = entries.slice(start, start + 250);
    await ctx.db.insert(entriesTable).values(batch.map((entry) => ({ lookupId, key: entry.key, value: entry.value })));
    const written = start + batch.length;
    if (written % 1000 === 0 || written === entries.length) onProgress?.(written, entries.length);
    // The embedded database answers without a trip through the event loop: give other requests a turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
