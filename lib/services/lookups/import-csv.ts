import { AppError } from "@/lib/errors";
import type { CsvReadProgress, CsvSource } from "@/lib/csv/read";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseEntriesCsv } from "./csv";
import { getLookupRowOrThrow } from "./rows";
import { writeLookupEntries, type EntriesProgress } from "./entries";

/**
 * Replaces a lookup's entries with the rows of a CSV file (`key,value`, header optional). Every
 * row is checked first, as the file streams in; any bad row refuses the whole file with the
 * lines to fix. At most 100,000 rows and 20 MB.
 */
export async function importLookupEntriesCsv({
  ctx,
  lookupId,
  csv,
  allowEmpty = true,
  onReadProgress,
  onProgress,
}: {
  ctx: ServiceContext;
  lookupId: string;
  /** The file as text, or as it arrives (a request body). */
  csv: CsvSource;
  /** False where an empty file is more likely a mistake than a wish to delete every entry. */
  allowEmpty?: boolean;
  /** While the file is read and checked. */
  onReadProgress?: CsvReadProgress;
  /** While the entries are written. */
  onProgress?: EntriesProgress;
}): Promise<{ count: number }> {
  authorize(ctx, "write");
  await getLookupRowOrThrow(ctx, lookupId);
  const entries = await parseEntriesCsv(csv, onReadProgress);
  if (entries.length === 0 && !allowEmpty) throw new AppError("validation_failed", "The file has no rows; it needs one key,value pair per line", { details: [{ path: "file", message: "no rows" }] });
  return writeLookupEntries(ctx, lookupId, entries, onProgress);
}
