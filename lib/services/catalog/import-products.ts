import { inArray, sql } from "drizzle-orm";
import { products } from "@/db/schema";
import { createId } from "@/lib/ids";
import { formatPath } from "@/lib/errors";
import { readCsvRecords, type CsvSource } from "@/lib/csv/read";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { createProductInput } from "./schemas";

export type ImportResult = { created: number; updated: number; errors: Array<{ row: number; path: string; message: string }> };

const truthy = new Set(["true", "yes", "1", "y", "active"]);
const falsy = new Set(["false", "no", "0", "n", "inactive"]);

/**
 * Imports products from CSV. Columns: productUid, title, description, fileTypes (separated by
 * `|`), active, and one `option:<name>` column per option. Existing productUids are updated.
 * Rows with errors are skipped and reported; the others are applied in one transaction.
 */
export async function importProductsCsv({ ctx, csv }: { ctx: ServiceContext; csv: CsvSource }): Promise<ImportResult> {
  authorize(ctx, "write");
  const records = readCsvRecords<Record<string, string>>(
    csv,
    { columns: (header: string[]) => header.map((name) => name.trim()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true },
    { maxRows: 20_000, maxBytes: 20 * 1024 * 1024 },
  );
  const result: ImportResult = { created: 0, updated: 0, errors: [] };
  const valid: Array<ReturnType<typeof createProductInput.parse>> = [];
  const seen = new Set<string>();
  let row = 1;
  for await (const record of records) {
    row += 1;
    const active = (record.active ?? "").toLowerCase();
    if (active && !truthy.has(active) && !falsy.has(active)) {
      result.errors.push({ row, path: "active", message: "use true or false" });
      continue;
    }
    const options = Object.fromEntries(
      Object.entries(record)
        .filter(([key, value]) => key.startsWith("option:") && value !== "")
        .map(([key, value]) => [key.slice("option:".length).trim(), value]),
    );
    const parsed = createProductInput.safeParse({
      productUid: record.productUid ?? "",
      title: record.title ?? "",
      description: record.description || null,
      options,
      fileTypes: record.fileTypes ? record.fileTypes.split("|").map((part) => part.trim()).filter(Boolean) : undefined,
      active: active ? truthy.has(active) : true,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) result.errors.push({ row, path: formatPath(issue.path), message: issue.message });
      continue;
    }
    if (seen.has(parsed.data.productUid)) {
      result.errors.push({ row, path: "productUid", message: "appears more than once in the file" });
      continue;
    }
    seen.add(parsed.data.productUid);
    valid.push(parsed.data);
  }
  if (valid.length === 0) return result;

  await withTransaction(ctx, async (tx) => {
    for (let start = 0; start < valid.length; start += 500) {
      const chunk = valid.slice(start, start + 500);
      const existing = new Set(
        (await tx.db.select({ productUid: products.productUid }).from(products).where(inArray(products.productUid, chunk.map((item) => item.productUid)))).map(
          (row) => row.productUid,
        ),
      );
      await tx.db
        .insert(products)
        .values(chunk.map((item) => ({ id: createId("product"), ...item, description: item.description ?? null })))
        .onConflictDoUpdate({
          target: products.productUid,
          set: {
            title: sqlExcluded("title"),
            description: sqlExcluded("description"),
            options: sqlExcluded("options"),
            fileTypes: sqlExcluded("file_types"),
            active: sqlExcluded("active"),
            updatedAt: new Date(),
          },
        });
      result.updated += chunk.filter((item) => existing.has(item.productUid)).length;
      result.created += chunk.filter((item) => !existing.has(item.productUid)).length;
    }
    await audit(tx, { action: "product.import", entityType: "product", after: { created: result.created, updated: result.updated, skipped: result.errors.length } });
    invalidate(tx, "catalog", "*");
  });
  return result;
}

function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}
