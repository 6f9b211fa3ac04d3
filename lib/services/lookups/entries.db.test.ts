import { beforeAll, describe, expect, it } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { createTestCustomer, staffContext } from "@/db/factories";
import { createContext } from "@/lib/services/context";
import {
  createLookup,
  deleteLookupEntry,
  formatEntriesCsv,
  getLookup,
  getLookupEntries,
  importLookupEntriesCsv,
  listLookupEntries,
  replaceLookupEntries,
  upsertLookupEntry,
} from "./index";

const runtime = useTestRuntime();

/** 5,000 entries with the awkward cases mixed in: commas, quotes, line breaks, non-ASCII text. */
function awkwardEntries(): Array<{ key: string; value: string }> {
  const special = [
    { key: "POSTER, A3", value: "flat_a3_poster" },
    { key: 'Poster "Deluxe"', value: 'flat "deluxe", matte' },
    { key: "Größe A4 – Ümlaut", value: "flat_a4_äöü" },
    { key: "東京 ポスター", value: "poster_jp_東京" },
    { key: "emoji 🖨️ print", value: "🖨️" },
    { key: "line\nbreak", value: "two\r\nlines" },
    { key: "key", value: "value" },
    { key: "=SUM(A1)", value: "+cmd" },
  ];
  const plain = Array.from({ length: 5000 - special.length }, (_, index) => ({ key: `SKU-${String(index).padStart(5, "0")}`, value: `product_${index}` }));
  return [...special, ...plain];
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

describe("lookup entries in the console", () => {
  let customerId: string;
  const ctx = () => staffContext(runtime.db);

  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db)).id;
  });

  it("export then import of 5,000 awkward rows round-trips unchanged", async () => {
    const lookup = await createLookup({ ctx: ctx(), customerId, input: { name: "SKUs", field: "product" } });
    const original = awkwardEntries();
    await replaceLookupEntries({ ctx: ctx(), lookupId: lookup.id, entries: original });
    const exported = formatEntriesCsv(await getLookupEntries({ ctx: ctx(), lookupId: lookup.id }));

    await replaceLookupEntries({ ctx: ctx(), lookupId: lookup.id, entries: [{ key: "stale", value: "row" }] });
    const progress: Array<[number, number]> = [];
    const result = await importLookupEntriesCsv({ ctx: ctx(), lookupId: lookup.id, csv: exported, onProgress: (done, total) => progress.push([done, total]) });
    expect(result).toEqual({ count: 5000 });
    expect(progress.at(-1)).toEqual([5000, 5000]);
    expect(progress.map(([done]) => done)).toEqual([1000, 2000, 3000, 4000, 5000]);

    const after = await getLookupEntries({ ctx: ctx(), lookupId: lookup.id });
    expect([...after].sort(byKey)).toEqual([...original].sort(byKey));
    expect(formatEntriesCsv(after)).toBe(exported);
    expect((await getLookup({ ctx: ctx(), lookupId: lookup.id })).entryCount).toBe(5000);
  });

  it("refuses a file with bad rows, naming their lines, and changes nothing", async () => {
    const lookup = await createLookup({ ctx: ctx(), customerId, input: { name: "Countries", field: "country", entries: [{ key: "UK", value: "GB" }] } });
    const csv = "key,value\nEL,GR\nXK\nEL,GR2\n,DE\n";
    await expect(importLookupEntriesCsv({ ctx: ctx(), lookupId: lookup.id, csv })).rejects.toMatchObject({
      code: "validation_failed",
      details: [
        { path: "line 3", message: "needs two columns: key,value" },
        { path: "line 4", message: "the key “EL” is already on line 2" },
        { path: "line 5", message: "key: a key cannot be empty" },
      ],
    });
    expect(await getLookupEntries({ ctx: ctx(), lookupId: lookup.id })).toEqual([{ key: "UK", value: "GB" }]);
    await expect(importLookupEntriesCsv({ ctx: ctx(), lookupId: lookup.id, csv: "key,value\n", allowEmpty: false })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await importLookupEntriesCsv({ ctx: ctx(), lookupId: lookup.id, csv: "EL,GR\n" })).toEqual({ count: 1 });
    expect(await getLookupEntries({ ctx: ctx(), lookupId: lookup.id })).toEqual([{ key: "EL", value: "GR" }]);
  });

  it("edits one row at a time: add, change the value, rename, delete; never overwrites another row", async () => {
    const lookup = await createLookup({ ctx: ctx(), customerId, input: { name: "Carriers", field: "shipping_method", entries: [{ key: "express", value: "dhl_express" }] } });
    const id = lookup.id;
    await upsertLookupEntry({ ctx: ctx(), lookupId: id, entry: { key: " standard ", value: "royal_mail_48" } });
    await expect(upsertLookupEntry({ ctx: ctx(), lookupId: id, entry: { key: "express", value: "ups" } })).rejects.toMatchObject({ code: "conflict", details: [{ path: "key" }] });
    await upsertLookupEntry({ ctx: ctx(), lookupId: id, previousKey: "express", entry: { key: "express", value: "fedex_2day" } });
    await upsertLookupEntry({ ctx: ctx(), lookupId: id, previousKey: "standard", entry: { key: "economy", value: "royal_mail_48" } });
    await expect(upsertLookupEntry({ ctx: ctx(), lookupId: id, previousKey: "economy", entry: { key: "express", value: "x" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(upsertLookupEntry({ ctx: ctx(), lookupId: id, entry: { key: "", value: "x" } })).rejects.toMatchObject({ code: "validation_failed", details: [{ path: "key" }] });
    expect(await getLookupEntries({ ctx: ctx(), lookupId: id })).toEqual([
      { key: "economy", value: "royal_mail_48" },
      { key: "express", value: "fedex_2day" },
    ]);
    await deleteLookupEntry({ ctx: ctx(), lookupId: id, key: "economy" });
    expect(await getLookupEntries({ ctx: ctx(), lookupId: id })).toEqual([{ key: "express", value: "fedex_2day" }]);
  });

  it("pages and searches entries by key or value, ignoring case", async () => {
    const lookup = await createLookup({
      ctx: ctx(),
      customerId,
      input: { name: "Print areas", field: "file_type", entries: Array.from({ length: 120 }, (_, index) => ({ key: `Code-${String(index).padStart(3, "0")}`, value: index % 2 ? "front" : "back" })) },
    });
    const first = await listLookupEntries({ ctx: ctx(), lookupId: lookup.id, input: { limit: 50 } });
    expect(first.total).toBe(120);
    expect(first.data).toHaveLength(50);
    expect(first.data[0]!.key).toBe("Code-000");
    const last = await listLookupEntries({ ctx: ctx(), lookupId: lookup.id, input: { limit: 50, offset: 100 } });
    expect(last.data.map((entry) => entry.key)).toEqual(Array.from({ length: 20 }, (_, index) => `Code-${100 + index}`));
    expect((await listLookupEntries({ ctx: ctx(), lookupId: lookup.id, input: { q: "code-11" } })).total).toBe(10);
    expect((await listLookupEntries({ ctx: ctx(), lookupId: lookup.id, input: { q: "FRONT" } })).total).toBe(60);
    expect((await listLookupEntries({ ctx: ctx(), lookupId: lookup.id, input: { q: "100%" } })).total).toBe(0);
    await expect(listLookupEntries({ ctx: ctx(), lookupId: "lkp_missing", input: {} })).rejects.toMatchObject({ code: "not_found" });
  });

  it("is for partner staff and tokens only: customer-scoped actors are refused", async () => {
    const lookup = await createLookup({ ctx: ctx(), customerId: (await createTestCustomer(runtime.db, { name: "Scoped" })).id, input: { name: "SKUs", field: "product" } });
    const connector = createContext({ type: "connector", connectorId: "con_x", customerId: lookup.customerId }, { db: runtime.db });
    await expect(listLookupEntries({ ctx: connector, lookupId: lookup.id, input: {} })).rejects.toMatchObject({ code: "forbidden" });
    await expect(importLookupEntriesCsv({ ctx: connector, lookupId: lookup.id, csv: "a,b" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(upsertLookupEntry({ ctx: connector, lookupId: lookup.id, entry: { key: "a", value: "b" } })).rejects.toMatchObject({ code: "forbidden" });
  });
});
