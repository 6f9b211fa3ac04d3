import { inArray, lt, sql } from "drizzle-orm";
import { throttleCounters } from "@/db/schema";
import type { Database } from "@/db/client";

export type Hit = { hits: number; windowStartedAt: Date };

/**
 * Counts one attempt against each key and returns the new counts, in one statement: concurrent
 * attempts each see a distinct count, so none can slip past a limit by racing another.
 * A key whose window has run out starts a new window at 1.
 */
export async function hitCounters(db: Database, keys: string[], windowMs: number): Promise<Map<string, Hit>> {
  const expired = sql`${throttleCounters.windowStartedAt} <= now() - ${windowMs} * interval '1 millisecond'`;
  const rows = await db
    .insert(throttleCounters)
    .values(inLockOrder(keys).map((key) => ({ key, hits: 1, windowStartedAt: sql`now()` })))
    .onConflictDoUpdate({
      target: throttleCounters.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${throttleCounters.hits} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${throttleCounters.windowStartedAt} end`,
      },
    })
    .returning();
  pruneOccasionally(db);
  return new Map(rows.map((row) => [row.key, { hits: row.hits, windowStartedAt: row.windowStartedAt }]));
}

/** Takes back one attempt from each key (an attempt that was refused, or that succeeded). */
export async function refundCounters(db: Database, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insert(throttleCounters)
    .values(inLockOrder(keys).map((key) => ({ key, hits: 0, windowStartedAt: sql`now()` })))
    .onConflictDoUpdate({ target: throttleCounters.key, set: { hits: sql`greatest(${throttleCounters.hits} - 1, 0)` } });
}

export async function clearCounters(db: Database, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.delete(throttleCounters).where(inArray(throttleCounters.key, keys));
}

// Every statement takes the row locks of its keys in the same (sorted) order, so concurrent
// attempts on overlapping keys wait for each other instead of deadlocking.
const inLockOrder = (keys: string[]) => [...new Set(keys)].sort();

/** Seconds until the window of a counter ends. */
export function secondsLeft(hit: Hit, windowMs: number): number {
  return Math.max(1, Math.ceil((hit.windowStartedAt.getTime() + windowMs - Date.now()) / 1000));
}

let lastPrune = 0;

// Windows are at most an hour; counters a day old are dead weight. Pruned at most once a minute.
function pruneOccasionally(db: Database): void {
  const now = Date.now();
  if (now - lastPrune < 60_000) return;
  lastPrune = now;
  db.delete(throttleCounters)
    .where(lt(throttleCounters.windowStartedAt, new Date(now - 86_400_000)))
    .catch(() => undefined);
}
