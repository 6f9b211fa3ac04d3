import { describe, expect, it } from "vitest";
import { formatEntriesCsv, parseEntriesCsv, readEntriesCsv } from "./csv";

describe("lookup CSV", () => {
  it("reads key,value rows with or without a header, and a byte order mark", async () => {
    expect(await parseEntriesCsv("key,value\nPOSTER-A3,flat_a3_poster\n")).toEqual([{ key: "POSTER-A3", value: "flat_a3_poster" }]);
    expect(await parseEntriesCsv("UK,GB\r\nEL,GR\r\n")).toEqual([
      { key: "UK", value: "GB" },
      { key: "EL", value: "GR" },
    ]);
    expect(await parseEntriesCsv("\uFEFFKey,Value\nexpress,dhl_express")).toEqual([{ key: "express", value: "dhl_express" }]);
  });

  it("accepts a trailing empty column but refuses a third value", async () => {
    expect(await parseEntriesCsv("a,b,\n")).toEqual([{ key: "a", value: "b" }]);
    const { problems } = await readEntriesCsv("POSTER, A3,flat_a3_poster\n");
    expect(problems).toEqual([{ path: "line 1", message: expect.stringMatching(/3 columns.*double quotes/) }]);
  });

  it("names the line of every bad row, counting lines inside quoted values", async () => {
    const csv = ['key,value', '"two\nline key",ok', "lonely", ",no key", "dup,1", "", "dup,2", `long,${"x".repeat(501)}`].join("\n");
    const { entries, problems } = await readEntriesCsv(csv);
    expect(entries).toEqual([
      { key: "two\nline key", value: "ok", line: 2 },
      { key: "dup", value: "1", line: 6 },
    ]);
    expect(problems.map((problem) => problem.path)).toEqual(["line 4", "line 5", "line 8", "line 9"]);
    expect(problems[2]!.message).toMatch(/“dup” is already on line 6/);
    await expect(parseEntriesCsv(csv)).rejects.toThrow(/4 rows of the file cannot be imported/);
  });

  it("refuses text that is not CSV with the line it breaks on", async () => {
    try {
      await parseEntriesCsv('a,b\nc,"unclosed\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "bad_request" });
    }
  });

  it("writes what it reads: commas, quotes, line breaks and non-ASCII text survive", async () => {
    const entries = [
      { key: "POSTER, A3", value: 'flat "a3" poster' },
      { key: "Zürich ✓ 東京", value: "ünïcödé, ok" },
      { key: "key", value: "value" },
      { key: "multi\r\nline", value: "=1+1" },
    ];
    const csv = formatEntriesCsv(entries);
    expect(csv.startsWith("key,value\n")).toBe(true);
    expect(await parseEntriesCsv(csv)).toEqual(entries);
  });
});
