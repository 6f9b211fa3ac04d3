import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createTestCustomer, createTestToken, staffContext } from "@/db/factories";
import { jobOutbox, orderEvents, orders } from "@/db/schema";
import { dialects, type Dialect } from "@/api/dialects";
import type { CanonicalOrderInput, OrderProblem } from "@/lib/domain/order";
import { createContext } from "@/lib/services/context";
import { createProduct, createShippingMethod } from "@/lib/services/catalog";
import { createLookup } from "@/lib/services/lookups";
import type { OrderPaths } from "./prepare";
import { getOrder, intakeOrder, prepareOrder } from "./index";
import { listPreviewDialects, previewOrder } from "./preview";

const runtime = useTestRuntime();

type SimpleOrder = {
  ref?: string;
  currency?: string;
  lines?: Array<{ id: string; sku: string; qty: number; files: Array<{ area: string; url: string }> }>;
  to?: { first: string; last: string; street: string; city: string; zip: string; country: string; state?: string };
  ship?: string;
};

const simplePaths: OrderPaths = {
  item: (index) => ({
    self: `lines[${index}]`,
    product: `lines[${index}].sku`,
    quantity: `lines[${index}].qty`,
    file: (fileIndex) => `lines[${index}].files[${fileIndex}].area`,
  }),
  shipment: () => ({ self: "to", method: "ship", country: "to.country", state: "to.state" }),
};

// A stand-in translator for a made-up JSON shape, so the preview is tested without the real dialects.
const simpleDialect: Dialect = {
  name: "gelato",
  label: "Simple",
  parse(body) {
    const order = body as SimpleOrder;
    const problems: OrderProblem[] = [];
    if (!order.ref) problems.push({ path: "ref", message: "is required" });
    if (!order.to) problems.push({ path: "to", message: "is required" });
    if (problems.length) return { ok: false, problems };
    const input: CanonicalOrderInput = {
      channel: "gelato_api",
      externalId: order.ref!,
      currency: order.currency,
      items: (order.lines ?? []).map((line) => ({
        externalItemId: line.id,
        sourceProductKey: line.sku,
        quantity: line.qty,
        files: line.files.map((file) => ({ type: file.area, url: file.url })),
        shipmentIndex: 0,
      })),
      shipments: [
        {
          shipmentIndex: 0,
          sourceMethod: order.ship,
          address: {
            firstName: order.to!.first,
            lastName: order.to!.last,
            addressLine1: order.to!.street,
            city: order.to!.city,
            postCode: order.to!.zip,
            country: order.to!.country,
            state: order.to!.state,
          },
        },
      ],
    };
    return { ok: true, input, paths: simplePaths };
  },
};

function sample(ref: string, overrides: Partial<SimpleOrder> = {}): SimpleOrder {
  return {
    ref,
    currency: "EUR",
    lines: [{ id: "line-1", sku: "POSTER-A3", qty: 2, files: [{ area: "Content", url: "https://files.example.com/poster.pdf" }] }],
    to: { first: "Ada", last: "Lovelace", street: "12 Analytical Row", city: "London", zip: "N1 7GU", country: "UK" },
    ship: "express",
    ...overrides,
  };
}

