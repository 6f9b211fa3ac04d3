import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "@/tests/support/postback-receiver";
import { createTestCustomer, staffContext } from "@/db/factories";
import { orderEvents, orders, postbackDeliveries } from "@/db/schema";
import { createContext, systemContext, withTransaction } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { canonicalPaths, changeOrderStatus, intakeOrder, prepareOrder } from "@/lib/services/orders";
import { enqueue } from "@/lib/jobs/enqueue";
import { createTrigger, getDelivery, getPostbackSecret } from "./index";

// The whole path on the real queue: order events → order.notify → postback.deliver → a
// receiver that verifies every signature and counts deliveries by webhook-id.

const artwork = await startArtworkServer({ host: "127.0.0.1" });
artwork.route("/a.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const runtime = useTestRuntime({ queue: true, env: { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`, ...receiverEnv } });
afterAll(() => artwork.close());
const staff = () => staffContext(runtime.db);
const subscribed = ["order.received", "order.passed", "order.in_production", "order.shipped", "order.delivered"] as const;

let receiver: PostbackReceiver;
beforeAll(async () => {
  receiver = await startPostbackReceiver();
  await createProduct({ ctx: staff(), input: { productUid: "flat_a3_poster", title: "A3 poster", fileTypes: ["default"] } });
});
afterAll(() => receiver.close());

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("postbacks on the job queue", () => {
  it("delivers exactly one signed postback per subscribed order event, retrying a failed one", { timeout: 90_000 }, async () => {
    const customer = await createTestCustomer(runtime.db, { name: "Flow customer" });
    receiver.secrets = [(await getPostbackSecret({ ctx: staff(), customerId: customer.id })).secret];
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: [...subscribed], url: `${receiver.url}/orders` } });
    // The first try of every shipped postback fails, so each is delivered by a scheduled retry.
    const shippedIds = new Set<string>();
    receiver.respond = ({ webhookId, body }) => {
      if ((JSON.parse(body) as { eventType: string }).eventType !== "order.shipped" || shippedIds.has(webhookId)) return { status: 204 };
      shippedIds.add(webhookId);
      return { status: 500, body: "try later" };
    };

    const connector = createContext({ type: "connector", connectorId: "con_flow", customerId: customer.id }, { db: runtime.db });
    const orderIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const input = {
        channel: "gelato_api" as const,
        externalId: `FLOW-${i}`,
        items: [{ externalItemId: "line-1", productUid: "flat_a3_poster", quantity: 1, files: [{ type: "default", url: `${artwork.url}/a.pdf` }] }],
        shipments: [{ shipmentIndex: 0, address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 St", city: "London", postCode: "N1", country: "GB" } }],
      };
      const prepared = await prepareOrder(runtime.db, customer.id, input, canonicalPaths);
      const { order } = await intakeOrder({ ctx: connector, customerId: customer.id, channel: "gelato_api", connectorId: "con_flow", prepared, rawBody: JSON.stringify(input), payload: input });
      orderIds.push(order.id);
    }
    await waitUntil(async () => (await runtime.db.select().from(orders).where(inArray(orders.id, orderIds))).every((order) => order.status === "passed"));

    for (const orderId of orderIds) {
      await changeOrderStatus({ ctx: staff(), orderId, input: { status: "in_production" } });
      await changeOrderStatus({ ctx: staff(), orderId, input: { status: "printed" } });
    }
    for (const orderId of orderIds) {
      await changeOrderStatus({ ctx: staff(), orderId, input: { status: "shipped", trackingCode: `TRK-${orderId}`, trackingUrl: "https://track.example/x" } });
    }
    for (const orderId of orderIds) await changeOrderStatus({ ctx: staff(), orderId, input: { status: "delivered" } });

    const expected = orderIds.length * subscribed.length;
    await receiver.waitFor((r) => r.uniqueIds().length === expected && shippedIds.size === orderIds.length && [...shippedIds].every((id) => r.byId(id).some((request) => request.status === 204)), 60_000);
    // Give stray duplicates a moment to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(receiver.uniqueIds()).toHaveLength(expected);
    expect(receiver.received.every((request) => request.valid)).toBe(true);
    for (const id of shippedIds) expect(receiver.byId(id).map((request) => request.status)).toEqual([500, 204]);
    expect(receiver.received).toHaveLength(expected + shippedIds.size);

    // One webhook-id per subscribed event of every order, and none for the rest (printed).
    const events = await runtime.db.select().from(orderEvents).where(inArray(orderEvents.orderId, orderIds));
    const idsByEvent = new Map<string, Set<string>>();
    for (const request of receiver.received) {
      const body = JSON.parse(request.body) as { id: string };
      idsByEvent.set(body.id, (idsByEvent.get(body.id) ?? new Set()).add(request.webhookId));
    }
    for (const event of events) {
      const expectedCount = (subscribed as readonly string[]).includes(event.type) ? 1 : 0;
      expect(idsByEvent.get(event.id)?.size ?? 0, `${event.type} of ${event.orderId}`).toBe(expectedCount);
    }

    const shipped = (await runtime.db.select().from(postbackDeliveries).where(eq(postbackDeliveries.eventType, "order.shipped")))[0]!;
    const logged = await getDelivery({ ctx: staff(), deliveryId: shipped.id });
    expect(logged.status).toBe("succeeded");
    expect(logged.attempts.map((attempt) => attempt.response?.status)).toEqual([500, 204]);

    // Jobs that run again (a crash, a duplicate) send nothing more.
    const system = systemContext("test", { db: runtime.db });
    await withTransaction(system, async (tx) => {
      for (const event of events) await enqueue(tx, "order.notify", { eventId: event.id }, { key: `again:${event.id}` });
      await enqueue(tx, "postback.deliver", { deliveryId: shipped.id, attempt: 1 }, { key: `again:${shipped.id}` });
      await enqueue(tx, "postback.deliver", { deliveryId: shipped.id, attempt: 2 }, { key: `again2:${shipped.id}` });
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(receiver.received).toHaveLength(expected + shippedIds.size);
    expect(await runtime.db.select().from(postbackDeliveries).where(eq(postbackDeliveries.customerId, customer.id))).toHaveLength(expected);
  });
});
