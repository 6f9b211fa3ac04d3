import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, samplePng, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { createTestCustomer, staffContext } from "@/db/factories";
import { jobOutbox, lookups } from "@/db/schema";
import { canonicalOrderSchema, type CanonicalOrderInput } from "@/lib/domain/order";
import { createContext, systemContext, withTransaction } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { createLookup, upsertLookupEntry } from "@/lib/services/lookups";
import { orderProcessJob } from "@/lib/jobs/order-process";
import { canonicalPaths, intakeOrder, loadOrderView, prepareOrder, reprocessOrder, type OrderView } from "./index";

const files = await startArtworkServer({ host: "127.0.0.1" });
const runtime = useTestRuntime({ queue: true, env: { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` } });
const art = (name: string) => `${files.url}/art/${name}`;

let fixed = false;
let flakyFailures = 0;
files.route("/art/front.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
files.route("/art/back.png", serveFile(samplePng, { "content-type": "image/png" }));
files.route("/art/missing.pdf", (_request, response) => void response.writeHead(404).end());
files.route("/art/fixed-later.pdf", (request, response) => {
  if (fixed) serveFile(samplePdf, { "content-type": "application/pdf" })(request, response);
  else response.writeHead(404).end();
});
files.route("/art/flaky.pdf", (request, response) => {
  if (flakyFailures-- > 0) response.writeHead(503).end();
  else serveFile(samplePdf, { "content-type": "application/pdf" })(request, response);
});
files.route("/art/down.pdf", (_request, response) => void response.writeHead(502).end());

afterAll(() => files.close());

const address = { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB" };
let customerId: string;

beforeAll(async () => {
  customerId = (await createTestCustomer(runtime.db)).id;
  await createProduct({ ctx: staffContext(runtime.db), input: { productUid: "flat_a3_poster", title: "A3 poster", fileTypes: ["default", "front", "back"] } });
});

const connectorCtx = () => createContext({ type: "connector", connectorId: "con_test", customerId }, { db: runtime.db });

/** An API order: resolved at intake, as the Gelato and SiteFlow dialects do. */
async function apiOrder(externalId: string, itemFiles: Array<{ type: string; url: string }>, overrides: Partial<CanonicalOrderInput> = {}): Promise<OrderView> {
  const input: CanonicalOrderInput = {
    channel: "gelato_api",
    externalId,
    items: [{ externalItemId: "line-1", productUid: "flat_a3_poster", quantity: 1, files: itemFiles }],
    shipments: [{ shipmentIndex: 0, address }],
    ...overrides,
  };
  const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
  const { order } = await intakeOrder({ ctx: connectorCtx(), customerId, channel: "gelato_api", connectorId: "con_test", prepared, rawBody: JSON.stringify(input), payload: input });
  return order;
}

/** A shop order: items carry the shop SKU and get their product during processing. */
async function shopOrder(externalId: string, sku: string, shipmentAddress: Record<string, string> = address, options: { withoutJob?: boolean } = {}): Promise<OrderView> {
  const order = canonicalOrderSchema.parse({
    channel: "shopify",
    externalId,
    items: [{ externalItemId: "gid-1", sourceProductKey: sku, quantity: 2, files: [{ type: "default", url: art("front.pdf") }] }],
    shipments: [{ shipmentIndex: 0, address: shipmentAddress }],
  });
  const submit = (ctx: ReturnType<typeof connectorCtx>) =>
    intakeOrder({ ctx, customerId, channel: "shopify", connectorId: null, storeId: "sto_test", prepared: { order, trace: [], problems: [] }, rawBody: "{}", payload: order });
  if (!options.withoutJob) return (await submit(connectorCtx())).order;
  return withTransaction(connectorCtx(), async (tx) => {
    const { order: stored } = await submit(tx);
    await tx.db.delete(jobOutbox).where(eq(jobOutbox.queue, "order.process"));
    return stored;
  });
}

/** An API order whose processing job is dropped, so only the test runs the handler. */
async function apiOrderWithoutJob(externalId: string, itemFiles: Array<{ type: string; url: string }>): Promise<OrderView> {
  return withTransaction(connectorCtx(), async (tx) => {
    const input: CanonicalOrderInput = {
      channel: "gelato_api",
      externalId,
      items: [{ externalItemId: "line-1", productUid: "flat_a3_poster", quantity: 1, files: itemFiles }],
      shipments: [{ shipmentIndex: 0, address }],
    };
    const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
    const { order } = await intakeOrder({ ctx: tx, customerId, channel: "gelato_api", connectorId: "con_test", prepared, rawBody: JSON.stringify(input), payload: input });
    await tx.db.delete(jobOutbox).where(eq(jobOutbox.queue, "order.process"));
    return order;
  });
}

async function waitForStatus(orderId: string, status: string, timeoutMs = 20_000): Promise<OrderView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = (await loadOrderView(runtime.db, orderId))!;
    if (view.status === status) return view;
    if (Date.now() > deadline) throw new Error(`order ${orderId} is ${view.status} (${view.statusReason}), not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** States of the processing jobs for an order, once every one of them has settled. */
async function settledJobs(orderId: string, count: number, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await runtime.database.executeSql(`SELECT state FROM pgboss.job WHERE name = 'order.process' AND data->>'orderId' = $1`, [orderId]);
    const states = rows.map((row) => String(row.state));
    if (states.length >= count && states.every((state) => state === "completed" || state === "failed")) return states;
    if (Date.now() > deadline) throw new Error(`jobs for ${orderId}: ${states.join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function runJob(orderId: string, retryCount = 0) {
  return orderProcessJob.handleBatch!(systemContext("test", { db: runtime.db }), [{ id: `job-${orderId}-${retryCount}`, payload: { orderId }, retryCount }]);
}

describe("order processing over the queue", () => {
  it("passes an order whose files are reachable print files", async () => {
    const order = await apiOrder("P-GOOD", [
      { type: "front", url: art("front.pdf") },
      { type: "back", url: art("back.png") },
    ]);
    const view = await waitForStatus(order.id, "passed");
    expect(view.statusReason).toBe("All checks passed; ready for production");
    expect(view.items.map((item) => [item.status, item.statusReason])).toEqual([["passed", null]]);
    expect(view.events.map((event) => event.type)).toEqual(["order.received", "order.passed"]);
  });

  it("fails an order with a missing file and says why on the item", async () => {
    const order = await apiOrder("P-404", [
      { type: "front", url: art("front.pdf") },
      { type: "back", url: `${art("missing.pdf")}?token=secret` },
    ]);
    const view = await waitForStatus(order.id, "failed");
    const reason = `back: ${art("missing.pdf")} answered 404`;
    expect(view.items[0]).toMatchObject({ status: "failed", statusReason: reason });
    expect(view.statusReason).toBe(`Item line-1: ${reason}`);
    expect(JSON.stringify(view.events)).not.toContain("secret");
  });

  it("holds an order for approval when its routing rule says so", async () => {
    const order = await apiOrder("P-HELD", [{ type: "default", url: art("front.pdf") }], { holdForApproval: true });
    const view = await waitForStatus(order.id, "on_hold");
    expect(view.statusReason).toBe("Held for approval by its routing rule");
  });

  it("leaves a shop order with an unknown SKU not connected, and passes it once a lookup entry maps the SKU", async () => {
    const order = await shopOrder("SHOP-1001", "TEE-BLK-L");
    const waiting = await waitForStatus(order.id, "not_connected");
    expect(waiting.items[0]).toMatchObject({
      productUid: null,
      status: "not_connected",
      statusReason: "No product for “TEE-BLK-L”: add it to the product lookup or link the shop product",
    });

    // Creating an empty lookup re-runs the order without changing anything.
    const staff = staffContext(runtime.db);
    const lookup = await createLookup({ ctx: staff, customerId, input: { name: "Shop SKUs", field: "product" } });
    expect(await settledJobs(order.id, 2)).toEqual(["completed", "completed"]);
    expect((await loadOrderView(runtime.db, order.id))!.events.map((event) => event.type)).toEqual(["order.received", "order.not_connected"]);

    await upsertLookupEntry({ ctx: staff, lookupId: lookup.id, entry: { key: "TEE-BLK-L", value: "flat_a3_poster" } });
    const passed = await waitForStatus(order.id, "passed");
    expect(passed.items[0]).toMatchObject({ productUid: "flat_a3_poster", status: "passed", statusReason: null });
    expect(passed.lookupTrace).toEqual([expect.objectContaining({ field: "product", from: "TEE-BLK-L", to: "flat_a3_poster", how: "entry" })]);
    expect(passed.events.map((event) => event.type)).toEqual(["order.received", "order.not_connected", "order.passed"]);
  });

  it("fails an order whose shipping address is incomplete", async () => {
    const order = await shopOrder("SHOP-1002", "flat_a3_poster", { ...address, city: "  ", postCode: "" });
    const view = await waitForStatus(order.id, "failed");
    expect(view.items[0]!.statusReason).toBe("Shipping address has no city, has no postcode");
    expect(view.items[0]!.productUid).toBe("flat_a3_poster");
  });

  it("does nothing twice when a job runs again after a crash", async () => {
    const order = await apiOrder("P-TWICE", [{ type: "default", url: art("front.pdf") }]);
    // The queue runs the job too; two more runs stand in for a worker that died before completing it.
    await Promise.all([runJob(order.id), runJob(order.id)]);
    await waitForStatus(order.id, "passed");
    expect(await runJob(order.id)).toEqual(new Map());
    const view = (await loadOrderView(runtime.db, order.id))!;
    expect(view.events.filter((event) => event.type === "order.passed")).toHaveLength(1);
    expect(view.events).toHaveLength(2);
  });

  it("retries a file that fails transiently, then passes when it comes back", async () => {
    flakyFailures = 2;
    const order = await apiOrderWithoutJob("P-FLAKY", [{ type: "default", url: art("flaky.pdf") }]);
    const first = await runJob(order.id, 0);
    expect([...first.values()][0]).toMatchObject({ name: "TransientCheckError" });
    expect((await loadOrderView(runtime.db, order.id))!.status).toBe("created");
    expect((await runJob(order.id, 1)).size).toBe(1);
    expect((await runJob(order.id, 2)).size).toBe(0);
    expect((await loadOrderView(runtime.db, order.id))!.status).toBe("passed");
  });

  it("fails the order once the transient retries are used up", async () => {
    const order = await apiOrderWithoutJob("P-DOWN", [{ type: "default", url: art("down.pdf") }]);
    expect((await runJob(order.id, 2)).size).toBe(1);
    expect(await runJob(order.id, 3)).toEqual(new Map());
    const view = (await loadOrderView(runtime.db, order.id))!;
    expect(view.status).toBe("failed");
    expect(view.items[0]!.statusReason).toBe(`default: ${art("down.pdf")} answered 502 (gave up after 4 tries)`);
  });

  it("does not wait for a flaky file when another one is missing anyway", async () => {
    const order = await apiOrderWithoutJob("P-MIXED", [
      { type: "front", url: art("down.pdf") },
      { type: "back", url: art("missing.pdf") },
    ]);
    expect(await runJob(order.id, 0)).toEqual(new Map());
    const view = (await loadOrderView(runtime.db, order.id))!;
    expect(view.status).toBe("failed");
    expect(view.items[0]!.statusReason).toBe(`front: ${art("down.pdf")} answered 502; back: ${art("missing.pdf")} answered 404`);
  });

  it("checks the files again when staff re-run a failed order", async () => {
    const order = await apiOrder("P-FIXED", [{ type: "default", url: art("fixed-later.pdf") }]);
    await waitForStatus(order.id, "failed");
    fixed = true;
    await reprocessOrder({ ctx: staffContext(runtime.db), orderId: order.id });
    const view = await waitForStatus(order.id, "passed");
    expect(view.events.map((event) => event.type)).toEqual(["order.received", "order.failed", "order.passed"]);
  });

  it("re-runs only not connected orders of the customer whose product lookup changed", async () => {
    const other = (await createTestCustomer(runtime.db, { name: "Other Print Co" })).id;
    const waiting = await shopOrder("SHOP-2001", "MUG-11OZ");
    await waitForStatus(waiting.id, "not_connected");
    await createLookup({ ctx: staffContext(runtime.db), customerId: other, input: { name: "Other SKUs", field: "product", entries: [{ key: "MUG-11OZ", value: "flat_a3_poster" }] } });
    await runtime.queue!.relay();
    expect(await settledJobs(waiting.id, 1)).toEqual(["completed"]);
    expect((await loadOrderView(runtime.db, waiting.id))!.status).toBe("not_connected");

    // The same change for the order's own customer does re-run it.
    const own = (await runtime.db.select().from(lookups).where(eq(lookups.customerId, customerId)))[0]!;
    await upsertLookupEntry({ ctx: staffContext(runtime.db), lookupId: own.id, entry: { key: "MUG-11OZ", value: "flat_a3_poster" } });
    await waitForStatus(waiting.id, "passed");
    expect(await settledJobs(waiting.id, 2)).toHaveLength(2);
  });
});
