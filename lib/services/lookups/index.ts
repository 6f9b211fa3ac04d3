export * from "./schemas";
export { createLookup, getLookup, listLookups, updateLookup, deleteLookup } from "./manage";
export { getLookupRowOrThrow } from "./rows";
export { replaceLookupEntries, upsertLookupEntry, deleteLookupEntry, getLookupEntries, type EntriesProgress } from "./entries";
export { parseEntriesCsv, formatEntriesCsv, readEntriesCsv, type LookupEntry, type CsvEntry } from "./csv";
export { listLookupEntries, listLookupEntriesInput, type LookupEntriesPage } from "./list-entries";
export { importLookupEntriesCsv } from "./import-csv";
export { getCustomerLookups } from "./snapshot";
