import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "@/tests/support/postback-receiver";
import { createTestCustomer, staffContext } from "@/db/factories";
import { customers, jobOutbox, mailMessages, postbackDeliveries } from "@/db/schema";
import { createContext, systemContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { canonicalPaths, changeOrderStatus, intakeOrder, prepareOrder } from "@/lib/services/orders";
import { readMailBody } from "@/lib/mail/send";
import { jobIdFor } from "@/lib/jobs/enqueue";
import {
  createTrigger,
  deleteTrigger,
  deliverPostback,
  DeliveryBusyError,
  fanOutPostbacks,
  getDelivery,
  getPostbackSecret,
  listDeliveries,
  listTriggers,
  resendPostback,
  rotatePostbackSecret,
  sendTestPostback,
} from "./index";

const runtime = useTestRuntime({ env: receiverEnv });
const staff = () => staffContext(runtime.db);
const system = () => systemContext("test", { db: runtime.db });

let receiver: PostbackReceiver;
let orderCounter = 0;

beforeAll(async () => {
  receiver = await startPostbackReceiver();
  await createProduct({ ctx: staff(), input: { productUid: "flat_a3_poster", title: "A3 poster", fileTypes: ["default"] } });
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
  receiver.respond = () => ({ status: 204 });
});

async function newCustomer() {
  const customer = await createTestCustomer(runtime.db, { name: `Postback customer ${++orderCounter}` });
  const secret = await getPostbackSecret({ ctx: staff(), customerId: customer.id });
  receiver.secrets = [secret.secret];
  return customer;
}

async function submitOrder(customerId: string, channel: "gelato_api" | "siteflow_api" | "shopify" = "gelato_api") {
  const input = {
    channel,
    externalId: `PB-${++orderCounter}`,
    items: [{ externalItemId: "line-1", productUid: "flat_a3_poster", quantity: 1, files: [{ type: "default", url: "https://files.example.com/a.pdf" }] }],
    shipments: [{ shipmentIndex: 0, address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB" } }],
  };
  const prepared = await prepareOrder(runtime.db, customerId, input, canonicalPaths);
  const ctx = createContext({ type: "connector", connectorId: "con_test", customerId }, { db: runtime.db });
  const { order } = await intakeOrder({ ctx, customerId, channel, connectorId: "con_test", prepared, rawBody: JSON.stringify(input), payload: input });
  return order;
}

async function move(orderId: string, ...statuses: Array<"passed" | "in_production" | "printed" | "shipped" | "delivered" | "canceled">) {
  let view;
  for (const status of statuses) {
    view = await changeOrderStatus({
      ctx: staff(),
      orderId,
      input: status === "shipped" ? { status, trackingCode: "TRK-1", trackingUrl: "https://track.example/TRK-1", carrier: "DHL" } : { status },
    });
  }
  return view!;
}

async function notifyJobs(): Promise<string[]> {
  const rows = await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.queue, "order.notify"));
  return rows.map((row) => (row.payload as { eventId: string }).eventId);
}

async function deliveriesOf(customerId: string) {
  return runtime.db.select().from(postbackDeliveries).where(eq(postbackDeliveries.customerId, customerId)).orderBy(postbackDeliveries.id);
}

async function makeDue(deliveryId: string) {
  await runtime.db.update(postbackDeliveries).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(postbackDeliveries.id, deliveryId));
}

describe("postback fan-out (order.notify)", () => {
  it("every order event a trigger listens for queues order.notify in its own transaction, keyed by the event; the others queue nothing", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.received", "order.in_production"], url: `${receiver.url}/hook` } });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed", "in_production");
    const queued = await notifyJobs();
    for (const event of view.events) {
      if (event.type === "order.passed") expect(queued).not.toContain(event.id);
      else expect(queued).toContain(event.id);
    }
    const outbox = await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.queue, "order.notify"));
    const received = view.events.find((event) => event.type === "order.received")!;
    expect(outbox.find((row) => (row.payload as { eventId: string }).eventId === received.id)!.jobId).toBe(jobIdFor("order.notify", received.id));
  });

  it("intake queues no order.received notification when no trigger listens for it", async () => {
    const customer = await newCustomer();
    const order = await submitOrder(customer.id);
    expect(await notifyJobs()).not.toContain(order.events[0]!.id);
  });

  it("creates one delivery per subscribed trigger and event, and a repeated run creates and queues nothing more", async () => {
    const customer = await newCustomer();
    const shipped = await createTrigger({ ctx: staff(), customerId: customer.id, input: { name: "ERP", events: ["order.shipped", "order.delivered"], url: `${receiver.url}/erp` } });
    const mail = await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.shipped"], email: "ops@example.com" } });
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.canceled"], url: `${receiver.url}/never` } });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed", "in_production", "printed", "shipped", "delivered");
    const eventIds = view.events.map((event) => event.id);

    expect(await fanOutPostbacks(system(), eventIds)).toBe(3);
    expect(await fanOutPostbacks(system(), eventIds)).toBe(0);

    const deliveries = await deliveriesOf(customer.id);
    expect(deliveries.map((delivery) => `${delivery.triggerId === shipped.id ? "erp" : delivery.triggerId === mail.id ? "mail" : "?"}:${delivery.eventType}`).sort()).toEqual([
      "erp:order.delivered",
      "erp:order.shipped",
      "mail:order.shipped",
    ]);
    expect(new Set(deliveries.map((delivery) => delivery.webhookId)).size).toBe(3);
    expect(deliveries.every((delivery) => delivery.webhookId.startsWith("msg_") && delivery.status === "pending")).toBe(true);
    const jobs = await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.queue, "postback.deliver"));
    for (const delivery of deliveries) {
      expect(jobs.filter((job) => (job.payload as { deliveryId: string }).deliveryId === delivery.id)).toHaveLength(1);
    }
  });
});

