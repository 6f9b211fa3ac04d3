import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createStaffUser, createTestCustomer, staffContext } from "@/db/factories";
import { jobOutbox, stores, webhookEvents } from "@/db/schema";
import { setEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createProduct } from "@/lib/services/catalog";
import { changeOrderStatus } from "@/lib/services/orders";
import { connectStore, disconnectStore, fulfilStoreOrder, getStore, linkVariant, syncStore, type StoreView } from "@/lib/services/stores";
import { readCredentials } from "@/lib/services/stores/session";
import { beginWooKeyFlow, readWooConnectOutcome, receiveWooKeys } from "@/lib/services/woocommerce-keys";
import { createContext, systemContext } from "@/lib/services/context";
import { getLogger } from "@/lib/log";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { createStorefrontCustomer, customerUserContext } from "@/tests/support/storefront";
import { fuzzRuns, useTestServer } from "@/tests/support/runtime";
import { startWooFake } from "@/connectors/woocommerce/fake";
import { findShopOrder, fulfilmentsOf, waitForShopOrder, webhookEventsOf } from "@/tests/support/shopify-store";

// WooCommerce end to end: the real connector against the fake site, which delivers its webhooks
// (coalesced, never retried, disabled after failures) to this server on a real port.

const files = await startArtworkServer({ host: "127.0.0.1" });
files.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const art = `${files.url}/art/poster.pdf`;
// The fake runs on this thread with the database and the server: its answer deadline is generous.
const fake = await startWooFake({ siteName: "Acme Woo", webhookDelivery: { delayMs: 20, timeoutMs: 30_000 } });
// A second site for the key flow (its callback is plain http here).
const keyFake = await startWooFake({ siteName: "Keyflow Woo", requireHttpsCallback: false, webhookDelivery: { delayMs: 20, timeoutMs: 30_000 } });
// A site whose store gets disconnected: its late deliveries are acknowledged and ignored.
const goneFake = await startWooFake({ siteName: "Gone Woo", webhookDelivery: { delayMs: 20, timeoutMs: 30_000 } });
// A private address nobody allowed: connecting to it must send it nothing.
let privateHits = 0;
const privateSite: Server = createServer((_req, res) => {
  privateHits++;
  res.writeHead(200).end("{}");
});
await new Promise<void>((resolve) => privateSite.listen(0, "127.0.0.1", resolve));
const privateUrl = `http://127.0.0.1:${(privateSite.address() as AddressInfo).port}`;

