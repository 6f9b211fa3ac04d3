import { expect } from "vitest";
import type { StormReport } from "./crash-storm";

/** The invariant of the crash storm: exactly once, everywhere. */
export function expectExactlyOnce(report: StormReport, minKills: number): void {
  expect(report.unexpected).toEqual([]);
  expect(report.kills).toBeGreaterThanOrEqual(minKills);
  expect(report.storedOrders).toBe(report.orders);
  expect(report.notPassed).toEqual([]);
  // Processed once: one received and one passed event per order, no more.
  expect(report.eventsPerOrder.size).toBe(report.orders);
  const wrong = [...report.eventsPerOrder].filter(
    ([, counts]) => counts.size !== 2 || counts.get("order.received") !== 1 || counts.get("order.passed") !== 1,
  );
  expect(wrong.map(([reference, counts]) => `${reference}: ${JSON.stringify(Object.fromEntries(counts))}`)).toEqual([]);
  // Delivered once: every event reached the receiver under exactly one webhook-id.
  expect(report.deliveriesByEvent.size).toBe(report.orders * 2);
  const split = [...report.deliveriesByEvent].filter(([, ids]) => ids.size !== 1);
  expect(split).toEqual([]);
  expect(report.signaturesValid).toBe(true);
}
