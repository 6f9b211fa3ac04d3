import { expect } from "vitest";
import type { StormReport } from "./crash-storm";
import type { ScaleOutReport } from "./scale-out-storm";
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

/** The invariant of the scale-out storm: every channel, exactly once, across processes and kills. */
export function expectScaleOutExactlyOnce(report: ScaleOutReport, minKills: { web: number; worker: number }): void {
  const findings = Object.entries({ ...report, ...report.api, ...report.postbacks }).filter(([, value]) => Array.isArray(value) && value.length > 0);
  if (findings.length) console.log(`scale-out findings: ${findings.map(([key, value]) => `${key}: ${(value as unknown[]).length} (${String((value as unknown[])[0]).slice(0, 300)})`).join("; ")}`);
  expect(report.kills.web).toBeGreaterThanOrEqual(minKills.web);
  expect(report.kills.worker).toBeGreaterThanOrEqual(minKills.worker);
  expect(report.crashes).toEqual([]);
  expect(report.api.unexpected).toEqual([]);
  // Every order arrived, once per (channel, store, external id), and nothing else did.
  expect(report.missing).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.foreign).toEqual([]);
  // Processed once: one order.received and one order.passed each, and passed (or shipped).
  expect(report.processedTwice).toEqual([]);
  expect(report.notPassed).toEqual([]);
  // Shopify's retries got every delivery through; every stored delivery was settled.
  expect(report.shopify.neverAcknowledged).toEqual([]);
  expect(report.unsettledDeliveries).toEqual([]);
  // Posted back once: every event under one webhook-id, signed.
  expect(report.postbacks.lost).toEqual([]);
  expect(report.postbacks.split).toEqual([]);
  expect(report.postbacks.received).toBe(report.postbacks.events);
  expect(report.postbacks.signaturesValid).toBe(true);
  // Shipped once, told once.
  expect(report.notShipped).toEqual([]);
  expect(report.fulfilmentsPerOrder).toEqual([]);
  expect(report.failedJobs).toEqual([]);
}
