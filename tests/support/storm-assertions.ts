import { expect } from "vitest";
import type { StormReport } from "./crash-storm";
import type { ShopifyStormReport } from "./shopify-storm";

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

/** The invariant of the Shopify webhook storm: one order per shop order, one fulfilment per order. */
export function expectShopifyStormExactlyOnce(report: ShopifyStormReport, minKills: number): void {
  // Every finding at once, before the first assertion stops the test.
  const counts = Object.entries(report).filter(([, value]) => Array.isArray(value) && value.length > 0).map(([key, value]) => `${key}: ${(value as unknown[]).length}`);
  if (report.deliveries.neverAcknowledged.length) counts.push(`neverAcknowledged: ${report.deliveries.neverAcknowledged.length}`);
  if (counts.length) console.log(`storm findings: ${counts.join(", ")}`);
  expect(report.kills).toBeGreaterThanOrEqual(minKills);
  expect(report.crashes).toEqual([]);
  expect(report.unexpectedAnswers).toEqual([]);
  // Every delivery got through (the emitter retried across the kills) and was stored once.
  expect(report.deliveries.neverAcknowledged).toEqual([]);
  expect(report.lostDeliveries).toEqual([]);
  expect(report.storedDeliveryIdsRepeated).toEqual([]);
  expect(report.storedDeliveries).toBe(report.deliveries.webhookIds);
  expect(report.unsettledDeliveries).toEqual([]);
  // Exactly one order per shop order, with the shop's latest address, processed to passed.
  expect(report.missingOrders).toEqual([]);
  expect(report.ordersPerShopOrder).toEqual([]);
  expect(report.foreignOrders).toEqual([]);
  expect(report.storedOrders).toBe(report.orders);
  expect(report.notPassed).toEqual([]);
  expect(report.staleAddresses).toEqual([]);
  // Shipped once, told once.
  expect(report.notShipped).toEqual([]);
  expect(report.fulfilmentsPerOrder).toEqual([]);
  expect(report.wrongTracking).toEqual([]);
  expect(report.failedJobs).toEqual([]);
}
