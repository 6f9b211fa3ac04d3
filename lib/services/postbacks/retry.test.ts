import { describe, expect, it } from "vitest";
import { backoffDelayMs, nextAttemptAt, parseRetryAfter, retryWindowMs } from "./retry";

describe("postback retry schedule", () => {
  it("backs off exponentially with at most 20 % jitter, capped at 6 hours", () => {
    expect(backoffDelayMs(1, () => 0.5)).toBe(10_000);
    expect(backoffDelayMs(2, () => 0.5)).toBe(30_000);
    expect(backoffDelayMs(3, () => 0.5)).toBe(90_000);
    expect(backoffDelayMs(1, () => 0)).toBe(8_000);
    expect(backoffDelayMs(1, () => 1)).toBe(12_000);
    expect(backoffDelayMs(30, () => 0.5)).toBe(6 * 3600_000);
  });

  it("keeps retrying for 24 hours, then gives up", () => {
    const start = new Date("2026-03-01T00:00:00Z");
    const retryUntil = new Date(start.getTime() + retryWindowMs);
    let now = start;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt({ attemptsSoFar: attempts, now, retryUntil, random: () => 0.5 });
      if (!next) break;
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      now = next;
    }
    expect(now.getTime()).toBe(retryUntil.getTime());
    expect(attempts).toBeGreaterThan(8);
    expect(attempts).toBeLessThan(15);
  });

  it("waits at least as long as the receiver's Retry-After", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    const next = nextAttemptAt({ attemptsSoFar: 1, now, retryUntil: new Date(now.getTime() + retryWindowMs), retryAfterMs: 120_000, random: () => 0.5 });
    expect(next!.getTime() - now.getTime()).toBe(120_000);
    expect(parseRetryAfter("30")).toBe(30_000);
    expect(parseRetryAfter(new Date(now.getTime() + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter("soon")).toBeNull();
  });
});