const env = { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${files.port}`, SHOP_FETCH_ALLOW: [fake, keyFake, goneFake].map((site) => new URL(site.siteUrl).host).join(",") };
const server = useTestServer({ env });
afterAll(async () => {
  await fake.close();
  await keyFake.close();
  await goneFake.close();
  await files.close();
  privateSite.closeAllConnections();
  await new Promise<void>((resolve) => privateSite.close(() => resolve()));
});

const shipping = { first_name: "Ada", last_name: "Lovelace", address_1: "12 St James's Square", city: "London", postcode: "SW1Y 4JH", country: "GB" };
let store: StoreView;
let customerId: string;
let tee: { productId: number; linked: number; unlinked: number };

beforeAll(async () => {
  // WooCommerce must deliver to this server's real address.
  setEnv({ ...server.env, APP_URL: server.url });
  const ctx = staffContext(server.db);
  await createProduct({ ctx, input: { productUid: "tee_print", title: "Printed tee", fileTypes: ["default"] } });
  customerId = (await createTestCustomer(server.db, { name: "Acme Woo" })).id;
  const product = fake.site.createProduct({
    name: "Tee",
    attributes: [{ name: "Size", options: ["M", "L"] }],
    variations: [
      { sku: "TEE-M", regularPrice: "25.00", attributes: { Size: "M" } },
      { sku: "TEE-L", regularPrice: "25.00", attributes: { Size: "L" } },
    ],
  });
  tee = { productId: product.id, linked: product.variationIds[0]!, unlinked: product.variationIds[1]! };
  const key = fake.site.createKey("read_write");
  store = await connectStore({ ctx, customerId, input: { platform: "woocommerce", siteUrl: `${fake.siteUrl}/`, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret } });
  await linkVariant({ ctx, storeId: store.id, input: { externalProductId: String(tee.productId), externalVariantId: String(tee.linked), productUid: "tee_print", files: [{ type: "default", url: art }] } });
});

const place = (status: "processing" | "pending" | "on-hold" = "processing", variationId = tee.linked) =>
  fake.site.placeOrder({ lines: [{ productId: tee.productId, variationId, quantity: 1 }], shipping, status });

const ownWebhooks = () => [...fake.site.webhooks.values()].filter((webhook) => webhook.deliveryUrl === store.webhookUrl);

async function post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", body, headers });
}

function signedHeaders(body: string, secret: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-wc-webhook-source": `${fake.siteUrl}/`,
    "x-wc-webhook-topic": "order.updated",
    "x-wc-webhook-resource": "order",
    "x-wc-webhook-event": "updated",
    "x-wc-webhook-id": "1",
    "x-wc-webhook-delivery-id": "abc123",
    "x-wc-webhook-signature": createHmac("sha256", secret).update(body).digest("base64"),
    ...overrides,
  };
}

function failure(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (error: unknown) => (isAppError(error) ? { code: error.code, paths: (error.details ?? []).map((detail) => detail.path) } : { code: String(error), paths: [] }),
  );
}

async function webhookSecret(): Promise<string> {
  const [row] = await server.db.select().from(stores).where(eq(stores.id, store.id));
  return (readCredentials(row!) as { webhookSecret: string }).webhookSecret;
}

describe("WooCommerce stores", () => {
  it("connects by REST keys with a generated webhook secret and creates its webhooks, whose pings are answered 200", async () => {
    expect(store).toMatchObject({ platform: "woocommerce", siteUrl: fake.siteUrl, name: "Acme Woo", status: "connected", webhookUrl: `${server.url}/api/webhooks/woocommerce/${store.id}` });
    expect(store.health.webhooks).toBe("ok");
    expect((await webhookSecret()).length).toBeGreaterThanOrEqual(32);
    expect(ownWebhooks().map((webhook) => webhook.topic).sort()).toEqual(["order.created", "order.updated", "product.deleted", "product.updated"]);
    expect(ownWebhooks().every((webhook) => webhook.status === "active")).toBe(true);
    await fake.webhooks.idle();
    const pings = fake.webhooks.attempts.filter((attempt) => attempt.ping);
    expect(pings.length).toBe(4);
    expect(pings.every((attempt) => attempt.status === 200)).toBe(true);
  });

  it("refuses keys the site refuses on consumerKey, and a private site URL on siteUrl without sending it anything", async () => {
    const ctx = staffContext(server.db);
    const other = (await createTestCustomer(server.db, { name: "Other Woo" })).id;
    expect(await failure(connectStore({ ctx, customerId: other, input: { platform: "woocommerce", siteUrl: keyFake.siteUrl, consumerKey: "ck_" + "0".repeat(40), consumerSecret: "cs_" + "0".repeat(40) } }))).toEqual({
      code: "validation_failed",
      paths: ["consumerKey"],
    });
    const readOnly = keyFake.site.createKey("read");
    expect((await failure(connectStore({ ctx, customerId: other, input: { platform: "woocommerce", siteUrl: keyFake.siteUrl, consumerKey: readOnly.consumerKey, consumerSecret: readOnly.consumerSecret } })))?.paths).toEqual(["consumerKey"]);
    const key = keyFake.site.createKey("read_write");
    expect(await failure(connectStore({ ctx, customerId: other, input: { platform: "woocommerce", siteUrl: privateUrl, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret } }))).toEqual({
      code: "validation_failed",
      paths: ["siteUrl"],
    });
    expect(privateHits).toBe(0);
    // A site another customer holds: taken.
    const held = fake.site.createKey("read_write");
    expect((await failure(connectStore({ ctx, customerId: other, input: { platform: "woocommerce", siteUrl: fake.siteUrl, consumerKey: held.consumerKey, consumerSecret: held.consumerSecret } })))?.code).toBe("conflict");
  });

  it("takes a processing order from its webhook to passed with the product and files of its variation's link", async () => {
    const placed = place();
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    expect(order).toMatchObject({ channel: "woocommerce", storeId: store.id, recipientName: "Ada Lovelace" });
    expect(order.items[0]).toMatchObject({ productUid: "tee_print", quantity: 1, files: [{ type: "default", url: art }], sourceProductKey: "TEE-M" });
    const health = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health;
    expect(health.lastWebhookAt).not.toBeNull();
  });

  it("waits for pending and on-hold orders and takes them once they are processing", async () => {
    const pending = place("pending");
    const onHold = place("on-hold");
    await fake.webhooks.idle();
    for (const placed of [pending, onHold]) {
      await expect.poll(async () => (await webhookEventsOf(server.db, placed.id)).map((event) => event.status), { timeout: 20_000 }).toEqual(["ignored"]);
      expect(await findShopOrder(server.db, store.id, placed.id)).toBeUndefined();
    }
    fake.site.setStatus(pending.id, "processing");
    fake.site.setStatus(onHold.id, "processing");
    await waitForShopOrder(server.db, store.id, pending.id, "passed");
    await waitForShopOrder(server.db, store.id, onHold.id, "passed");
  });

  it("ends coalesced updates and a repeated delivery in one order, the repeat changing nothing", async () => {
    const placed = place();
    fake.site.updateShipping(placed.id, { address_1: "1 Kirkby Mallory" });
    fake.site.updateShipping(placed.id, { address_1: "2 Kirkby Mallory" });
    await fake.webhooks.idle();
    await expect.poll(async () => (await findShopOrder(server.db, store.id, placed.id))?.shipments[0]?.address.addressLine1, { timeout: 20_000 }).toBe("2 Kirkby Mallory");
    expect(fake.webhooks.coalesced).toBeGreaterThan(0);
    // The same delivery twice: stored once.
    const body = JSON.stringify({ id: placed.id, status: "processing" });
    const headers = signedHeaders(body, await webhookSecret(), { "x-wc-webhook-delivery-id": "repeat-delivery" });
    const first = await post(`/api/webhooks/woocommerce/${store.id}`, body, headers);
    const second = await post(`/api/webhooks/woocommerce/${store.id}`, body, headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(((await second.json()) as { outcome: string }).outcome).toBe("duplicate");
    const repeated = await server.db.select().from(webhookEvents).where(and(eq(webhookEvents.storeId, store.id), eq(webhookEvents.deliveryId, `repeat-delivery:${placed.id}`)));
    expect(repeated).toHaveLength(1);
    // One delivery id shared by two orders in the same second stays two deliveries.
    const otherBody = JSON.stringify({ id: placed.id + 100_000 });
    const shared = await post(`/api/webhooks/woocommerce/${store.id}`, otherBody, signedHeaders(otherBody, await webhookSecret(), { "x-wc-webhook-delivery-id": "repeat-delivery" }));
    expect(((await shared.json()) as { outcome: string }).outcome).toBe("queued");
    expect((await findShopOrder(server.db, store.id, placed.id))?.status).toBe("passed");
  });

  it("answers the negative table: ping 200, unsigned or forged 401, headers missing 400, unknown store 404, a disconnected store's delivery 200 and ignored", async () => {
    const ctx = staffContext(server.db);
    const goneCustomer = (await createTestCustomer(server.db, { name: "Gone Woo" })).id;
    const goneKey = goneFake.site.createKey("read_write");
    const gone = await connectStore({ ctx, customerId: goneCustomer, input: { platform: "woocommerce", siteUrl: goneFake.siteUrl, consumerKey: goneKey.consumerKey, consumerSecret: goneKey.consumerSecret } });
    const [goneRow] = await server.db.select().from(stores).where(eq(stores.id, gone.id));
    const goneSecret = (readCredentials(goneRow!) as { webhookSecret: string }).webhookSecret;
    await disconnectStore({ ctx, storeId: gone.id });
    // Disconnecting deleted the site's webhooks; a delivery already on its way still comes.
    expect([...goneFake.site.webhooks.values()].filter((webhook) => webhook.deliveryUrl === gone.webhookUrl)).toHaveLength(0);
    const goneOrder = goneFake.site.placeOrder({ lines: [{ productId: goneFake.site.createProduct({ name: "Mug", sku: "MUG-1", regularPrice: "9.00" }).id, quantity: 1 }], shipping, status: "processing" });

    const secret = await webhookSecret();
    const own = `/api/webhooks/woocommerce/${store.id}`;
    const goneAt = `/api/webhooks/woocommerce/${gone.id}`;
    const body = JSON.stringify({ id: 1, status: "processing" });
    const goneBody = JSON.stringify({ id: goneOrder.id, status: "processing" });
    const nulBody = '{"id":"\u0000"}';
    const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
    const signed = (overrides: Record<string, string> = {}) => signedHeaders(body, secret, overrides);
    const goneSigned = (deliveryId: string, key = goneSecret) => signedHeaders(goneBody, key, { "x-wc-webhook-source": `${goneFake.siteUrl}/`, "x-wc-webhook-delivery-id": deliveryId });
    const table: Array<{ name: string; path: string; body: string; headers: Record<string, string>; status: number; outcome?: string }> = [
      { name: "the unsigned form ping", path: own, body: "webhook_id=17", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 200, outcome: "ping" },
      { name: "no signature", path: own, body, headers: without(signed({ "x-wc-webhook-delivery-id": "neg-1" }), "x-wc-webhook-signature"), status: 401 },
      { name: "signed with another key", path: own, body, headers: signedHeaders(body, "not-the-secret", { "x-wc-webhook-delivery-id": "neg-2" }), status: 401 },
      { name: "the signature of another body", path: own, body: JSON.stringify({ id: 2 }), headers: signed({ "x-wc-webhook-delivery-id": "neg-3" }), status: 401 },
      { name: "a signature that is not base64", path: own, body, headers: signed({ "x-wc-webhook-delivery-id": "neg-4", "x-wc-webhook-signature": "%%%" }), status: 401 },
      { name: "an empty signature", path: own, body, headers: signed({ "x-wc-webhook-delivery-id": "neg-5", "x-wc-webhook-signature": "" }), status: 401 },
      { name: "no topic", path: own, body, headers: without(signed({ "x-wc-webhook-delivery-id": "neg-6" }), "x-wc-webhook-topic"), status: 400 },
      { name: "no delivery id", path: own, body, headers: without(signed(), "x-wc-webhook-delivery-id"), status: 400 },
      { name: "no source", path: own, body, headers: without(signed({ "x-wc-webhook-delivery-id": "neg-7" }), "x-wc-webhook-source"), status: 400 },
      { name: "a signed body with a NUL character", path: own, body: nulBody, headers: signedHeaders(nulBody, secret, { "x-wc-webhook-delivery-id": "neg-8" }), status: 400 },
      { name: "an unknown store", path: "/api/webhooks/woocommerce/sto_unknown", body, headers: signed({ "x-wc-webhook-delivery-id": "neg-9" }), status: 404 },
      { name: "a store id of 2,000 characters", path: `/api/webhooks/woocommerce/${"x".repeat(2000)}`, body, headers: signed({ "x-wc-webhook-delivery-id": "neg-10" }), status: 404 },
      { name: "the ping of a disconnected store", path: goneAt, body: "webhook_id=3", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 200, outcome: "ping" },
      { name: "a disconnected store's delivery signed with its key", path: goneAt, body: goneBody, headers: goneSigned("gone-1"), status: 200, outcome: "ignored" },
      { name: "the same delivery again", path: goneAt, body: goneBody, headers: goneSigned("gone-1"), status: 200, outcome: "duplicate" },
      { name: "a disconnected store's delivery signed with another key", path: goneAt, body: goneBody, headers: goneSigned("gone-2", secret), status: 401 },
    ];
    for (const row of table) {
      const response = await post(row.path, row.body, row.headers);
      expect({ name: row.name, status: response.status }).toEqual({ name: row.name, status: row.status });
      const answer = (await response.json()) as { outcome?: string; error?: { code: string } };
      if (row.outcome) expect({ name: row.name, outcome: answer.outcome }).toEqual({ name: row.name, outcome: row.outcome });
      else expect(answer.error?.code).toBeTruthy();
    }
    expect((await fetch(`${server.url}${own}`)).status).toBe(405);
    // Nothing refused was stored; the disconnected store's delivery is kept once, as ignored, and queues nothing.
    const negatives = await server.db.select().from(webhookEvents).where(eq(webhookEvents.storeId, store.id));
    expect(negatives.filter((event) => event.deliveryId.startsWith("neg-"))).toHaveLength(0);
    const goneEvents = await server.db.select().from(webhookEvents).where(eq(webhookEvents.storeId, gone.id));
    expect(goneEvents.map((event) => [event.deliveryId, event.status, event.outcome])).toEqual([[`gone-1:${goneOrder.id}`, "ignored", "The store is disconnected"]]);
    const queued = await server.db.select().from(jobOutbox);
    expect(queued.filter((job) => JSON.stringify(job.payload).includes(goneEvents[0]!.id))).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await findShopOrder(server.db, gone.id, goneOrder.id)).toBeUndefined();
    const [after] = await server.db.select().from(stores).where(eq(stores.id, gone.id));
    expect(after).toMatchObject({ status: "disconnected", lastWebhookAt: goneRow!.lastWebhookAt });
  });

  it("answers 1,000 fuzzed signed bodies without a 5xx and stores every one it acknowledges", async () => {
    const secret = await webhookSecret();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['{"id":', "null", "[]", '"\\u0000"', "1e999", '{"id":"x"}', "\u0000", "\ud800", "{", "}", '"', "💥", "-0", "true", ",", ":", '{"id":-1}', '{"id":9007199254740993}'];
    const statuses = new Map<number, number>();
    let acknowledged = 0;
    const count = fuzzRuns(1000);
    const deliveries = Array.from({ length: count }, (_, index) => {
      const body = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const topic = random() < 0.5 ? "order.updated" : "coupon.created";
      return { body, headers: signedHeaders(body, secret, { "x-wc-webhook-delivery-id": `fuzz-${index}`, "x-wc-webhook-topic": topic }) };
    });
    for (let start = 0; start < deliveries.length; start += 10) {
      const answers = await Promise.all(deliveries.slice(start, start + 10).map((delivery) => post(`/api/webhooks/woocommerce/${store.id}`, delivery.body, delivery.headers)));
      for (const response of answers) {
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 200) acknowledged++;
      }
    }
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    const stored = await server.db.select({ deliveryId: webhookEvents.deliveryId }).from(webhookEvents).where(eq(webhookEvents.storeId, store.id));
    expect(stored.filter((event) => event.deliveryId.startsWith("fuzz-")).length).toBe(acknowledged);
    // Only bodies with a NUL character are refused (400); everything else signed is kept.
    expect(statuses.get(200)! + (statuses.get(400) ?? 0)).toBe(count);
    expect(acknowledged).toBeGreaterThan(count / 2);
  }, 120_000);

  it("cancels an order cancelled or refunded in the shop while it is cancellable", async () => {
    const cancelled = place();
    const refunded = place();
    await waitForShopOrder(server.db, store.id, cancelled.id, "passed");
    await waitForShopOrder(server.db, store.id, refunded.id, "passed");
    fake.site.setStatus(cancelled.id, "cancelled");
    fake.site.setStatus(refunded.id, "refunded");
    await waitForShopOrder(server.db, store.id, cancelled.id, "canceled");
    await waitForShopOrder(server.db, store.id, refunded.id, "canceled");
  });

  it("takes orders placed while WooCommerce had disabled the webhooks on the next sync, turns them back on, and says so in health", async () => {
    // The ten-minute reconcile finds the restored webhooks active and clears the warning, as it
    // should: when its tick fell inside this test the warning was gone before it was read.
    await server.database.executeSql(`DELETE FROM pgboss.schedule WHERE name = 'store.reconcile'`);
    for (const webhook of ownWebhooks()) fake.site.disableWebhook(webhook.id);
    const placed = place();
    await fake.webhooks.idle();
    expect(await findShopOrder(server.db, store.id, placed.id)).toBeUndefined();
    await syncStore({ ctx: staffContext(server.db), storeId: store.id });
    await waitForShopOrder(server.db, store.id, placed.id, "passed");
    await expect.poll(() => ownWebhooks().every((webhook) => webhook.status === "active"), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health.webhooks, { timeout: 20_000 }).toBe("disabled");
    const health = (await getStore({ ctx: staffContext(server.db), storeId: store.id })).health;
    expect(health).toMatchObject({ state: "warning", lastSyncError: null });
    expect(health.reason).toContain("turned back on");
    // Deliveries work again.
    const after = place();
    await waitForShopOrder(server.db, store.id, after.id, "passed");
  });

  it("writes one tracking note and completes the order when it ships, even when the job runs again", async () => {
    const ctx = staffContext(server.db);
    const placed = place();
    const order = await waitForShopOrder(server.db, store.id, placed.id, "passed");
    for (const status of ["in_production", "printed"] as const) await changeOrderStatus({ ctx, orderId: order.id, input: { status } });
    await changeOrderStatus({ ctx, orderId: order.id, input: { status: "shipped", carrier: "DHL", trackingCode: "WOO-TRACK-1", trackingUrl: "https://track.example/WOO-TRACK-1" } });
    await expect.poll(async () => (await fulfilmentsOf(server.db, order.id))[0]?.status, { timeout: 20_000 }).toBe("created");
    const system = systemContext("test", { db: server.db });
    await Promise.allSettled([fulfilStoreOrder(system, order.id), fulfilStoreOrder(system, order.id)]);
    await fulfilStoreOrder(system, order.id);
    const shopOrder = fake.site.getOrder(placed.id);
    const notes = shopOrder.notes.filter((note) => note.note.includes("WOO-TRACK-1"));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.customerNote).toBe(true);
    expect(shopOrder.trackings.map((tracking) => tracking.trackingNumber)).toEqual(["WOO-TRACK-1"]);
    expect(shopOrder.status).toBe("completed");
  });
});

describe("WooCommerce key flow (wc-auth)", () => {
  let receiver: Server;
  let callbackUrl = "";
  const answers: number[] = [];

  beforeAll(async () => {
    // Plays `POST /api/stores/woocommerce/keys` (a Next route, not served by this test server).
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          body = null;
        }
        void receiveWooKeys({ db: server.db, log: getLogger(), body }).then((receipt) => {
          answers.push(receipt.status);
          res.writeHead(receipt.status).end();
        });
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/stores/woocommerce/keys`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  async function approve(url: string): Promise<Response> {
    // The callback goes to the stand-in receiver; everything else is as issued.
    const authorize = new URL(url);
    authorize.searchParams.set("callback_url", callbackUrl);
    const grant = await (await fetch(authorize)).text();
    const link = /id="approve" href="([^"]+)"/.exec(grant)?.[1];
    if (!link) throw new Error("no Approve button");
    return fetch(link.replace(/&#38;/g, "&"), { redirect: "manual" });
  }

  it("connects a customer admin's site with keys WooCommerce posts for a single-use user_id bound to customer and site", async () => {
    const { customer, adminId } = await createStorefrontCustomer(server.db, "Keyflow Prints");
    const ctx = await customerUserContext(server.db, adminId);
    const siteUrl = keyFake.siteUrl;
    const started = await beginWooKeyFlow({ ctx, customerId: customer.id, siteUrl, userId: adminId, returnPath: "/portal/stores" });
    const authorize = new URL(started.url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${siteUrl}/wc-auth/v1/authorize`);
    expect(authorize.searchParams.get("scope")).toBe("read_write");
    expect(authorize.searchParams.get("callback_url")).toBe(`${server.url}/api/stores/woocommerce/keys`);
    expect(authorize.searchParams.get("return_url")).toBe(`${server.url}/portal/stores?woocommerce=returned`);
    expect(await readWooConnectOutcome({ ctx, customerId: customer.id, userId: started.userId })).toEqual({ state: "pending" });
    const returned = await approve(started.url);
    expect(returned.status).toBe(302);
    expect(new URL(returned.headers.get("location")!).searchParams.get("success")).toBe("1");
    expect(answers.at(-1)).toBe(200);
    const outcome = await readWooConnectOutcome({ ctx, customerId: customer.id, userId: started.userId });
    expect(outcome.state).toBe("connected");
    const connected = await getStore({ ctx, storeId: (outcome as { storeId: string }).storeId });
    expect(connected).toMatchObject({ platform: "woocommerce", siteUrl, customerId: customer.id, status: "connected" });
    // The same user_id again: refused.
    const replay = await receiveWooKeys({ db: server.db, log: getLogger(), body: { key_id: 9, user_id: started.userId, consumer_key: `ck_${"a".repeat(40)}`, consumer_secret: `cs_${"b".repeat(40)}`, key_permissions: "read_write" } });
    expect(replay.status).toBe(400);
    // A user_id with the site swapped is not one Inkbridge issued.
    const [random, cus] = started.userId.split(".");
    const forged = `${random}.${cus}.${Buffer.from(privateUrl).toString("base64url")}`;
    expect((await receiveWooKeys({ db: server.db, log: getLogger(), body: { key_id: 9, user_id: forged, consumer_key: `ck_${"a".repeat(40)}`, consumer_secret: `cs_${"b".repeat(40)}`, key_permissions: "read_write" } })).status).toBe(400);
    expect(privateHits).toBe(0);
  });

  it("staff start it for a customer; members cannot", async () => {
    const { customer, adminId } = await createStorefrontCustomer(server.db, "Keyflow Staff");
    const { user } = await createStaffUser(server.db);
    const staff = createContext({ type: "staff", userId: user.id, email: user.email, name: user.name, role: "admin" }, { db: server.db });
    const started = await beginWooKeyFlow({ ctx: staff, customerId: customer.id, siteUrl: "https://shop.example", userId: user.id, returnPath: `/customers/${customer.id}/stores` });
    expect(new URL(started.url).searchParams.get("return_url")).toBe(`${server.url}/customers/${customer.id}/stores?woocommerce=returned`);
    const member = createContext({ type: "customer_user", userId: adminId, customerId: customer.id, email: "m@example.com", name: "M", role: "member" }, { db: server.db });
    expect((await failure(beginWooKeyFlow({ ctx: member, customerId: customer.id, siteUrl: "https://shop.example", userId: adminId, returnPath: "/portal/stores" })))?.code).toBe("forbidden");
    expect((await failure(beginWooKeyFlow({ ctx: staff, customerId: customer.id, siteUrl: "not a url at all", userId: user.id, returnPath: "/portal/stores" })))?.paths).toEqual(["siteUrl"]);
  });
});
