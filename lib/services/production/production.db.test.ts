import { afterAll, describe, expect, it, beforeAll } from "vitest";
import { eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { createTestCustomer, staffContext } from "@/db/factories";
import { orderEvents, orderShipments } from "@/db/schema";
import { createContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { canonicalPaths, changeOrderStatus, intakeOrder, prepareOrder, processOrder } from "@/lib/services/orders";
import { bulkChangeStatus, getProductionBoard, parseShipmentsCsv, shipOrders } from "./index";

const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/c.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const runtime = useTestRuntime({ env: { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}` } });
let customerId: string;

async function passedOrder(reference: string, rush = false): Promise<string> {
  const input = {
    channel: "gelato_api" as const,
    externalId: reference,
    priority: rush ? ("rush" as const) : ("normal" as const),
    items: [{ sourceProductKey: "card_std", quantity: 3, files: [{ type: "default", url: `${files.url}/c.pdf` }] }],
    shipments: [{ shipmentIndex: 0, address: { firstName: "Grace", lastName: "Hopper", addressLine1: "1 Navy Rd", city: "Arlington", postCode: "22201", state: "VA", country: "US" } }],
  };
  const ctx = createContext({ type: "connector", connectorId: "con_x", customerId }, { db: runtime.db });
  const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
  const { order } = await intakeOrder({ ctx, customerId, channel: "gelato_api", connectorId: "con_x", prepared, rawBody: "{}", payload: input });
  await processOrder(createContext({ type: "system", label: "test" }, { db: runtime.db }), order.id);
  return order.id;
}

afterAll(() => files.close());

describe("production board", () => {
  beforeAll(async () => {
    customerId = (await createTestCustomer(runtime.db, { name: "Board Customer" })).id;
    await createProduct({ ctx: staffContext(runtime.db), input: { productUid: "card_std", title: "Business card" } });
  });

  it("lists ready orders with rush first, and moves them on in bulk through the status machine", async () => {
    const normal = await passedOrder("B-1");
    const rush = await passedOrder("B-2", true);
    const ctx = staffContext(runtime.db, "operator");
    const board = await getProductionBoard({ ctx, input: { stage: "passed" } });
    expect(board.orders.map((order) => order.id).slice(0, 2)).toEqual([rush, normal]);
    expect(board.counts.passed).toBeGreaterThanOrEqual(2);

    const started = await bulkChangeStatus({ ctx, input: { orderIds: [normal, rush], status: "in_production" } });
    expect(started.succeeded.sort()).toEqual([normal, rush].sort());
    // Printing twice is refused for one order but does not stop the other.
    await changeOrderStatus({ ctx, orderId: normal, input: { status: "printed" } });
    const printed = await bulkChangeStatus({ ctx, input: { orderIds: [normal, rush], status: "printed" } });
    expect(printed.succeeded).toEqual([rush]);
    expect(printed.failed).toEqual([{ orderId: normal, message: expect.stringContaining("printed to printed") }]);
  });

  it("ships from CSV with tracking, per line, and records the event", async () => {
    const id = await passedOrder("C-1");
    const ctx = staffContext(runtime.db, "operator");
    await changeOrderStatus({ ctx, orderId: id, input: { status: "in_production" } });
    await changeOrderStatus({ ctx, orderId: id, input: { status: "printed" } });
    const lines = await parseShipmentsCsv("order,carrier,trackingCode,trackingUrl\nC-1,DHL,JD0123,https://track.example/JD0123\nNOPE,UPS,1Z,\n");
    const result = await shipOrders({ ctx, lines });
    expect(result.succeeded).toEqual([id]);
    expect(result.failed).toEqual([{ orderId: "NOPE", message: "no such order" }]);
    const [shipment] = await runtime.db.select().from(orderShipments).where(eq(orderShipments.orderId, id));
    expect(shipment).toMatchObject({ carrier: "DHL", trackingCode: "JD0123", trackingUrl: "https://track.example/JD0123" });
    expect(shipment!.shippedAt).toBeInstanceOf(Date);
    const events = await runtime.db.select().from(orderEvents).where(eq(orderEvents.orderId, id));
    expect(events.map((event) => event.type)).toEqual(["order.received", "order.passed", "order.in_production", "order.printed", "order.shipped"]);
  });

  it("says in words what a shipment line is missing, without field paths", async () => {
    const id = await passedOrder("M-1");
    const ctx = staffContext(runtime.db, "operator");
    await changeOrderStatus({ ctx, orderId: id, input: { status: "in_production" } });
    await changeOrderStatus({ ctx, orderId: id, input: { status: "printed" } });
    const result = await shipOrders({ ctx, lines: [{ orderId: id, carrier: " ", trackingCode: "", trackingUrl: "ftp://x" }] });
    expect(result.succeeded).toEqual([]);
    expect(result.failed).toEqual([
      { orderId: id, message: "Enter the carrier. Enter the tracking code. The tracking URL is not a full web address (https://…)." },
    ]);
  });

  it("keeps shipped and in-transit orders on the shipped stage, with their tracking, until delivered", async () => {
    const id = await passedOrder("T-1");
    const ctx = staffContext(runtime.db, "operator");
    await changeOrderStatus({ ctx, orderId: id, input: { status: "in_production" } });
    await changeOrderStatus({ ctx, orderId: id, input: { status: "printed" } });
    await shipOrders({ ctx, lines: [{ orderId: id, carrier: "UPS", trackingCode: "1Z999", trackingUrl: "https://ups.example/1Z999" }] });
    const shipped = await getProductionBoard({ ctx, input: { stage: "shipped", q: "T-1" } });
    expect(shipped.orders).toMatchObject([{ id, status: "shipped", tracking: { carrier: "UPS", trackingCode: "1Z999", trackingUrl: "https://ups.example/1Z999" } }]);

    await bulkChangeStatus({ ctx, input: { orderIds: [id], status: "in_transit" } });
    const moving = await getProductionBoard({ ctx, input: { stage: "shipped", q: "T-1" } });
    expect(moving.orders).toMatchObject([{ id, status: "in_transit", tracking: { trackingCode: "1Z999" } }]);
    expect(moving.counts.shipped).toBe(1);

    await bulkChangeStatus({ ctx, input: { orderIds: [id], status: "delivered" } });
    const delivered = await getProductionBoard({ ctx, input: { stage: "shipped", q: "T-1" } });
    expect(delivered.orders).toEqual([]);
    expect(delivered.counts.shipped).toBe(0);
  });

  it("refuses status updates from read-only staff tokens", async () => {
    const ctx = createContext({ type: "token", tokenId: "tok_x", name: "read", scope: "read" }, { db: runtime.db });
    await expect(bulkChangeStatus({ ctx, input: { orderIds: ["ord_x"], status: "printed" } })).rejects.toMatchObject({ code: "forbidden" });
  });
});
