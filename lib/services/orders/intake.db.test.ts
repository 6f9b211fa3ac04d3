import { describe, expect, it, beforeAll } from "vitest";
import { count, eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createTestCustomer, staffContext } from "@/db/factories";
import { jobOutbox, orderEvents, orderItems, orders } from "@/db/schema";
import { createContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { createLookup } from "@/lib/services/lookups";
import type { CanonicalOrderInput } from "@/lib/domain/order";
import { canonicalPaths, intakeOrder, prepareOrder } from "./index";

const runtime = useTestRuntime();

function sampleOrder(externalId: string, overrides: Partial<CanonicalOrderInput> = {}): CanonicalOrderInput {
  return {
    channel: "gelato_api",
    externalId,
    currency: "EUR",
    items: [{ externalItemId: "line-1", sourceProductKey: "POSTER-A3", quantity: 2, files: [{ type: "default", url: "https://files.example.com/a.pdf" }] }],
    shipments: [
      {
        shipmentIndex: 0,
        address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "UK" },
        sourceMethod: "express",
      },
    ],
    ...overrides,
  };
}

describe("order intake", () => {
  let customerId: string;
  const connectorCtx = () => createContext({ type: "connector", connectorId: "con_test", customerId }, { db: runtime.db });

  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db)).id;
    const ctx = staffContext(runtime.db);
    await createProduct({ ctx, input: { productUid: "flat_a3_poster", title: "A3 poster", fileTypes: ["default"] } });
    await createLookup({ ctx, customerId, input: { name: "SKUs", field: "product", entries: [{ key: "POSTER-A3", value: "flat_a3_poster" }] } });
  });

  async function submit(externalId: string, overrides: Partial<CanonicalOrderInput> = {}) {
    const input = sampleOrder(externalId, overrides);
    const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
    return intakeOrder({ ctx: connectorCtx(), customerId, channel: "gelato_api", connectorId: "con_test", prepared, rawBody: JSON.stringify(input), payload: input });
  }

  it("resolves lookups, stores the order with items, raw body, first event and processing job", async () => {
    const { order, created } = await submit("ORDER-1");
    expect(created).toBe(true);
    expect(order.status).toBe("created");
    expect(order.items[0]!.productUid).toBe("flat_a3_poster");
    expect(order.shipments[0]!.address.country).toBe("GB");
    expect(order.lookupTrace.map((entry) => `${entry.field}:${entry.from}->${entry.to}`)).toEqual(["product:POSTER-A3->flat_a3_poster", "country:UK->GB"]);
    const [stored] = await runtime.db.select().from(orders).where(eq(orders.id, order.id));
    expect(stored!.rawBody).toContain("ORDER-1");
    expect(await runtime.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toHaveLength(1);
    const jobs = await runtime.db.select().from(jobOutbox);
    expect(jobs.some((job) => (job.payload as { orderId: string }).orderId === order.id)).toBe(true);
  });

  it("returns the stored order for the same content and refuses different content", async () => {
    const first = await submit("ORDER-2");
    const again = await submit("ORDER-2");
    expect(again.created).toBe(false);
    expect(again.order.id).toBe(first.order.id);
    await expect(submit("ORDER-2", { currency: "USD" })).rejects.toMatchObject({ code: "conflict", reason: "duplicate_order_reference" });
  });

  it("stores exactly one order for 50 concurrent submissions of one order id", async () => {
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => submit("ORDER-CONCURRENT")));
    expect(results.every((result) => result.status === "fulfilled")).toBe(true);
    const ids = new Set(results.map((result) => (result as PromiseFulfilledResult<{ order: { id: string } }>).value.order.id));
    expect(ids.size).toBe(1);
    const [{ n }] = (await runtime.db.select({ n: count() }).from(orders).where(eq(orders.externalId, "ORDER-CONCURRENT"))) as [{ n: number }];
    expect(n).toBe(1);
    const [{ items }] = (await runtime.db.select({ items: count() }).from(orderItems).where(eq(orderItems.orderId, [...ids][0]!))) as [{ items: number }];
    expect(items).toBe(1);
  });

  it("refuses an unknown product and a bad country without storing anything", async () => {
    const before = (await runtime.db.select({ n: count() }).from(orders))[0]!.n;
    const input = sampleOrder("ORDER-BAD", {
      items: [{ sourceProductKey: "NOPE", quantity: 1, files: [{ type: "default", url: "https://x.example/a.pdf" }] }],
      shipments: [{ shipmentIndex: 0, address: { firstName: "A", lastName: "B", addressLine1: "x", city: "y", postCode: "1", country: "XX" } }],
    });
    const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
    expect(prepared.problems.map((problem) => problem.path).sort()).toEqual(["items[0].productUid", "shipments[0].address.country"]);
    await expect(
      intakeOrder({ ctx: connectorCtx(), customerId, channel: "gelato_api", connectorId: "con_test", prepared, rawBody: "{}", payload: input }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect((await runtime.db.select({ n: count() }).from(orders))[0]!.n).toBe(before);
  });
});

