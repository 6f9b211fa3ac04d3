import type { LookupField } from "@/db/schema/enums";
import type { LookupTraceEntry, OrderProblem } from "@/lib/domain/order";

export type LookupTable = {
  id: string;
  name: string;
  field: LookupField;
  strict: boolean;
  defaultValue: string | null;
  entries: ReadonlyMap<string, string>;
};

export type LookupSet = Partial<Record<LookupField, LookupTable>>;

export type LookupOutcome = { value: string; matched: boolean; trace?: LookupTraceEntry; problem?: OrderProblem };

/**
 * One value through a customer's lookup for `field`. Matching is exact after trimming. With no
 * entry the value passes through unchanged, unless the lookup has a default (used) or is strict
 * (an error naming the lookup and the key).
 */
export function lookUp(set: LookupSet, field: LookupField, raw: string, path: string): LookupOutcome {
  const key = raw.trim();
  const table = set[field];
  if (!table) return { value: key, matched: false };
  const hit = table.entries.get(key);
  if (hit !== undefined) {
    return { value: hit, matched: true, trace: { field, lookupId: table.id, lookupName: table.name, path, from: key, to: hit, how: "entry" } };
  }
  if (table.defaultValue !== null && table.defaultValue !== "") {
    return {
      value: table.defaultValue,
      matched: true,
      trace: { field, lookupId: table.id, lookupName: table.name, path, from: key, to: table.defaultValue, how: "default" },
    };
  }
  if (table.strict) {
    return { value: key, matched: false, problem: { path, message: `“${key}” has no entry in the ${field.replace("_", " ")} lookup “${table.name}”` } };
  }
  return { value: key, matched: false };
}

/** True when the lookup has an entry for exactly this key (no default, no strictness). */
export function hasEntry(set: LookupSet, field: LookupField, raw: string): boolean {
  return set[field]?.entries.has(raw.trim()) ?? false;
}
