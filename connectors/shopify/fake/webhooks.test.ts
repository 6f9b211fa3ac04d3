import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyFake, type ShopifyFake } from "./index";

const apiSecret = "hook-secret";
type Received = { headers: IncomingHttpHeaders; body: string; path: string };
let received: Received[] = [];
let answer: (path: string) => number = () => 200;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), path: req.url ?? "" });
      const reply = () => res.writeHead(answer(req.url ?? "")).end();
      if (req.url === "/slow") setTimeout(reply, 300);
      else reply();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

async function setup(options: Parameters<typeof startShopifyFake>[0]["webhookFaults"] = {}, timeoutMs = 500): Promise<{ fake: ShopifyFake; shop: string; variantId: number }> {
  received = [];
  answer = () => 200;
  const fake = await startShopifyFake({ apiKey: "k", apiSecret, webhookFaults: options, webhookDelivery: { retryDelaysMs: [5, 5, 5, 5, 5, 5, 5, 5], timeoutMs } });
  const shop = "hooks.myshopify.com";
  fake.shops.createShop(shop);
  const product = fake.shops.createProduct(shop, { title: "Tee", variants: [{ sku: "T1", price: 10 }] });
  return { fake, shop, variantId: product.variantIds[0] as number };
}

function subscribe(fake: ShopifyFake, shop: string, topic: string, path: string) {
  const record = fake.shops.getShop(shop);
  const id = fake.shops.nextId("subscription");
  record.subscriptions.set(id, { id, topic, uri: `${receiverUrl}${path}`, format: "JSON", filter: null, includeFields: [], name: null, consecutiveFailures: 0, createdAt: Date.now(), updatedAt: Date.now() });
  return id;
}

const address = { firstName: "Ann", lastName: "Lee", address1: "1 Road", city: "Berlin", zip: "10115", countryCode: "DE" };

describe("Shopify fake webhook emitter", () => {
  it("posts the REST order payload with Shopify's headers and a base64 HMAC of the raw body", async () => {
    const { fake, shop, variantId } = await setup();
    subscribe(fake, shop, "ORDERS_CREATE", "/orders");
    const order = fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress: address, financialStatus: "PAID" });
    await fake.webhooks.idle();
    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    const expected = createHmac("sha256", apiSecret).update(delivery.body).digest();
    expect(timingSafeEqual(Buffer.from(delivery.headers["x-shopify-hmac-sha256"] as string, "base64"), expected)).toBe(true);
    expect(delivery.headers["x-shopify-topic"]).toBe("orders/create");
    expect(delivery.headers["x-shopify-shop-domain"]).toBe(shop);
    expect(delivery.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(delivery.headers["x-shopify-webhook-id"]).toBeTruthy();
    expect(delivery.headers["x-shopify-event-id"]).toBeTruthy();
    expect(Date.parse(delivery.headers["x-shopify-triggered-at"] as string)).not.toBeNaN();
    const body = JSON.parse(delivery.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: order.id, admin_graphql_api_id: `gid://shopify/Order/${order.id}`, name: "#1001", financial_status: "paid" });
    expect((body.line_items as { sku: string; variant_id: number }[])[0]).toMatchObject({ sku: "T1", variant_id: variantId });
    await fake.close();
  });

  it("retries a failing endpoint with the same webhook id and deletes the subscription after 8 failures", async () => {
    const { fake, shop, variantId } = await setup();
    answer = () => 500;
    const subscriptionId = subscribe(fake, shop, "ORDERS_CREATE", "/failing");
    fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], financialStatus: "PAID" });
    await fake.webhooks.idle();
    expect(received).toHaveLength(8);
    expect(new Set(received.map((item) => item.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(fake.shops.getShop(shop).subscriptions.has(subscriptionId)).toBe(false);
    await fake.close();
  });

  it("counts an answer slower than the timeout as a failure and retries it", async () => {
    const { fake, shop, variantId } = await setup({}, 100);
    const subscriptionId = subscribe(fake, shop, "ORDERS_CREATE", "/slow");
    fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], financialStatus: "PAID" });
    await fake.webhooks.idle();
    expect(fake.webhooks.attempts.length).toBe(8);
    expect(fake.webhooks.attempts.every((attempt) => attempt.error === "timeout")).toBe(true);
    expect(fake.shops.getShop(shop).subscriptions.has(subscriptionId)).toBe(false);
    await fake.close();
  });

  it("a success after failures keeps the subscription", async () => {
    const { fake, shop, variantId } = await setup();
    let calls = 0;
    answer = () => (++calls < 3 ? 503 : 200);
    const subscriptionId = subscribe(fake, shop, "ORDERS_CREATE", "/flaky");
    fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], financialStatus: "PAID" });
    await fake.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(fake.shops.getShop(shop).subscriptions.get(subscriptionId)?.consecutiveFailures).toBe(0);
    await fake.close();
  });

  it("injects duplicates and reordering reproducibly from a seed", async () => {
    const run = async () => {
      const { fake, shop, variantId } = await setup({ duplicateProbability: 0.3, outOfOrderProbability: 0.5, maxDelayMs: 40, seed: 42 });
      subscribe(fake, shop, "ORDERS_CREATE", "/storm");
      const names: string[] = [];
      for (let index = 0; index < 20; index += 1) names.push(fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], financialStatus: "PAID" }).name);
      await fake.webhooks.idle();
      const duplicates = fake.webhooks.attempts.filter((attempt) => attempt.duplicate).length;
      const order = received.map((item) => (JSON.parse(item.body) as { name: string }).name);
      await fake.close();
      return { names, order, duplicates, count: received.length };
    };
    const first = await run();
    expect(first.duplicates).toBeGreaterThan(0);
    expect(first.count).toBe(20 + first.duplicates);
    expect(new Set(first.order)).toEqual(new Set(first.names));
    expect(first.order.filter((name, index) => index > 0 && name < (first.order[index - 1] as string)).length).toBeGreaterThan(0);
    const second = await run();
    expect(second.duplicates).toBe(first.duplicates);
  });

  it("sends app/uninstalled and compliance topics", async () => {
    const { fake, shop } = await setup();
    subscribe(fake, shop, "APP_UNINSTALLED", "/uninstalled");
    fake.shops.uninstall(shop);
    fake.webhooks.sendCompliance(shop, "customers/redact", { uri: `${receiverUrl}/redact`, orderIds: [1, 2] });
    await fake.webhooks.idle();
    const topics = received.map((item) => item.headers["x-shopify-topic"]).sort();
    expect(topics).toEqual(["app/uninstalled", "customers/redact"]);
    const redact = JSON.parse(received.find((item) => item.path === "/redact")?.body ?? "{}") as Record<string, unknown>;
    expect(redact).toMatchObject({ shop_domain: shop, orders_to_redact: [1, 2] });
    expect(fake.shops.listWebhookSubscriptions(shop)).toHaveLength(0);
    await fake.close();
  });
});
