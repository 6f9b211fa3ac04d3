import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

type Item = { id: string; key: string; bad?: boolean };

function recorder(options: { failWhen?: (items: Item[]) => boolean } = {}) {
  const statements: string[][] = [];
  const stored = new Set<string>();
  const writer = groupCommit<Item>({
    maxInFlight: 1,
    maxItems: 3,
    maxBytes: 1000,
    keyOf: (item) => item.key,
    sizeOf: () => 1,
    idOf: (item) => item.id,
    async write(_target, items) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      statements.push(items.map((item) => item.id));
      if (options.failWhen?.(items)) throw new Error("refused");
      const ids = new Set<string>();
      for (const item of items) {
        if (stored.has(item.key)) continue;
        stored.add(item.key);
        ids.add(item.id);
      }
      return ids;
    },
  });
  return { writer, statements };
}

describe("groupCommit", () => {
  it("gathers the items of one turn into one statement, at most maxItems a statement", async () => {
    const { writer, statements } = recorder();
    const target = {};
    const results = await Promise.all(Array.from({ length: 7 }, (_, index) => writer.submit(target, { id: `i${index}`, key: `k${index}` })));
    expect(results).toEqual(Array(7).fill(true));
    expect(statements).toEqual([
      ["i0", "i1", "i2"],
      ["i3", "i4", "i5"],
      ["i6"],
    ]);
  });

  it("writes a lone item in the turn it arrived and gathers those that arrive while it is written", async () => {
    const { writer, statements } = recorder();
    const target = {};
    const first = writer.submit(target, { id: "a", key: "a" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(statements).toEqual([]);
    const later = [writer.submit(target, { id: "b", key: "b" }), writer.submit(target, { id: "c", key: "c" })];
    await Promise.all([first, ...later]);
    expect(statements).toEqual([["a"], ["b", "c"]]);
  });

  it("never puts two items with one key in a statement: the repeat is answered false by the next", async () => {
    const { writer, statements } = recorder();
    const target = {};
    const results = await Promise.all([writer.submit(target, { id: "a", key: "same" }), writer.submit(target, { id: "b", key: "same" }), writer.submit(target, { id: "c", key: "other" })]);
    expect(results).toEqual([true, false, true]);
    expect(statements.every((ids) => !(ids.includes("a") && ids.includes("b")))).toBe(true);
  });

  it("writes a failed batch one by one, so only the bad item fails", async () => {
    const { writer } = recorder({ failWhen: (items) => items.some((item) => item.bad) });
    const target = {};
    const first = writer.submit(target, { id: "x", key: "x" });
    const rest = [writer.submit(target, { id: "y", key: "y" }), writer.submit(target, { id: "bad", key: "bad", bad: true }), writer.submit(target, { id: "z", key: "z" })];
    await expect(first).resolves.toBe(true);
    await expect(rest[0]).resolves.toBe(true);
    await expect(rest[1]).rejects.toThrow("refused");
    await expect(rest[2]).resolves.toBe(true);
  });
});
