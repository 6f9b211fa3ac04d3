import { describe, expect, it } from "vitest";
import { readCsvRecords, type CsvSource } from "./read";

async function collect(source: CsvSource, limits = { maxRows: 1_000_000, maxBytes: 50 * 1024 * 1024 }, onProgress?: Parameters<typeof readCsvRecords>[3]) {
  const rows: string[][] = [];
  for await (const record of readCsvRecords<string[]>(source, { relax_column_count: true }, limits, onProgress)) rows.push(record);
  return rows;
}

describe("readCsvRecords", () => {
  it("keeps characters whole when a piece ends inside one, from text or from chunks", async () => {
    // "key,xxx" puts the first piece's last UTF-16 unit on the first half of an emoji.
    const value = `xxx${"ü東✓😀".repeat(30_000)}`;
    const csv = `key,${value}\nnext,row\n`;
    expect(await collect(csv)).toEqual([["key", value], ["next", "row"]]);
    const bytes = Buffer.from(csv);
    async function* chunks() {
      for (let start = 0; start < bytes.length; start += 7) yield bytes.subarray(start, start + 7);
    }
    expect(await collect(chunks())).toEqual([["key", value], ["next", "row"]]);
  });

  it("stops at the row limit and at the byte limit with a 413", async () => {
    await expect(collect("a\nb\nc\n", { maxRows: 2, maxBytes: 1024 })).rejects.toMatchObject({ code: "payload_too_large", message: "The file has more than 2 rows; split it" });
    await expect(collect("x".repeat(3 * 1024 * 1024), { maxRows: 10, maxBytes: 1024 * 1024 })).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("answers malformed CSV with a 400 naming the line", async () => {
    await expect(collect('a,b\nc,"open\n')).rejects.toMatchObject({ code: "bad_request", details: [{ path: expect.stringMatching(/^line \d+$/) }] });
  });

  it("reports progress and leaves the event loop free while it reads 20 MiB", async () => {
    const csv = Array.from({ length: 100_000 }, (_, index) => `${`SKU-${index}`.padEnd(100, "k")},${"v".repeat(107)}`).join("\n");
    expect(Buffer.byteLength(csv)).toBeGreaterThan(20_000_000);
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 5);
    const progress: number[] = [];
    const rows = await collect(csv, undefined, ({ rows }) => progress.push(rows));
    clearInterval(ticker);
    expect(rows).toHaveLength(100_000);
    expect(progress.at(-1)).toBe(100_000);
    expect(progress.length).toBeGreaterThan(50);
    // The timer kept running: the parser let it in between pieces. (Reading the whole file in one
    // go holds the loop for over a second; a busy shared machine may delay a rare tick.)
    gaps.sort((a, b) => a - b);
    expect(gaps.length).toBeGreaterThan(20);
    expect(gaps[Math.floor(gaps.length * 0.99)]).toBeLessThan(100);
    expect(gaps.at(-1)).toBeLessThan(600);
  });
});
