import { randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort } from "./app-server";
import { stageShopifyStore } from "./shopify-seed";
import { adminClient, sleep, startStormServer } from "./storm-kit";

// The Shopify webhook storm: orders placed in the Shopify fake reach the real server only through
// the fake's webhook emitter (orders/create and orders/paid per order, orders/updated for an
// address change on some of them), with duplicate and out-of-order deliveries, while the server
// is SIGKILLed and restarted; the emitter retries what got no 2xx, as Shopify does. Afterwards
// every shop order must be exactly one Inkbridge order with its latest address, every delivery
// stored once, and after all are shipped the fake must hold exactly one fulfilment per order.

export type ShopifyStormOptions = {
  orders: number;
  /** Kills while orders arrive (the storm keeps killing until it has this many). */
  minKills: number;
  /** Further kills while the orders are shipped and their fulfilments sent. */
  shippingKills?: number;
  database: "pglite" | "postgres";
  postgresUrl?: string;
  duplicateRatio?: number;
  outOfOrderRatio?: number;
  /** Share of orders whose address changes in the shop after placing (an orders/updated). */
  updateRatio?: number;
  /** Spread the orders over at least this long (default 2 s per kill). */
  placeSeconds?: number;
  log?: (line: string) => void;
};

export type ShopifyStormReport = {
  orders: number;
  kills: number;
  crashes: string[];
  seconds: number;
  phases: { placing: number; settling: number; shipping: number };
  deliveries: { attempts: number; webhookIds: number; duplicates: number; failedAttempts: number; neverAcknowledged: string[] };
  /** Webhook ids stored by Inkbridge against those the fake sent. */
  storedDeliveries: number;
  storedDeliveryIdsRepeated: string[];
  lostDeliveries: string[];
  unsettledDeliveries: string[];
  /** Inkbridge orders of the store, by shop order. */
  storedOrders: number;
  ordersPerShopOrder: string[];
  missingOrders: string[];
  foreignOrders: string[];
  notPassed: string[];
  staleAddresses: string[];
  unexpectedAnswers: string[];
  notShipped: string[];
  fulfilmentsPerOrder: string[];
  wrongTracking: string[];
  failedJobs: string[];
};

type OrderSummary = { id: string; externalId: string; storeId: string | null; status: string; recipientName: string | null };
type EventView = { deliveryId: string; status: string; topic: string; outcome: string | null };

const admin = { email: "shopstorm@example.com", password: "shop storm password 123" };
const address = { firstName: "Ada", lastName: "Lovelace", address1: "12 St James's Square", city: "London", zip: "SW1Y 4JH", countryCode: "GB", country: "United Kingdom" };
const moved = { ...address, firstName: "Augusta", address1: "1 Kirkby Mallory" };

