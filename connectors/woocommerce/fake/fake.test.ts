import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signUrl, startWooFake, type ApiKeyRecord, type WooFake } from ".";

type Received = { headers: Record<string, string | string[] | undefined>; body: string };

let fake: WooFake;
let key: ApiKeyRecord;
let receiver: Server;
let receiverUrl = "";
let answer = 200;
const received: Received[] = [];

function basic(record: ApiKeyRecord = key): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${record.consumerKey}:${record.consumerSecret}`).toString("base64")}` };
}

async function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${fake.siteUrl}/wp-json/wc/v3/${path}`, {
    method: init.method ?? "GET",
    headers: { ...basic(), ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

function shipping() {
  return { first_name: "Ada", last_name: "Lovelace", address_1: "1 Analytical Way", city: "London", postcode: "N1 1AA", country: "GB" };
}

beforeAll(async () => {
  fake = await startWooFake({ webhookDelivery: { delayMs: 20, timeoutMs: 1000 } });
  key = fake.site.createKey();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

afterEach(() => {
  answer = 200;
  received.length = 0;
  fake.site.deleteWebhooks();
});

describe("wc-auth key flow", () => {
  const params = (callback: string) => new URLSearchParams({ app_name: "Inkbridge", scope: "read_write", user_id: "tok_1", return_url: "https://portal.example/stores", callback_url: callback });

  it("refuses missing parameters and a callback_url that is not https", async () => {
    const missing = await fetch(`${fake.siteUrl}/wc-auth/v1/authorize?app_name=Inkbridge&scope=read_write`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Missing parameter user_id");
    const insecure = await fetch(`${fake.siteUrl}/wc-auth/v1/authorize?${params(`${receiverUrl}/keys`)}`);
    expect(insecure.status).toBe(400);
    expect(await insecure.text()).toContain("The callback_url needs to be over SSL");
  });

  it("shows the grant page, POSTs the keys as JSON on Approve, and redirects with success=1 once the callback answered 200", async () => {
    const local = await startWooFake({ requireHttpsCallback: false });
    try {
      const grant = await fetch(`${local.siteUrl}/wc-auth/v1/authorize?${params(`${receiverUrl}/keys`)}`);
      const html = await grant.text();
      expect(html).toContain("Read/Write");
      const deny = (/id="deny" href="([^"]+)"/.exec(html)?.[1] ?? "").replace(/&#38;/g, "&");
      expect(deny).toBe("https://portal.example/stores?success=0&user_id=tok_1");
      const approve = (/id="approve" href="([^"]+)"/.exec(html)?.[1] ?? "").replace(/&amp;/g, "&").replace(/&#38;/g, "&");
      const done = await fetch(approve, { redirect: "manual" });
      expect(done.status).toBe(302);
      expect(done.headers.get("location")).toBe("https://portal.example/stores?success=1&user_id=tok_1");
      const post = received.at(-1);
      expect(post?.headers["content-type"]).toBe("application/json;charset=UTF-8");
      const keys = JSON.parse(post?.body ?? "{}") as Record<string, unknown>;
      expect(keys).toMatchObject({ key_id: 1, user_id: "tok_1", key_permissions: "read_write" });
      expect(keys.consumer_key).toMatch(/^ck_[0-9a-f]{40}$/);
      expect(local.site.keys.get(keys.consumer_key as string)?.description).toMatch(/^Inkbridge - API \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/);
      // The nonce of the Approve link is single use.
      expect((await fetch(approve, { redirect: "manual" })).status).toBe(401);
    } finally {
      await local.close();
    }
  });

  it("deletes the key and shows an error when the callback does not answer exactly 200", async () => {
    const local = await startWooFake({ requireHttpsCallback: false });
    answer = 201;
    try {
      const html = await (await fetch(`${local.siteUrl}/wc-auth/v1/authorize?${params(`${receiverUrl}/keys`)}`)).text();
      const approve = (/id="approve" href="([^"]+)"/.exec(html)?.[1] ?? "").replace(/&#38;/g, "&");
      const done = await fetch(approve, { redirect: "manual" });
      expect(done.status).toBe(401);
      expect(await done.text()).toContain("unable to send the consumer data");
      expect(local.site.keys.size).toBe(0);
    } finally {
      await local.close();
    }
  });
});

describe("REST authentication", () => {
  it("answers WooCommerce's error shape without credentials and for unknown keys", async () => {
    const anonymous = await fetch(`${fake.siteUrl}/wp-json/wc/v3/orders`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ code: "woocommerce_rest_cannot_view", message: "Sorry, you cannot list resources.", data: { status: 401 } });
    const unknown = await api("orders", { headers: { Authorization: `Basic ${Buffer.from("ck_nope:cs_nope").toString("base64")}` } });
    expect(unknown.body).toMatchObject({ code: "woocommerce_rest_authentication_error", message: "Consumer key is invalid." });
  });

  it("takes OAuth 1.0a over http, and refuses a replayed nonce, a stale timestamp and a wrong signature", async () => {
    const url = `${fake.siteUrl}/wp-json/wc/v3/orders?per_page=5`;
    const signed = signUrl("GET", url, key.consumerKey, key.consumerSecret, { nonce: "nonce-once" });
    expect((await fetch(signed)).status).toBe(200);
    expect(fake.requests.at(-1)?.auth).toBe("oauth");
    expect(await (await fetch(signed)).json()).toMatchObject({ message: "Invalid nonce - nonce has already been used." });
    const stale = signUrl("GET", url, key.consumerKey, key.consumerSecret, { timestamp: Math.floor(Date.now() / 1000) - 16 * 60 });
    expect(await (await fetch(stale)).json()).toMatchObject({ message: "Invalid timestamp." });
    const wrong = signUrl("GET", url, key.consumerKey, "cs_wrong");
    expect(await (await fetch(wrong)).json()).toMatchObject({ message: "Invalid signature - provided signature does not match." });
  });

  it("takes Basic only over TLS when told to behave like a plain-http WooCommerce", async () => {
    const strict = await startWooFake({ basicAuth: "tls" });
    try {
      const record = strict.site.createKey();
      const response = await fetch(`${strict.siteUrl}/wp-json/wc/v3/orders`, { headers: basic(record) });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "woocommerce_rest_cannot_view" });
    } finally {
      await strict.close();
    }
  });

  it("lets a read key read but not write", async () => {
    const reader = fake.site.createKey("read");
    expect((await api("webhooks", { headers: basic(reader) })).status).toBe(200);
    const write = await api("webhooks", { method: "POST", body: {}, headers: basic(reader) });
    expect(write).toMatchObject({ status: 401, body: { code: "woocommerce_rest_authentication_error", message: "The API key provided does not have write permissions." } });
    // A key that may write gets the route's own validation instead.
    expect(await api("webhooks", { method: "POST", body: {} })).toMatchObject({ status: 400, body: { code: "rest_missing_callback_param" } });
  });
});

describe("orders and paging", () => {
  it("pages with X-WP-Total, X-WP-TotalPages and Link, filters by modified_after and sorts by modified", async () => {
    const product = fake.site.createProduct({ name: "Poster", sku: "POSTER-A2", regularPrice: "18.00" });
    const start = Date.now();
    const ids = [1, 2, 3, 4, 5].map(() => fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() }).id);
    const after = new Date(Math.floor(start / 1000) * 1000 - 1000).toISOString().slice(0, 19);
    const first = await api(`orders?per_page=2&page=1&modified_after=${after}&orderby=modified&order=asc`);
    expect(Number(first.headers.get("x-wp-total"))).toBeGreaterThanOrEqual(5);
    expect(first.headers.get("x-wp-totalpages")).toBe(String(Math.ceil(Number(first.headers.get("x-wp-total")) / 2)));
    expect(first.headers.get("link")).toMatch(/^<[^>]*[?&]page=2(&[^>]*)?>; rel="next"$/);
    const second = await api(`orders?per_page=2&page=2&modified_after=${after}&orderby=modified&order=asc`);
    expect(second.headers.get("link")).toMatch(/^<[^>]*[?&]page=1(&[^>]*)?>; rel="prev", <[^>]*[?&]page=3(&[^>]*)?>; rel="next"$/);
    expect(second.headers.get("link")).not.toContain("oauth_");
    expect((await api("orders?per_page=101")).body).toMatchObject({ code: "rest_invalid_param", data: { status: 400 } });
    fake.site.setStatus(ids[0] as number, "on-hold");
    const onHold = await api("orders?status=on-hold&per_page=100");
    expect((onHold.body as Array<{ id: number }>).map((order) => order.id)).toContain(ids[0]);
    expect((await api("orders/999999")).body).toMatchObject({ code: "woocommerce_rest_shop_order_invalid_id", data: { status: 404 } });
  });

  it("keeps notes, and deletes one only with force=true", async () => {
    const product = fake.site.createProduct({ name: "Mug", sku: "MUG-1", regularPrice: "9.00" });
    const order = fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
    const note = await api(`orders/${order.id}/notes`, { method: "POST", body: { note: "Shipped", customer_note: true } });
    expect(note).toMatchObject({ status: 201, body: { note: "Shipped", customer_note: true } });
    const id = (note.body as { id: number }).id;
    expect((await api(`orders/${order.id}/notes/${id}`, { method: "DELETE" })).status).toBe(501);
    expect((await api(`orders/${order.id}/notes/${id}?force=true`, { method: "DELETE" })).status).toBe(200);
    expect(fake.site.getOrder(order.id).notes).toHaveLength(0);
  });
});

describe("products", () => {
  it("creates variations in a batch and answers a refused item in place; more than 100 items is 413", async () => {
    const product = await api("products", { method: "POST", body: { name: "Hoodie", type: "variable", attributes: [{ name: "Size", variation: true, visible: true, options: ["S", "M"] }] } });
    const id = (product.body as { id: number }).id;
    const batch = await api(`products/${id}/variations/batch`, {
      method: "POST",
      body: { create: [{ sku: "HOOD-S", regular_price: "40.00", attributes: [{ name: "Size", option: "S" }] }, { sku: "HOOD-S", regular_price: "40.00", attributes: [{ name: "Size", option: "M" }] }] },
    });
    const created = (batch.body as { create: Array<Record<string, unknown>> }).create;
    expect(created[0]).toMatchObject({ sku: "HOOD-S", attributes: [{ name: "Size", option: "S" }] });
    expect(created[1]).toEqual({ id: 0, error: { code: "product_invalid_sku", message: "Invalid or duplicated SKU.", data: { status: 400 } } });
    const many = await api("products/batch", { method: "POST", body: { create: Array.from({ length: 101 }, (_, index) => ({ name: `P${index}` })) } });
    expect(many).toMatchObject({ status: 413, body: { code: "woocommerce_rest_request_entity_too_large" } });
  });
});

describe("webhooks", () => {
  async function createWebhook(topic: string, secret = "s3cret") {
    return (await api("webhooks", { method: "POST", body: { name: "test", topic, delivery_url: `${receiverUrl}/hook`, secret } })).body as { id: number; status: string };
  }

  it("pings the delivery URL with an unsigned form body before answering 201", async () => {
    const webhook = await createWebhook("order.created");
    const ping = received.at(-1);
    expect(ping?.body).toBe(`webhook_id=${webhook.id}`);
    expect(ping?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.keys(ping?.headers ?? {}).filter((name) => name.startsWith("x-wc-"))).toEqual([]);
    expect(webhook).not.toHaveProperty("secret");
  });

  it("delivers asynchronously with X-WC-* headers and the body signed with the secret", async () => {
    await createWebhook("order.created");
    const product = fake.site.createProduct({ name: "Cap", sku: "CAP-1", regularPrice: "12.00" });
    const order = fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
    expect(received.filter((delivery) => delivery.headers["x-wc-webhook-topic"])).toHaveLength(0);
    await fake.webhooks.idle();
    const delivery = received.find((candidate) => candidate.headers["x-wc-webhook-topic"] === "order.created");
    expect(delivery?.headers).toMatchObject({ "x-wc-webhook-source": `${fake.siteUrl}/`, "x-wc-webhook-resource": "order", "x-wc-webhook-event": "created", "content-type": "application/json" });
    expect(delivery?.headers["x-wc-webhook-signature"]).toBe(createHmac("sha256", "s3cret").update(delivery?.body ?? "").digest("base64"));
    expect(delivery?.headers["x-wc-webhook-delivery-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({ id: order.id, status: "processing" });
  });

  it("coalesces a burst of updates into one delivery carrying the latest state", async () => {
    await createWebhook("order.updated");
    const product = fake.site.createProduct({ name: "Bag", sku: "BAG-1", regularPrice: "15.00" });
    const order = fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping(), status: "pending" });
    fake.site.setStatus(order.id, "on-hold");
    fake.site.setStatus(order.id, "processing");
    fake.site.setStatus(order.id, "completed");
    await fake.webhooks.idle();
    const updates = received.filter((delivery) => delivery.headers["x-wc-webhook-topic"] === "order.updated");
    expect(updates).toHaveLength(1);
    expect(JSON.parse(updates[0]?.body ?? "{}")).toMatchObject({ id: order.id, status: "completed" });
  });

  it("holds deliveries while the queue runner is off (broken WP-Cron) and sends them when it runs again", async () => {
    await createWebhook("order.created");
    const product = fake.site.createProduct({ name: "Tote", sku: "TOTE-1", regularPrice: "8.00" });
    fake.webhooks.pause();
    const order = fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
    await fake.webhooks.idle();
    const orderDeliveries = () => received.filter((delivery) => delivery.headers["x-wc-webhook-topic"] === "order.created" && (JSON.parse(delivery.body) as { id: number }).id === order.id);
    expect(orderDeliveries()).toHaveLength(0);
    fake.webhooks.resume();
    await fake.webhooks.idle();
    expect(orderDeliveries()).toHaveLength(1);
  });

  it("never retries, and disables the webhook at the 7th failure in a row", async () => {
    const webhook = await createWebhook("order.created");
    const product = fake.site.createProduct({ name: "Pin", sku: "PIN-1", regularPrice: "3.00" });
    answer = 500;
    for (let index = 0; index < 6; index += 1) {
      fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
      await fake.webhooks.idle();
    }
    expect(fake.site.getWebhook(webhook.id)).toMatchObject({ status: "active", failureCount: 6 });
    fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
    await fake.webhooks.idle();
    expect(fake.site.getWebhook(webhook.id).status).toBe("disabled");
    expect(fake.webhooks.attempts.filter((attempt) => attempt.webhookId === webhook.id && !attempt.ping)).toHaveLength(7);
    fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
    await fake.webhooks.idle();
    expect(fake.webhooks.attempts.filter((attempt) => attempt.webhookId === webhook.id && !attempt.ping)).toHaveLength(7);
    // Turned back on by REST: the failure count starts again.
    expect((await api(`webhooks/${webhook.id}`, { method: "PUT", body: { status: "active" } })).body).toMatchObject({ status: "active" });
    expect(fake.site.getWebhook(webhook.id).failureCount).toBe(0);
  });

  it("refuses an unknown topic and missing fields, and deletes only with force", async () => {
    expect((await api("webhooks", { method: "POST", body: { topic: "order.exploded", delivery_url: `${receiverUrl}/hook` } })).body).toMatchObject({ code: "woocommerce_rest_webhook_invalid_topic" });
    expect((await api("webhooks", { method: "POST", body: { topic: "order.created" } })).body).toMatchObject({ code: "rest_missing_callback_param", message: "Missing parameter(s): delivery_url" });
    const webhook = await createWebhook("product.updated");
    expect((await api(`webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(501);
    expect((await api(`webhooks/${webhook.id}?force=true`, { method: "DELETE" })).status).toBe(200);
  });
});

