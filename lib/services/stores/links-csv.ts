import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { customers, productLinks, products, storeVariants } from "@/db/schema";
import { readCsvRecords, type CsvSource } from "@/lib/csv/read";
import { createId } from "@/lib/ids";
import { actorLabel, withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { visibleTo } from "../catalog-access/visible";
import { authorizeStoreChange, authorizeStoreRead, getStoreRowOrThrow, onBehalfOf } from "./access";
import { checkDesignFiles } from "./design-files";
import { linkForVariant, loadLinksFor } from "./variants";
import { rerunWaitingOrders, type ChangedVariant } from "./rerun";

export const linkCsvColumns = ["storeId", "productId", "variantId", "sku", "title", "productUid", "designFileUrl"] as const;
const exportPageSize = 1000;
const extraColumn = (area: string) => `designFileUrl:${area}`;

export type LinksCsvResult = { linked: number; unchanged: number; errors: Array<{ row: number; message: string }> };

/** How far an import got: bytes of the file read, design files checked, rows written. */
export type LinksCsvProgress = { phase: "checking"; done: number; total?: number } | { phase: "files"; done: number; total: number } | { phase: "writing"; done: number; total: number };

const fileCheckSlice = 50;

type UsableProduct = { productUid: string; fileTypes: string[] };

async function usableProducts(ctx: ServiceContext, customerId: string): Promise<Map<string, UsableProduct>> {
  const [customer] = await ctx.db.select().from(customers).where(eq(customers.id, customerId));
  const rows = await ctx.db.select({ productUid: products.productUid, fileTypes: products.fileTypes }).from(products).where(visibleTo(ctx.db, customer!));
  return new Map(rows.map((row) => [row.productUid, row]));
}

/** Print areas past each product's first get a column of their own, named after the area. */
function extraAreas(usable: Map<string, UsableProduct>): string[] {
  return [...new Set([...usable.values()].flatMap((product) => product.fileTypes.slice(1)))].sort();
}

/** The store's variants as CSV, one row each with its current link; produced a page at a time. */
export async function* exportLinksCsv({ ctx, storeId }: { ctx: ServiceContext; storeId: string }): AsyncGenerator<string> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreRead(ctx, store.customerId);
  const usable = await usableProducts(ctx, store.customerId);
  const extras = extraAreas(usable);
  yield stringify([[...linkCsvColumns, ...extras.map(extraColumn)]]);
  let after = "";
  for (;;) {
    const rows = await ctx.db
      .select()
      .from(storeVariants)
      .where(and(eq(storeVariants.storeId, storeId), gt(storeVariants.id, after)))
      .orderBy(asc(storeVariants.id))
      .limit(exportPageSize);
    if (rows.length === 0) return;
    const links = await loadLinksFor(ctx, storeId, rows.map((row) => row.externalProductId));
    yield stringify(
      rows.map((row) => {
        const link = linkForVariant(links, row);
        const areas = link ? (usable.get(link.productUid)?.fileTypes ?? link.files.map((file) => file.type)) : [];
        const fileOf = (type: string | undefined) => (type ? (link?.files.find((file) => file.type === type)?.url ?? "") : "");
        const title = [row.productTitle, row.variantTitle].filter(Boolean).join(" – ");
        return [storeId, row.externalProductId, row.externalVariantId ?? "", row.sku ?? "", title, link?.productUid ?? "", fileOf(areas[0]), ...extras.map((area) => (areas.slice(1).includes(area) ? fileOf(area) : ""))];
      }),
    );
    after = rows.at(-1)!.id;
  }
}

type ValidRow = { row: number; productId: string; variantId: string | null; productUid: string; files: Array<{ type: string; url: string }> };

const fileKey = (files: ReadonlyArray<{ type: string; url: string }>) => JSON.stringify(files.map((file) => [file.type, file.url]).sort());
const sameFiles = (left: ReadonlyArray<{ type: string; url: string }>, right: ReadonlyArray<{ type: string; url: string }>) => fileKey(left) === fileKey(right);

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * Links variants from the CSV above. Every row is checked first (store, variant, product the
 * customer may use, print areas, design file URLs fetched through the outbound guard); rows with
 * an error are reported and change nothing, the rest are saved in one transaction, and the
 * store's waiting orders run again. Rows without a productUid are left as they are.
 */