describe("order preview", () => {
  let customerId: string;
  let otherCustomerId: string;
  const saved = { ...dialects };
  const ctx = () => staffContext(runtime.db);

  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db, { name: "Preview Prints" })).id;
    otherCustomerId = (await createTestCustomer(runtime.db, { name: "Other Prints" })).id;
    await createProduct({ ctx: ctx(), input: { productUid: "flat_a3_poster", title: "A3 poster", fileTypes: ["default", "back"] } });
    await createShippingMethod({ ctx: ctx(), input: { uid: "dhl_express", name: "DHL Express" } });
    await createLookup({ ctx: ctx(), customerId, input: { name: "SKUs", field: "product", strict: true, entries: [{ key: "POSTER-A3", value: "flat_a3_poster" }] } });
    await createLookup({ ctx: ctx(), customerId, input: { name: "Print areas", field: "file_type", entries: [{ key: "Content", value: "default" }] } });
    await createLookup({ ctx: ctx(), customerId, input: { name: "Carriers", field: "shipping_method", entries: [{ key: "express", value: "dhl_express" }] } });
    await createLookup({ ctx: ctx(), customerId, input: { name: "Countries", field: "country", entries: [{ key: "EL", value: "GR" }] } });
    dialects.gelato = simpleDialect;
  });

  afterEach(() => {
    for (const name of ["gelato", "siteflow"] as const) {
      if (saved[name]) dialects[name] = saved[name];
      else delete dialects[name];
    }
    dialects.gelato = simpleDialect;
  });

  async function storedCounts() {
    const [[o], [e], [j]] = await Promise.all([
      runtime.db.select({ n: count() }).from(orders),
      runtime.db.select({ n: count() }).from(orderEvents),
      runtime.db.select({ n: count() }).from(jobOutbox),
    ]);
    return { orders: o!.n, events: e!.n, jobs: j!.n };
  }

  it("applies every lookup, shows each step, and stores nothing", async () => {
    const before = await storedCounts();
    const preview = await previewOrder({ ctx: ctx(), customerId, dialect: "gelato", body: sample("PV-1") });
    expect(preview.problems).toEqual([]);
    expect(preview.valid).toBe(true);
    expect(preview.order!.items[0]).toMatchObject({ sourceProductKey: "POSTER-A3", productUid: "flat_a3_poster", files: [{ type: "default", url: "https://files.example.com/poster.pdf" }] });
    expect(preview.order!.shipments[0]).toMatchObject({ sourceMethod: "express", method: "dhl_express", address: { country: "GB" } });
    expect(preview.trace.map((step) => [step.field, step.path, step.from, step.to, step.lookupName])).toEqual([
      ["product", "lines[0].sku", "POSTER-A3", "flat_a3_poster", "SKUs"],
      ["file_type", "lines[0].files[0].area", "Content", "default", "Print areas"],
      ["shipping_method", "ship", "express", "dhl_express", "Carriers"],
      ["country", "to.country", "UK", "GB", "built-in"],
    ]);
    expect(await storedCounts()).toEqual(before);
  });

  it("shows the same canonical order that intake stores for the same input", async () => {
    const body = sample("PV-SAME", { to: { first: "Eleni", last: "Papadopoulou", street: "Odos 1", city: "Athens", zip: "105 57", country: "EL" } });
    const preview = await previewOrder({ ctx: ctx(), customerId, dialect: "gelato", body });
    expect(preview.valid).toBe(true);

    const parsed = simpleDialect.parse(body, {});
    if (!parsed.ok) throw new Error("the sample should parse");
    const prepared = await prepareOrder(runtime.db, customerId, parsed.input, parsed.paths);
    const connector = createContext({ type: "connector", connectorId: "con_preview", customerId }, { db: runtime.db });
    const { order: stored } = await intakeOrder({ ctx: connector, customerId, channel: "gelato_api", connectorId: "con_preview", prepared, rawBody: JSON.stringify(body), payload: body });
    const reread = await getOrder({ ctx: ctx(), orderId: stored.id });

    const order = preview.order!;
    expect({
      externalId: reread.externalId,
      currency: reread.currency,
      orderType: reread.orderType,
      priority: reread.priority,
      tags: reread.tags,
      metadata: reread.metadata,
      extra: reread.extra,
    }).toEqual({
      externalId: order.externalId,
      currency: order.currency,
      orderType: order.orderType,
      priority: order.priority,
      tags: order.tags,
      metadata: order.metadata,
      extra: order.extra,
    });
    expect(
      reread.items.map((item) => ({
        externalItemId: item.externalItemId,
        sourceProductKey: item.sourceProductKey,
        productUid: item.productUid,
        quantity: item.quantity,
        files: item.files,
        shipmentIndex: item.shipmentIndex,
        options: item.options,
        extra: item.extra,
      })),
    ).toEqual(
      order.items.map((item) => ({
        externalItemId: item.externalItemId,
        sourceProductKey: item.sourceProductKey,
        productUid: item.productUid,
        quantity: item.quantity,
        files: item.files,
        shipmentIndex: item.shipmentIndex,
        options: item.options,
        extra: item.extra,
      })),
    );
    expect(reread.shipments.map((shipment) => ({ address: shipment.address, method: shipment.method, sourceMethod: shipment.sourceMethod, extra: shipment.extra }))).toEqual(
      order.shipments.map((shipment) => ({ address: shipment.address, method: shipment.method, sourceMethod: shipment.sourceMethod, extra: shipment.extra })),
    );
    expect(reread.shipments[0]!.address.country).toBe("GR");
    expect(reread.lookupTrace).toEqual(preview.trace);

    const again = await previewOrder({ ctx: ctx(), customerId, dialect: "gelato", body });
    expect(again.existingOrderId).toBe(stored.id);
    expect(preview.existingOrderId).toBeNull();
  });

  it("lists every problem at its path in the dialect", async () => {
    const body = sample("PV-BAD", {
      lines: [
        { id: "a", sku: "MUG-11OZ", qty: 1, files: [{ area: "Content", url: "https://x.example/a.pdf" }] },
        { id: "b", sku: "POSTER-A3", qty: 1, files: [{ area: "cover", url: "https://x.example/b.pdf" }] },
      ],
      to: { first: "Sam", last: "Smith", street: "1 Main St", city: "Austin", zip: "73301", country: "US" },
      ship: "carrier-pigeon",
    });
    const preview = await previewOrder({ ctx: ctx(), customerId, dialect: "gelato", body });
    expect(preview.valid).toBe(false);
    const byPath = Object.fromEntries(preview.problems.map((problem) => [problem.path, problem.message]));
    expect(byPath["lines[0].sku"]).toMatch(/MUG-11OZ.*SKUs/);
    expect(byPath["lines[1].files[0].area"]).toMatch(/cover.*print area/);
    expect(byPath["ship"]).toMatch(/carrier-pigeon/);
    expect(byPath["to.state"]).toMatch(/state is required/);
    expect(preview.order!.items[1]!.productUid).toBe("flat_a3_poster");
  });

  it("says what the dialect could not read, with no order", async () => {
    const preview = await previewOrder({ ctx: ctx(), customerId, dialect: "gelato", body: { currency: "EUR" } });
    expect(preview).toMatchObject({ valid: false, order: null, trace: [] });
    expect(preview.problems.map((problem) => problem.path)).toEqual(["ref", "to"]);
  });

  it("refuses a dialect this server does not have, an unknown dialect, a body that is not an object and an unknown customer", async () => {
    delete dialects.siteflow;
    await expect(previewOrder({ ctx: ctx(), customerId, dialect: "siteflow", body: {} })).rejects.toMatchObject({ code: "bad_request", reason: "dialect_unavailable" });
    expect(listPreviewDialects()).toContainEqual({ name: "siteflow", label: "Site Flow", available: false });
    expect(listPreviewDialects().find((dialect) => dialect.name === "gelato")!.available).toBe(true);
    await expect(previewOrder({ ctx: ctx(), customerId, dialect: "edifact", body: {} })).rejects.toMatchObject({ code: "validation_failed", details: [{ path: "dialect" }] });
    await expect(previewOrder({ ctx: ctx(), customerId, dialect: "gelato", body: [sample("PV-ARRAY")] })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(previewOrder({ ctx: ctx(), customerId: "cus_missing", dialect: "gelato", body: sample("PV-X") })).rejects.toMatchObject({ code: "not_found" });
  });

  it("uses only the named customer's lookups, and is for partner staff and tokens only", async () => {
    const other = await previewOrder({ ctx: ctx(), customerId: otherCustomerId, dialect: "gelato", body: sample("PV-OTHER") });
    expect(other.trace.map((step) => step.lookupName)).toEqual(["built-in"]);
    expect(other.problems.map((problem) => problem.path).sort()).toEqual(["lines[0].sku", "ship"]);

    const readToken = await createTestToken(runtime.db, "read");
    const tokenCtx = createContext({ type: "token", tokenId: readToken.id, name: "read", scope: "read" }, { db: runtime.db });
    expect((await previewOrder({ ctx: tokenCtx, customerId, dialect: "gelato", body: sample("PV-TOKEN") })).valid).toBe(true);
    const connector = createContext({ type: "connector", connectorId: "con_x", customerId }, { db: runtime.db });
    await expect(previewOrder({ ctx: connector, customerId, dialect: "gelato", body: sample("PV-CONN") })).rejects.toMatchObject({ code: "forbidden" });
  });
});
