export * from "./schemas";
export { createLookup, getLookup, listLookups, updateLookup, deleteLookup, getLookupRowOrThrow } from "./manage";
export { replaceLookupEntries, upsertLookupEntry, deleteLookupEntry, getLookupEntries, parseEntriesCsv, formatEntriesCsv, type LookupEntry } from "./entries";
export { getCustomerLookups } from "./snapshot";
