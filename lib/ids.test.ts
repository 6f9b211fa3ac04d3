import { describe, expect, it } from "vitest";
import { createId } from "./ids";

describe("createId", () => {
  it("gives prefixed ids of fixed length, all distinct across many refills of the random pool", () => {
    const ids = Array.from({ length: 20_000 }, () => createId("order"));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^ord_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("orders ids by creation time", async () => {
    const first = createId("event");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = createId("event");
    expect(first < second).toBe(true);
  });
});
