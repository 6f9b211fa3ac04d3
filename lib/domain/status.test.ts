import { describe, expect, it } from "vitest";
import { orderStatuses } from "@/db/schema/enums";
import { assertTransition, canTransition, isCancellable } from "./status";

describe("order status machine", () => {
  it("follows the pipeline's happy path", () => {
    const path = ["created", "passed", "in_production", "printed", "shipped", "in_transit", "delivered", "returned"] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it("refuses skipping steps and leaving terminal states", () => {
    expect(canTransition("created", "shipped")).toBe(false);
    expect(canTransition("printed", "canceled")).toBe(false);
    for (const status of orderStatuses) expect(canTransition("canceled", status)).toBe(false);
    expect(() => assertTransition("shipped", "passed")).toThrowError(expect.objectContaining({ code: "conflict" }));
  });

  it("allows cancelling only before printing", () => {
    expect(isCancellable("passed")).toBe(true);
    expect(isCancellable("in_production")).toBe(true);
    expect(isCancellable("printed")).toBe(false);
    expect(isCancellable("shipped")).toBe(false);
  });
});