export async function importLinksCsv({
  ctx,
  storeId,
  csv,
  onProgress,
}: {
  ctx: ServiceContext;
  storeId: string;
  csv: CsvSource;
  onProgress?: (progress: LinksCsvProgress) => void;
}): Promise<LinksCsvResult> {
  const store = await getStoreRowOrThrow(ctx, storeId);
  authorizeStoreChange(ctx, store.customerId);
  const usable = await usableProducts(ctx, store.customerId);
  const result: LinksCsvResult = { linked: 0, unchanged: 0, errors: [] };
  const candidates: ValidRow[] = [];
  const seen = new Set<string>();
  let row = 1;
  const records = readCsvRecords<Record<string, string>>(
    csv,
    { columns: (header: string[]) => header.map((name) => name.trim()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true },
    { maxRows: 50_000, maxBytes: 20 * 1024 * 1024 },
    ({ bytes, totalBytes }) => onProgress?.({ phase: "checking", done: bytes, ...(totalBytes === undefined ? {} : { total: totalBytes }) }),
  );
  for await (const record of records) {
    row += 1;
    const productUid = record.productUid ?? "";
    const productId = record.productId ?? "";
    const variantId = record.variantId || null;
    if (!productUid) continue;
    if (record.storeId && record.storeId !== storeId) {
      result.errors.push({ row, message: `storeId ${record.storeId} is not this store (${storeId})` });
      continue;
    }
    if (!productId) {
      result.errors.push({ row, message: "productId is empty" });
      continue;
    }
    const key = `${productId}:${variantId ?? ""}`;
    if (seen.has(key)) {
      result.errors.push({ row, message: "this variant appears more than once in the file" });
      continue;
    }
    seen.add(key);
    const product = usable.get(productUid);
    if (!product) {
      const [exists] = await ctx.db.select({ id: products.id }).from(products).where(eq(products.productUid, productUid));
      result.errors.push({ row, message: exists ? `productUid ${productUid} is not available to this customer` : `unknown productUid ${productUid}` });
      continue;
    }
    const files = product.fileTypes.flatMap((type, index) => {
      const url = index === 0 ? (record.designFileUrl ?? "") : (record[extraColumn(type)] ?? "");
      return url ? [{ type, url }] : [];
    });
    if (files.length === 0) {
      result.errors.push({ row, message: "designFileUrl is empty" });
      continue;
    }
    const bad = files.find((file) => !isWebUrl(file.url));
    if (bad) {
      result.errors.push({ row, message: `${bad.type}: ${bad.url.slice(0, 200)} is not an http(s) URL` });
      continue;
    }
    candidates.push({ row, productId, variantId, productUid, files });
  }

  // Unknown variants, looked up a thousand at a time.
  const known = new Set<string>();
  for (let start = 0; start < candidates.length; start += 1000) {
    const slice = candidates.slice(start, start + 1000);
    const rows = await ctx.db
      .select({ productId: storeVariants.externalProductId, variantId: storeVariants.externalVariantId })
      .from(storeVariants)
      .where(and(eq(storeVariants.storeId, storeId), inArray(storeVariants.externalProductId, [...new Set(slice.map((entry) => entry.productId))])));
    for (const entry of rows) {
      known.add(`${entry.productId}:${entry.variantId ?? ""}`);
      known.add(`${entry.productId}:`);
    }
  }
  const urls = [...new Set(candidates.flatMap((entry) => entry.files.map((file) => file.url)))];
  const problems = new Map<string, string>();
  for (let start = 0; start < urls.length; start += fileCheckSlice) {
    for (const [url, problem] of await checkDesignFiles(ctx, urls.slice(start, start + fileCheckSlice))) problems.set(url, problem);
    onProgress?.({ phase: "files", done: Math.min(start + fileCheckSlice, urls.length), total: urls.length });
  }
  const valid: ValidRow[] = [];
  for (const entry of candidates) {
    if (!known.has(`${entry.productId}:${entry.variantId ?? ""}`)) {
      result.errors.push({ row: entry.row, message: `unknown variant ${entry.productId}${entry.variantId ? `/${entry.variantId}` : ""} (sync the store's products first)` });
      continue;
    }
    const failing = entry.files.find((file) => problems.has(file.url));
    if (failing) {
      result.errors.push({ row: entry.row, message: `${failing.type}: ${problems.get(failing.url)}` });
      continue;
    }
    valid.push(entry);
  }
  result.errors.sort((left, right) => left.row - right.row);

  if (valid.length) {
    const linkedVariants: ChangedVariant[] = [];
    await withTransaction(ctx, async (tx) => {
      for (let start = 0; start < valid.length; start += 500) {
        const slice = valid.slice(start, start + 500);
        const existing = await tx.db
          .select()
          .from(productLinks)
          .where(and(eq(productLinks.storeId, storeId), inArray(productLinks.externalProductId, [...new Set(slice.map((entry) => entry.productId))])))
          .for("update");
        for (const entry of slice) {
          const link = existing.find((candidate) => candidate.externalProductId === entry.productId && candidate.externalVariantId === entry.variantId);
          // A row exported from a whole-product link and sent back as it was is that same link.
          const deciding = link ?? (entry.variantId === null ? undefined : existing.find((candidate) => candidate.externalProductId === entry.productId && candidate.externalVariantId === null));
          if (deciding && deciding.productUid === entry.productUid && sameFiles(deciding.files, entry.files)) {
            result.unchanged++;
            continue;
          }
          if (link) await tx.db.update(productLinks).set({ productUid: entry.productUid, files: entry.files }).where(eq(productLinks.id, link.id));
          else
            await tx.db.insert(productLinks).values({
              id: createId("link"),
              storeId,
              customerId: store.customerId,
              externalProductId: entry.productId,
              externalVariantId: entry.variantId,
              productUid: entry.productUid,
              files: entry.files,
              createdBy: actorLabel(ctx.actor),
            });
          await tx.db
            .update(storeVariants)
            .set({ linkState: "linked", attentionReason: null })
            .where(
              and(
                eq(storeVariants.storeId, storeId),
                eq(storeVariants.externalProductId, entry.productId),
                entry.variantId === null ? undefined : eq(storeVariants.externalVariantId, entry.variantId),
              ),
            );
          result.linked++;
          linkedVariants.push({ externalProductId: entry.productId, externalVariantId: entry.variantId });
        }
        onProgress?.({ phase: "writing", done: start + slice.length, total: valid.length });
      }
      if (result.linked) {
        await audit(tx, { action: "store.link_csv", entityType: "store", entityId: storeId, customerId: store.customerId, after: { linked: result.linked, unchanged: result.unchanged, errors: result.errors.length, ...onBehalfOf(ctx, store.customerId) } });
        await rerunWaitingOrders(tx, storeId, `csv:${Date.now()}`, linkedVariants);
      }
    });
  }
  return result;
}