describe("Shipment Tracking and faults", () => {
  it("serves the extension's routes only while it is switched on", async () => {
    const product = fake.site.createProduct({ name: "Sticker", sku: "STICKER-1", regularPrice: "2.00" });
    const order = fake.site.placeOrder({ lines: [{ productId: product.id, quantity: 1 }], shipping: shipping() });
    const url = `${fake.siteUrl}/wp-json/wc-shipment-tracking/v3/orders/${order.id}/shipment-trackings`;
    const created = await fetch(url, { method: "POST", headers: { ...basic(), "Content-Type": "application/json" }, body: JSON.stringify({ tracking_provider: "UPS", tracking_number: "1Z1" }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ tracking_provider: "UPS", tracking_number: "1Z1", tracking_link: "https://www.ups.com/track?tracknum=1Z1" });
    fake.setShipmentTracking(false);
    try {
      const gone = await fetch(url, { headers: basic() });
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ code: "rest_no_route" });
      expect(((await (await fetch(`${fake.siteUrl}/wp-json/`)).json()) as { namespaces: string[] }).namespaces).not.toContain("wc-shipment-tracking/v3");
    } finally {
      fake.setShipmentTracking(true);
    }
  });

  it("answers injected 429s with Retry-After, then serves again", async () => {
    fake.fail({ status: 429, retryAfterSeconds: 2, times: 2 });
    const first = await api("orders");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect((await api("orders")).status).toBe(429);
    expect((await api("orders")).status).toBe(200);
  });
});