export async function runShopifyStorm(options: ShopifyStormOptions): Promise<ShopifyStormReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const root = mkdtempSync(path.join(os.tmpdir(), "inkbridge-shopstorm-"));
  const pdf = Buffer.from("%PDF-1.4\n%shopify storm\n%%EOF\n");
  const files: Server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length }).end(pdf));
  const filePort = await freePort();
  await new Promise<void>((resolve) => files.listen(filePort, "127.0.0.1", resolve));

  const port = await freePort();
  const dataDir = path.join(root, "data");
  const stage = await stageShopifyStore({
    database: options.database,
    postgresUrl: options.postgresUrl,
    dataDir,
    port,
    fileUrl: `http://127.0.0.1:${filePort}/poster.pdf`,
    fake: {
      webhookFaults: { duplicateProbability: options.duplicateRatio ?? 0.3, outOfOrderProbability: options.outOfOrderRatio ?? 0.2, maxDelayMs: 1500, seed: randomInt(1_000_000) },
      // Shopify's 8 retries over ~4 h, compressed to ~4 min: long enough for the
      // retries that pile up after each restart to drain; it drops a subscription
      // only after 48 h of failures, which a few seconds of downtime never reach.
      webhookDelivery: { retryDelaysMs: [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 120_000], timeoutMs: 5000, maxConsecutiveFailures: Number.POSITIVE_INFINITY },
      // Every delivery re-reads its order: a generous budget keeps throttling out of this test.
      throttle: { capacity: 1_000_000, restoreRate: 1_000_000 },
    },
  });
  const { fake, shop } = stage;
  log(`staged store ${stage.storeId} (${Math.round((Date.now() - started) / 1000)} s)`);

  const server = await startStormServer({
    port,
    dataDir,
    env: {
      ...stage.env,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${filePort}`,
      LOG_LEVEL: "error",
    },
  });
  const api = adminClient(server.url, admin);
  const unexpectedAnswers: string[] = [];

  try {
    await api.useToken();

    // Orders arrive: placed in the shop at an even pace while the server is killed and restarted.
    const placedAt = Date.now();
    const placed: Array<{ id: string; movedTo: boolean }> = [];
    const updates: Array<Promise<void>> = [];
    let placing = true;
    const killer = server.killWhile(() => placing || server.kills < options.minKills, (line) => log(`${line} (${placed.length} orders placed)`));
    // A restart that fails is reported when the killer is awaited, not as an unhandled rejection meanwhile.
    killer.catch(() => undefined);
    const paceMs = (options.placeSeconds ?? options.minKills * 2) * 1000;
    for (let index = 0; index < options.orders; index++) {
      const due = placedAt + (index / options.orders) * paceMs;
      if (due > Date.now()) await sleep(due - Date.now());
      const order = fake.shops.placeOrder(shop, { lineItems: [{ variantId: stage.variantId, quantity: 1 + (index % 3) }], shippingAddress: address, financialStatus: "PAID", email: "ada@example.com" });
      const movedTo = Math.random() < (options.updateRatio ?? 0.5);
      placed.push({ id: String(order.id), movedTo });
      if (movedTo) updates.push(sleep(randomInt(400)).then(() => void fake.shops.updateShippingAddress(shop, order.id, moved)));
    }
    await Promise.all(updates);
    placing = false;
    await killer;
    const placingSeconds = (Date.now() - placedAt) / 1000;
    log(`placed ${placed.length} orders through ${server.kills} kills in ${placingSeconds.toFixed(0)} s`);

    // Settle: every delivery answered (retries included), every stored one processed, every order passed.
    const settleStarted = Date.now();
    await fake.webhooks.idle();
    const deadline = Date.now() + 300_000;
    let orders: OrderSummary[] = [];
    for (;;) {
      const waiting = (await api.ok<{ data: unknown[] }>("GET", `/webhook-events?storeId=${stage.storeId}&status=received&limit=1`)).data.length;
      orders = await api.all<OrderSummary>(`/orders?customerId=${stage.customerId}`);
      const unsettled = waiting > 0 || orders.length < placed.length || orders.some((order) => order.status === "created");
      if (!unsettled || Date.now() > deadline) break;
      log(`settling: ${orders.length} orders, ${waiting ? "deliveries" : "no delivery"} waiting`);
      await sleep(2000);
    }
    const settlingSeconds = (Date.now() - settleStarted) / 1000;
    log(`settled in ${settlingSeconds.toFixed(0)} s: ${orders.length} orders`);

    const attempts = fake.webhooks.attempts;
    const answers = new Map<string, number>();
    for (const attempt of attempts) answers.set(String(attempt.status ?? attempt.error), (answers.get(String(attempt.status ?? attempt.error)) ?? 0) + 1);
    log(`delivery attempts by answer: ${JSON.stringify(Object.fromEntries(answers))}`);
    const acknowledged = new Set(attempts.filter((attempt) => attempt.status !== null && attempt.status >= 200 && attempt.status < 300).map((attempt) => attempt.webhookId));
    const sent = new Set(attempts.map((attempt) => attempt.webhookId));
    for (const attempt of attempts) {
      // 503 (load shedding) and 408 (a body not read in time) say "try again", which the emitter does.
      if (attempt.status !== null && attempt.status >= 300 && attempt.status !== 503 && attempt.status !== 408) unexpectedAnswers.push(`${attempt.topic} ${attempt.webhookId}: ${attempt.status}`);
    }
    const events = await api.all<EventView>(`/webhook-events?storeId=${stage.storeId}`);
    const storedIds = events.map((event) => event.deliveryId);
    const stored = new Set(storedIds);
    const byShopOrder = new Map<string, OrderSummary[]>();
    for (const order of orders) byShopOrder.set(order.externalId, [...(byShopOrder.get(order.externalId) ?? []), order]);
    const placedIds = new Set(placed.map((order) => order.id));

    // Ship every order (production's admin API), with kills while the shop is told.
    const shipStarted = Date.now();
    let shipping = true;
    const shippingKills = options.shippingKills ?? 0;
    const killsBeforeShipping = server.kills;
    const shipKiller = server.killWhile(() => shipping && server.kills < killsBeforeShipping + shippingKills, (line) => log(`${line} while shipping`));
    shipKiller.catch(() => undefined);
    const tracking = (externalId: string) => `STORM-${externalId}`;
    const queue = orders.filter((order) => order.status === "passed" && placedIds.has(order.externalId));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let order = queue.shift(); order; order = queue.shift()) await ship(order);
      }),
    );
    async function ship(order: OrderSummary): Promise<void> {
      const steps = [
        { status: "in_production" },
        { status: "printed" },
        { status: "shipped", carrier: "DHL", trackingCode: tracking(order.externalId), trackingUrl: `https://track.example.com/${tracking(order.externalId)}` },
      ];
      for (const [index, step] of steps.entries()) {
        const answer = await api.call<{ status?: string }>("POST", `/orders/${order.id}/status`, step);
        if (answer.status === 200) continue;
        // A step whose answer a kill swallowed was applied: the retry meets the order already past it.
        const now = (await api.ok<{ status: string }>("GET", `/orders/${order.id}`)).status;
        const reached = steps.findIndex((candidate) => candidate.status === now);
        if (answer.status === 409 && reached >= index) continue;
        unexpectedAnswers.push(`ship ${order.externalId} → ${step.status}: ${answer.status} (order is ${now})`);
        return;
      }
    }
    // A kill during a fulfilment leaves its lease (120 s) to run out before the retry may send it.
    const fulfilmentDeadline = Date.now() + (shippingKills > 0 ? 480_000 : 180_000);
    const fulfilmentsOf = (id: string) => fake.shops.listFulfillments(shop, id);
    while (placed.some((order) => fulfilmentsOf(order.id).length === 0) && Date.now() < fulfilmentDeadline) await sleep(500);
    shipping = false;
    await shipKiller;
    // Give a repeated fulfilment, if the server were to make one, the time to show.
    await sleep(2000);
    const shippingSeconds = (Date.now() - shipStarted) / 1000;
    log(`shipped and fulfilled in ${shippingSeconds.toFixed(0)} s`);

    const shippedOrders = await api.all<OrderSummary>(`/orders?customerId=${stage.customerId}`);
    const failedJobs = await api.all<{ id: string; queue: string; error: string | null }>("/jobs?state=failed");
    return {
      orders: options.orders,
      kills: server.kills,
      crashes: server.crashes,
      seconds: Math.round((Date.now() - started) / 1000),
      phases: { placing: Math.round(placingSeconds), settling: Math.round(settlingSeconds), shipping: Math.round(shippingSeconds) },
      deliveries: {
        attempts: attempts.length,
        webhookIds: sent.size,
        duplicates: attempts.filter((attempt) => attempt.duplicate).length,
        failedAttempts: attempts.filter((attempt) => attempt.status === null || attempt.status >= 300).length,
        neverAcknowledged: [...sent].filter((id) => !acknowledged.has(id)),
      },
      storedDeliveries: stored.size,
      storedDeliveryIdsRepeated: storedIds.filter((id, index) => storedIds.indexOf(id) !== index),
      lostDeliveries: [...acknowledged].filter((id) => !stored.has(id)),
      unsettledDeliveries: events.filter((event) => event.status !== "processed").map((event) => `${event.topic} ${event.deliveryId}: ${event.status} ${event.outcome ?? ""}`),
      storedOrders: orders.length,
      ordersPerShopOrder: [...byShopOrder].filter(([, rows]) => rows.length !== 1).map(([id, rows]) => `${id}: ${rows.length}`),
      missingOrders: placed.filter((order) => !byShopOrder.has(order.id)).map((order) => order.id),
      foreignOrders: orders.filter((order) => !placedIds.has(order.externalId) || order.storeId !== stage.storeId).map((order) => order.id),
      notPassed: orders.filter((order) => order.status !== "passed").map((order) => `${order.externalId}: ${order.status}`),
      staleAddresses: placed
        .filter((order) => {
          const name = byShopOrder.get(order.id)?.[0]?.recipientName;
          return name !== undefined && name !== (order.movedTo ? "Augusta Lovelace" : "Ada Lovelace");
        })
        .map((order) => order.id),
      unexpectedAnswers,
      notShipped: shippedOrders.filter((order) => order.status !== "shipped").map((order) => `${order.externalId}: ${order.status}`),
      fulfilmentsPerOrder: placed.filter((order) => fulfilmentsOf(order.id).length !== 1).map((order) => `${order.id}: ${fulfilmentsOf(order.id).length}`),
      wrongTracking: placed
        .filter((order) => fulfilmentsOf(order.id).some((fulfilment) => fulfilment.trackingInfo.map((info) => info.number).join() !== tracking(order.id)))
        .map((order) => order.id),
      failedJobs: failedJobs.map((job) => `${job.queue} ${job.id}: ${(job.error ?? "").slice(0, 200)}`),
    };
  } finally {
    await server.stop();
    await fake.close();
    files.close();
    await stage.dropDatabase();
    rmSync(root, { recursive: true, force: true });
  }
}
