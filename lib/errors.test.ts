import { describe, expect, it } from "vitest";
import { formatPath } from "./errors";

describe("formatPath", () => {
  it("joins keys with dots and indices with brackets", () => {
    expect(formatPath(["items", 0, "files", 1, "url"])).toBe("items[0].files[1].url");
    expect(formatPath([])).toBe("");
  });

  it("puts a part prefix such as query. in front without doubling the dot", () => {
    expect(formatPath(["dialect"], "query.")).toBe("query.dialect");
    expect(formatPath(["a", 2], "params.")).toBe("params.a[2]");
    expect(formatPath([], "query.")).toBe("query");
  });
});
