import { describe, expect, it } from "vitest";
import { safeCallback } from "./safe-callback";

describe("safeCallback", () => {
  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example/..//evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/ /evil.example".replace(" ", "\u0000"),
    "",
  ])("refuses %j", (value) => {
    expect(safeCallback(value)).toBeUndefined();
  });

  it.each([
    ["/orders", "/orders"],
    ["/orders?status=failed#top", "/orders?status=failed#top"],
    ["/portal/orders/ord_1", "/portal/orders/ord_1"],
    // An encoded slash stays inside one path segment of our own origin.
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-origin path %j", (value, expected) => {
    expect(safeCallback(value)).toBe(expected);
  });
});
