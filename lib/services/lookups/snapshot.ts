import { eq, inArray } from "drizzle-orm";
import { lookupEntries, lookups } from "@/db/schema";
import type { Database } from "@/db/client";
import { onInvalidate, TtlCache } from "@/lib/cache/invalidation";
import type { LookupSet } from "@/lib/lookups/apply";

// A customer's lookups in memory for order intake; dropped on any change to them.
const cache = new TtlCache<Promise<LookupSet>>(60_000, 2_000);
onInvalidate("lookups", (customerId) => cache.delete(customerId));

/** A customer's lookups read afresh, bypassing the cache (order processing after a change). */
export async function loadCustomerLookups(db: Database, customerId: string): Promise<LookupSet> {
  const tables = await db.select().from(lookups).where(eq(lookups.customerId, customerId));
  if (tables.length === 0) return {};
  const entries = await db
    .select()
    .from(lookupEntries)
    .where(inArray(lookupEntries.lookupId, tables.map((table) => table.id)));
  const set: LookupSet = {};
  for (const table of tables) {
    set[table.field] = {
      id: table.id,
      name: table.name,
      field: table.field,
      strict: table.strict,
      defaultValue: table.defaultValue,
      entries: new Map(entries.filter((entry) => entry.lookupId === table.id).map((entry) => [entry.key, entry.value])),
    };
  }
  return set;
}

export function getCustomerLookups(db: Database, customerId: string): Promise<LookupSet> {
  const cached = cache.get(customerId);
  if (cached) return cached;
  const loading = loadCustomerLookups(db, customerId);
  cache.set(customerId, loading);
  loading.catch(() => cache.delete(customerId));
  return loading;
}
