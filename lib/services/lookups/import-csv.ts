import { AppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseEntriesCsv } from "./csv";
import { replaceLookupEntries, type EntriesProgress } from "./entries";

/**
 * Replaces a lookup's entries with the rows of a CSV file (`key,value`, header optional). Every
 * row is checked first; any bad row refuses the whole file with the lines to fix.
 */
export async function importLookupEntriesCsv({
  ctx,
  lookupId,
  csv,
  allowEmpty = true,
  onProgress,
}: {
  ctx: ServiceContext;
  lookupId: string;
  csv: string;
  /** False where an empty file is more likely a mistake than a wish to delete every entry. */
  allowEmpty?: boolean;
  onProgress?: EntriesProgress;
}): Promise<{ count: number }> {
  authorize(ctx, "write");
  const entries = parseEntriesCsv(csv);
  if (entries.length === 0 && !allowEmpty) throw new AppError("validation_failed", "The file has no rows; it needs one key,value pair per line", { details: [{ path: "file", message: "no rows" }] });
  return replaceLookupEntries({ ctx, lookupId, entries, onProgress });
}