describe("order intake under concurrent load", () => {
  let customerId: string;
  const connectorCtx = () => createContext({ type: "connector", connectorId: "con_load", customerId }, { db: runtime.db });

  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db)).id;
    await createProduct({ ctx: staffContext(runtime.db), input: { productUid: "load_card", title: "Card", fileTypes: ["default"] } });
  });

  async function submit(externalId: string, metadataValue = "ok") {
    const input: CanonicalOrderInput = {
      ...sampleOrder(externalId),
      items: [{ externalItemId: "1", productUid: "load_card", quantity: 1, files: [{ type: "default", url: "https://files.example.com/c.pdf" }] }],
      metadata: [{ key: "note", value: metadataValue }],
    };
    const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
    return intakeOrder({ ctx: connectorCtx(), customerId, channel: "gelato_api", connectorId: "con_load", prepared, rawBody: JSON.stringify(input), payload: input });
  }

  it("stores 200 orders sent at once, each with its items, event and job, and a repeat of each as the same order", async () => {
    const ids = Array.from({ length: 200 }, (_, index) => `LOAD-${index}`);
    const results = await Promise.all([...ids, ...ids.slice(0, 50)].map((id) => submit(id)));
    expect(results.filter((result) => result.created)).toHaveLength(200);
    const byExternal = new Map<string, Set<string>>();
    for (const { order } of results) byExternal.set(order.externalId, (byExternal.get(order.externalId) ?? new Set()).add(order.id));
    expect([...byExternal.values()].every((set) => set.size === 1)).toBe(true);
    const [stored] = await runtime.db.select({ n: count() }).from(orders).where(eq(orders.customerId, customerId));
    expect(stored!.n).toBe(200);
    const [items] = await runtime.db.select({ n: count() }).from(orderItems).innerJoin(orders, eq(orders.id, orderItems.orderId)).where(eq(orders.customerId, customerId));
    expect(items!.n).toBe(200);
    const [events] = await runtime.db.select({ n: count() }).from(orderEvents).where(eq(orderEvents.customerId, customerId));
    expect(events!.n).toBe(200);
  });

  it("an order the database refuses fails alone; the orders written with it are stored", async () => {
    // A NUL character cannot be stored in PostgreSQL text or jsonb: the statement carrying it fails.
    // The first two go out at once; the rest gather behind them, so the bad one shares a statement.
    const names = Array.from({ length: 12 }, (_, index) => `MIX-${String(index).padStart(2, "0")}`);
    const outcomes = await Promise.allSettled(names.map((name, index) => submit(name, index === 8 ? "bad\u0000value" : "ok")));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(names.map((_, index) => (index === 8 ? "rejected" : "fulfilled")));
    const stored = await runtime.db.select({ externalId: orders.externalId }).from(orders).where(eq(orders.customerId, customerId));
    expect(stored.map((row) => row.externalId).filter((id) => id.startsWith("MIX-")).sort()).toEqual(names.filter((_, index) => index !== 8));
  });
});
