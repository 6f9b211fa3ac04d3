import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listOrdersUpdatedSince } from "./orders";
import { startWooTestSite, TEST_WEBHOOK_SECRET, type WooTestSite } from "./testing";
import { ensureWebhooks, isWebhookPing, readWebhookEnvelope, removeWebhooks, verifyWebhook, WOO_WEBHOOK_TOPICS } from "./webhooks";

let site: WooTestSite;
let productId = 0;

function placeOrder(): number {
  return site.fake.site.placeOrder({ lines: [{ productId, quantity: 1 }], shipping: { first_name: "Ada", last_name: "L", address_1: "1 Way", city: "London", postcode: "N1", country: "GB" } }).id;
}

beforeAll(async () => {
  site = await startWooTestSite();
  productId = site.fake.site.createProduct({ name: "Poster", sku: "POSTER", regularPrice: "10.00" }).id;
});

afterAll(() => site.close());

afterEach(() => {
  site.answerWith(200);
  site.fake.site.deleteWebhooks();
  site.received.length = 0;
});

describe("deliveries", () => {
  it("recognises WooCommerce's unsigned ping, and nothing signed as one", async () => {
    await ensureWebhooks(site.session());
    const ping = site.received.find((delivery) => delivery.rawBody.toString("utf8").startsWith("webhook_id="));
    expect(ping).toBeDefined();
    expect(isWebhookPing(ping?.headers ?? {}, ping?.rawBody ?? Buffer.alloc(0))).toBe(true);
    expect(readWebhookEnvelope(ping?.headers ?? {})).toMatchObject({ ok: false, status: 400 });
    expect(isWebhookPing({ "x-wc-webhook-signature": "abc" }, Buffer.from("webhook_id=1"))).toBe(false);
    expect(isWebhookPing({}, Buffer.from('{"id":1}'))).toBe(false);
  });

  it("reads the site from X-WC-Webhook-Source and keys the delivery by delivery id and resource", async () => {
    await ensureWebhooks(site.session());
    const orderId = placeOrder();
    await site.fake.webhooks.idle();
    const delivery = site.received.find((candidate) => candidate.headers["x-wc-webhook-topic"] === "order.created");
    const verified = verifyWebhook(delivery?.headers ?? {}, delivery?.rawBody ?? Buffer.alloc(0), TEST_WEBHOOK_SECRET);
    expect(verified).toMatchObject({ topic: "order.created", identity: site.fake.siteUrl, externalOrderId: String(orderId), deliveryId: `${delivery?.headers["x-wc-webhook-delivery-id"]}:${orderId}` });
  });

  it("names no order for product topics, and verifies a deleted product's thin body", () => {
    const body = Buffer.from('{"id":42}');
    const headers = {
      "X-WC-Webhook-Topic": "product.deleted",
      "X-WC-Webhook-Source": "https://shop.example/",
      "X-WC-Webhook-ID": "7",
      "X-WC-Webhook-Delivery-ID": "0123456789abcdef0123456789abcdef",
      "X-WC-Webhook-Signature": createHmac("sha256", "secret").update(body).digest("base64"),
    };
    expect(verifyWebhook(headers, body, "secret")).toMatchObject({ topic: "product.deleted", identity: "https://shop.example", externalOrderId: null, body: { id: 42 } });
  });
});

describe("arbitrary bodies", () => {
  const headers = (body: Buffer, topic: string) => ({
    "X-WC-Webhook-Topic": topic,
    "X-WC-Webhook-Source": "https://shop.example/",
    "X-WC-Webhook-ID": "7",
    "X-WC-Webhook-Delivery-ID": "0123456789abcdef0123456789abcdef",
    "X-WC-Webhook-Signature": createHmac("sha256", "secret").update(body).digest("base64"),
  });

  it("verifies any signed body without throwing and names an order only when the body's id is a whole number", () => {
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "null")),
      fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.bigInt().map(String)) }).map((value) => Buffer.from(JSON.stringify(value))),
    );
    fc.assert(
      fc.property(bodies, fc.constantFrom("order.created", "order.updated", "order.deleted", "product.updated"), (body, topic) => {
        const verified = verifyWebhook(headers(body, topic), body, "secret");
        expect(verified).not.toBeNull();
        const orderId = verified?.externalOrderId ?? null;
        expect(orderId === null || (topic.startsWith("order.") && /^\d+$/.test(orderId))).toBe(true);
        expect(verifyWebhook(headers(body, topic), body, "other")).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});

describe("ensureWebhooks", () => {
  it("turns a webhook WooCommerce disabled after failed deliveries back on, and the poller finds what was missed", async () => {
    const session = site.session();
    expect(await ensureWebhooks(session)).toEqual({ state: "ok", restored: [...WOO_WEBHOOK_TOPICS] });
    const since = new Date();
    site.answerWith(503);
    const missed: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      missed.push(placeOrder());
      await site.fake.webhooks.idle();
    }
    const created = [...site.fake.site.webhooks.values()].find((webhook) => webhook.topic === "order.created");
    expect(created?.status).toBe("disabled");
    site.answerWith(200);

    const check = await ensureWebhooks(session);
    expect(check.state).toBe("disabled");
    expect(check.restored).toContain("order.created");
    expect(site.fake.site.getWebhook(created?.id as number)).toMatchObject({ status: "active", secret: TEST_WEBHOOK_SECRET });
    expect(await ensureWebhooks(session)).toEqual({ state: "ok", restored: [] });

    const seen: string[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || (cursor && pages < 20); pages += 1) {
      const page = await listOrdersUpdatedSince(session, since, cursor);
      seen.push(...page.orders.map((order) => order.externalId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expect.arrayContaining(missed.map(String)));
  });

  it("needs the store's webhook secret", async () => {
    const session = site.session({ credentials: { webhookSecret: "" } });
    await expect(ensureWebhooks(session)).rejects.toMatchObject({ kind: "rejected", details: { field: "webhookSecret" } });
  });

  it("removeWebhooks leaves webhooks of other addresses alone", async () => {
    const foreign = site.fake.site.createWebhook({ topic: "order.created", deliveryUrl: "https://other.example/hook" });
    await ensureWebhooks(site.session());
    await removeWebhooks(site.session());
    expect([...site.fake.site.webhooks.values()].map((webhook) => webhook.id)).toEqual([foreign.id]);
  });
});