describe("postback delivery (postback.deliver)", () => {
  it("sends a signed Gelato-style body once, even when the job runs twice", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.shipped"], url: `${receiver.url}/gelato`, headers: { Authorization: "Bearer erp-token" } } });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed", "in_production", "printed", "shipped");
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    const [delivery] = await deliveriesOf(customer.id);

    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("succeeded");
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("skipped");

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.valid).toBe(true);
    expect(request!.webhookId).toBe(delivery!.webhookId);
    expect(request!.method).toBe("POST");
    expect(request!.headers.authorization).toBe("Bearer erp-token");
    expect(request!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ event: "order_status_updated", eventType: "order.shipped", orderId: order.uid, orderReferenceId: order.externalId, fulfillmentStatus: "shipped" });
    expect(body.id).toBe(view.events.at(-1)!.id);
    expect(body.items[0].fulfillments[0]).toMatchObject({ trackingCode: "TRK-1", trackingUrl: "https://track.example/TRK-1" });

    const logged = await getDelivery({ ctx: staff(), deliveryId: delivery!.id });
    expect(logged.status).toBe("succeeded");
    expect(logged.attempts).toHaveLength(1);
    expect(logged.attempts[0]!.request.headers!.Authorization).toBe("[redacted]");
    expect(JSON.stringify(logged)).not.toContain("erp-token");
  });

  it("uses Site Flow's shape for SiteFlow orders and PUT when the trigger says so", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${receiver.url}/siteflow`, method: "PUT" } });
    const order = await submitOrder(customer.id, "siteflow_api");
    const view = await move(order.id, "passed");
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    const [delivery] = await deliveriesOf(customer.id);
    await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 });
    expect(receiver.received[0]!.method).toBe("PUT");
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ sourceOrderId: order.externalId, status: "printready", eventType: "order.passed" });
  });

  it("retries a receiver that fails twice, then succeeds; the log shows three attempts with one webhook-id", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${receiver.url}/flaky` } });
    receiver.respond = ({ count }) => (count <= 2 ? { status: 503, body: `down ${count}` } : { status: 200, body: "ok" });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed");
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    const [delivery] = await deliveriesOf(customer.id);

    const before = Date.now();
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("retrying");
    const [afterFirst] = await deliveriesOf(customer.id);
    expect(afterFirst!.status).toBe("retrying");
    const delay = afterFirst!.nextAttemptAt!.getTime() - before;
    expect(delay).toBeGreaterThanOrEqual(7_000);
    expect(delay).toBeLessThan(15_000);
    const retryJob = (await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.jobId, jobIdFor("postback.deliver", `${delivery!.id}:2`))))[0];
    expect(retryJob!.payload).toEqual({ deliveryId: delivery!.id, attempt: 2 });
    expect(retryJob!.startAfter!.getTime()).toBe(afterFirst!.nextAttemptAt!.getTime());

    // A job that comes before the attempt is due finds the delivery held, and is retried just as the hold ends.
    const busy = await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 2 }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(DeliveryBusyError);
    expect((busy as DeliveryBusyError).retryAt.getTime() - afterFirst!.nextAttemptAt!.getTime()).toBe(250);

    await makeDue(delivery!.id);
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 2 })).toBe("retrying");
    const [afterSecond] = await deliveriesOf(customer.id);
    expect(afterSecond!.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(20_000);
    await makeDue(delivery!.id);
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 3 })).toBe("succeeded");
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 3 })).toBe("skipped");

    expect(receiver.received.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(receiver.uniqueIds()).toEqual([delivery!.webhookId]);
    expect(receiver.received.every((request) => request.valid)).toBe(true);
    const logged = await getDelivery({ ctx: staff(), deliveryId: delivery!.id });
    expect(logged.status).toBe("succeeded");
    expect(logged.attemptCount).toBe(3);
    expect(logged.attempts.map((attempt) => [attempt.attempt, attempt.response?.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(logged.attempts[0]!.response!.body).toBe("down 1");
    expect(logged.attempts[0]!.error).toContain("503");
    expect(logged.attempts.every((attempt) => typeof attempt.durationMs === "number" && attempt.request.headers!["webhook-id"] === delivery!.webhookId)).toBe(true);
  });

  it("gives up after the 24-hour window and shows the delivery as failed", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${receiver.url}/broken` } });
    receiver.respond = () => ({ status: 500 });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed");
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    const [delivery] = await deliveriesOf(customer.id);
    await runtime.db.update(postbackDeliveries).set({ retryUntil: new Date(Date.now() - 1000) }).where(eq(postbackDeliveries.id, delivery!.id));
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("failed");
    const failed = await listDeliveries({ ctx: staff(), input: { customerId: customer.id, status: "failed" } });
    expect(failed.data.map((row) => row.id)).toEqual([delivery!.id]);
    expect(failed.data[0]!.nextAttemptAt).toBeNull();
  });

  it("records redirects, 410 and unreachable receivers without following or disabling anything", async () => {
    const customer = await newCustomer();
    const redirect = await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${receiver.url}/moved` } });
    const gone = await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${receiver.url}/gone` } });
    const closed = await startPostbackReceiver();
    await closed.close();
    const down = await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${closed.url}/nobody` } });
    receiver.respond = ({ path }) => (path === "/moved" ? { status: 302, headers: { location: "http://elsewhere.example/hook" } } : path === "/gone" ? { status: 410 } : { status: 200 });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed");
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    const deliveries = await deliveriesOf(customer.id);
    for (const delivery of deliveries) expect(await deliverPostback(system(), { deliveryId: delivery.id, attempt: 1 })).toBe("retrying");
    const byTrigger = new Map((await deliveriesOf(customer.id)).map((delivery) => [delivery.triggerId, delivery]));
    expect(byTrigger.get(redirect.id)!.lastError).toContain("http://elsewhere.example/hook");
    expect(byTrigger.get(redirect.id)!.lastStatusCode).toBe(302);
    expect(byTrigger.get(gone.id)!.lastError).toContain("410");
    expect(byTrigger.get(down.id)!.lastStatusCode).toBeNull();
    expect(byTrigger.get(down.id)!.lastError).toContain("ECONNREFUSED");
    expect(receiver.received.map((request) => request.path).sort()).toEqual(["/gone", "/moved"]);
    expect((await listTriggers({ ctx: staff(), customerId: customer.id })).every((trigger) => trigger.active)).toBe(true);
  });

  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    const customer = await newCustomer();
    const first = receiver.secrets[0]!;
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed", "order.in_production", "order.printed"], url: `${receiver.url}/rotate` } });
    const order = await submitOrder(customer.id);

    const deliverLatest = async (status: "passed" | "in_production" | "printed") => {
      const view = await move(order.id, status);
      await fanOutPostbacks(system(), [view.events.at(-1)!.id]);
      const delivery = (await deliveriesOf(customer.id)).at(-1)!;
      await deliverPostback(system(), { deliveryId: delivery.id, attempt: 1 });
      return receiver.received.at(-1)!;
    };

    const before = await deliverLatest("passed");
    expect(before.verifiedWith).toEqual([first]);

    const rotated = await rotatePostbackSecret({ ctx: staff(), customerId: customer.id });
    expect(rotated.secret).not.toBe(first);
    const expires = new Date(rotated.previousSecretExpiresAt!).getTime() - Date.now();
    expect(expires).toBeGreaterThan(23.9 * 3600_000);
    expect(expires).toBeLessThanOrEqual(24 * 3600_000);
    receiver.secrets = [rotated.secret, first];
    const during = await deliverLatest("in_production");
    expect(during.valid).toBe(true);
    expect(during.verifiedWith).toEqual([rotated.secret, first]);

    await runtime.db.update(customers).set({ postbackSecretPreviousExpiresAt: new Date(Date.now() - 1000) }).where(eq(customers.id, customer.id));
    const after = await deliverLatest("printed");
    expect(after.verifiedWith).toEqual([rotated.secret]);
    expect((await getPostbackSecret({ ctx: staff(), customerId: customer.id })).previousSecretExpiresAt).toBeNull();
  });

  it("a resend sends the same body with the same webhook-id", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.canceled"], url: `${receiver.url}/resend` } });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "canceled");
    await fanOutPostbacks(system(), [view.events.at(-1)!.id]);
    const [delivery] = await deliveriesOf(customer.id);
    await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 });

    const resent = await resendPostback({ ctx: staff(), deliveryId: delivery!.id });
    expect(resent.status).toBe("pending");
    const queued = (await runtime.db.select().from(jobOutbox).where(eq(jobOutbox.queue, "postback.deliver"))).filter(
      (job) => (job.payload as { deliveryId: string }).deliveryId === delivery!.id,
    );
    expect(queued.map((job) => (job.payload as { attempt: number }).attempt).sort()).toEqual([1, 2]);
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 2 })).toBe("succeeded");

    expect(receiver.received).toHaveLength(2);
    expect(receiver.uniqueIds()).toEqual([delivery!.webhookId]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received.every((request) => request.valid)).toBe(true);
    expect((await getDelivery({ ctx: staff(), deliveryId: delivery!.id })).attempts).toHaveLength(2);
  });

  it("email postbacks arrive in the outbox once, as a readable mail with the tracking link", async () => {
    const customer = await newCustomer();
    await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.shipped"], email: "buyer-ops@example.com" } });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed", "in_production", "printed", "shipped");
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    await fanOutPostbacks(system(), view.events.map((event) => event.id));
    const [delivery] = await deliveriesOf(customer.id);
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("succeeded");
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("skipped");

    const mails = await runtime.db.select().from(mailMessages).where(and(eq(mailMessages.to, "buyer-ops@example.com")));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Order ${order.externalId} shipped`);
    expect(mails[0]!.transport).toBe("outbox");
    const body = readMailBody(mails[0]!.bodyEncrypted);
    expect(body.text).toContain("https://track.example/TRK-1");
    expect(body.html).toContain('href="https://track.example/TRK-1"');
    const logged = await getDelivery({ ctx: staff(), deliveryId: delivery!.id });
    expect(logged.attempts[0]!.request.to).toBe("buyer-ops@example.com");
    expect(receiver.received).toHaveLength(0);
  });

  it("a test postback is signed, logged and not retried", async () => {
    const customer = await newCustomer();
    const trigger = await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.shipped"], url: `${receiver.url}/test` } });
    const test = await sendTestPostback({ ctx: staff(), triggerId: trigger.id });
    receiver.respond = () => ({ status: 500 });
    expect(await deliverPostback(system(), { deliveryId: test.id, attempt: 1 })).toBe("failed");
    expect(receiver.received[0]!.valid).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: "postback.test", data: { triggerId: trigger.id } });
  });

  it("a deleted trigger takes its deliveries with it and its queued jobs send nothing", async () => {
    const customer = await newCustomer();
    const trigger = await createTrigger({ ctx: staff(), customerId: customer.id, input: { events: ["order.passed"], url: `${receiver.url}/deleted` } });
    const order = await submitOrder(customer.id);
    const view = await move(order.id, "passed");
    await fanOutPostbacks(system(), [view.events.at(-1)!.id]);
    const [delivery] = await deliveriesOf(customer.id);
    await deleteTrigger({ ctx: staff(), triggerId: trigger.id });
    expect(await deliverPostback(system(), { deliveryId: delivery!.id, attempt: 1 })).toBe("skipped");
    expect(await deliveriesOf(customer.id)).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("postback access", () => {
  it("confines customer users to their own customer and keeps the secret from read-only actors", async () => {
    const own = await newCustomer();
    const other = await newCustomer();
    const user = createContext({ type: "customer_user", userId: "usr_x", customerId: own.id, email: "u@example.com", name: "U", role: "admin" }, { db: runtime.db });
    await createTrigger({ ctx: staff(), customerId: other.id, input: { events: ["order.passed"], url: `${receiver.url}/x` } });
    await expect(listTriggers({ ctx: user, customerId: other.id })).rejects.toMatchObject({ code: "not_found" });
    expect(await listTriggers({ ctx: user, customerId: own.id })).toEqual([]);
    await expect(listDeliveries({ ctx: user, input: { customerId: other.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(createTrigger({ ctx: user, customerId: other.id, input: { events: ["order.passed"], email: "a@b.co" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(getPostbackSecret({ ctx: user, customerId: own.id })).rejects.toMatchObject({ code: "forbidden" });
    const reader = createContext({ type: "token", tokenId: "tok_r", name: "reader", scope: "read" }, { db: runtime.db });
    await expect(getPostbackSecret({ ctx: reader, customerId: own.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(await listTriggers({ ctx: reader, customerId: other.id })).toHaveLength(1);
  });
});
