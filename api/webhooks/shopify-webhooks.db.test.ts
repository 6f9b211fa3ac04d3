import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import { createTestCustomer, staffContext } from "@/db/factories";
import { jobOutbox, webhookEvents } from "@/db/schema";
import { connectStore, type StoreView } from "@/lib/services/stores";
import { fuzzRuns, useTestServer } from "@/tests/support/runtime";
import type { ShopifyFake } from "@/connectors/shopify/fake";
import { shopifyApiSecret, shopifyEnv, startFakeFor } from "@/tests/support/shopify-store";

// The Shopify webhook endpoint under abuse: whatever arrives, no 5xx, nothing stored twice, and
// a refused delivery stores nothing.

const shop = "negative.myshopify.com";
const storeSecret = "the custom app's own secret";
const env = shopifyEnv();
let fake: ShopifyFake;
beforeAll(async () => {
  fake = await startFakeFor(env);
});
const server = useTestServer({ env, worker: false });
afterAll(() => fake?.close());

let store: StoreView;
beforeAll(async () => {
  fake.shops.createShop(shop);
  const customer = await createTestCustomer(server.db, { name: "Negative Prints" });
  store = await connectStore({
    ctx: staffContext(server.db),
    customerId: customer.id,
    input: { platform: "shopify", shopDomain: shop, accessToken: fake.shops.createAccessToken(shop), webhookSecret: storeSecret, registerWebhooks: false },
  });
});

type Delivery = { topic?: string; shopDomain?: string; webhookId?: string; hmac?: string | null; body?: string | Buffer; secret?: string; method?: string; contentType?: string | null };

const sign = (body: string | Buffer, secret: string) => createHmac("sha256", secret).update(body).digest("base64");

async function deliver(delivery: Delivery = {}): Promise<{ status: number; text: string }> {
  const body = delivery.body ?? JSON.stringify({ id: 820982911946154500, admin_graphql_api_id: "gid://shopify/Order/820982911946154508", name: "#9999" });
  const headers: Record<string, string> = {};
  if (delivery.contentType !== null) headers["content-type"] = delivery.contentType ?? "application/json";
  if (delivery.topic !== "") headers["x-shopify-topic"] = delivery.topic ?? "orders/create";
  if (delivery.shopDomain !== "") headers["x-shopify-shop-domain"] = delivery.shopDomain ?? shop;
  if (delivery.webhookId !== "") headers["x-shopify-webhook-id"] = delivery.webhookId ?? randomUUID();
  if (delivery.hmac !== null) headers["x-shopify-hmac-sha256"] = delivery.hmac ?? sign(body, delivery.secret ?? storeSecret);
  const method = delivery.method ?? "POST";
  const response = await fetch(`${server.url}/api/webhooks/shopify`, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body: typeof body === "string" ? body : new Uint8Array(body) }) });
  return { status: response.status, text: await response.text() };
}

async function stored() {
  const [events] = await server.db.select({ n: count() }).from(webhookEvents);
  const [jobs] = await server.db.select({ n: count() }).from(jobOutbox).where(eq(jobOutbox.queue, "store.webhook"));
  return { events: Number(events!.n), jobs: Number(jobs!.n) };
}

describe("POST /api/webhooks/shopify", () => {
  it("stores a signed delivery with its headers and raw body, queues its job, and answers a repeat without storing it again", async () => {
    const before = await stored();
    const webhookId = randomUUID();
    const body = JSON.stringify({ id: 1234, admin_graphql_api_id: "gid://shopify/Order/1234", note: "héllo" });
    const first = await deliver({ webhookId, body });
    expect(first.status).toBe(200);
    const [event] = await server.db.select().from(webhookEvents).where(eq(webhookEvents.deliveryId, webhookId));
    expect(event).toMatchObject({ storeId: store.id, topic: "orders/create", rawBody: body, status: "received", externalOrderId: "1234" });
    expect(event!.headers["x-shopify-shop-domain"]).toBe(shop);
    expect(await stored()).toEqual({ events: before.events + 1, jobs: before.jobs + 1 });
    const again = await deliver({ webhookId, body });
    expect(again.status).toBe(200);
    expect(await stored()).toEqual({ events: before.events + 1, jobs: before.jobs + 1 });
  });

  it("verifies with the app's secret too (OAuth stores, and Shopify's own compliance deliveries)", async () => {
    expect((await deliver({ secret: shopifyApiSecret })).status).toBe(200);
  });

  it("records a delivery for an unknown shop as ignored and queues nothing", async () => {
    const before = await stored();
    const webhookId = randomUUID();
    expect((await deliver({ shopDomain: "stranger.myshopify.com", secret: shopifyApiSecret, webhookId })).status).toBe(200);
    const [event] = await server.db.select().from(webhookEvents).where(eq(webhookEvents.deliveryId, webhookId));
    expect(event).toMatchObject({ storeId: null, status: "ignored" });
    expect(await stored()).toEqual({ events: before.events + 1, jobs: before.jobs });
  });

  const refused: Array<[string, Delivery, number]> = [
    ["a bad HMAC", { hmac: sign("another body", storeSecret) }, 401],
    ["an HMAC made with another secret", { secret: "not the secret" }, 401],
    ["an HMAC that is not base64", { hmac: "%%%not-base64%%%" }, 401],
    ["an empty HMAC", { hmac: " " }, 400],
    ["customers/redact with a bad HMAC", { topic: "customers/redact", body: JSON.stringify({ orders_to_redact: [1] }), hmac: sign("x", storeSecret) }, 401],
    ["shop/redact with a bad HMAC", { topic: "shop/redact", body: JSON.stringify({ shop_domain: shop }), hmac: sign("x", shopifyApiSecret) }, 401],
    ["customers/data_request with a bad HMAC", { topic: "customers/data_request", body: "{}", secret: "wrong" }, 401],
    ["an unknown shop with a bad HMAC", { shopDomain: "stranger.myshopify.com", secret: "wrong" }, 401],
    ["no X-Shopify-Topic", { topic: "" }, 400],
    ["no X-Shopify-Shop-Domain", { shopDomain: "" }, 400],
    ["no X-Shopify-Webhook-Id", { webhookId: "" }, 400],
    ["no X-Shopify-Hmac-Sha256", { hmac: null }, 400],
    ["a shop domain that is not myshopify.com", { shopDomain: "evil.example.com" }, 400],
    ["GET", { method: "GET" }, 405],
    ["PUT", { method: "PUT" }, 405],
    ["DELETE", { method: "DELETE" }, 405],
    ["a body over 1 MiB", { body: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }) }, 413],
    ["a signed body with a NUL byte", { body: Buffer.from('{"id":1,"x":"\u0000"}') }, 400],
  ];
  it.each(refused)("refuses %s and stores nothing", async (_name, delivery, status) => {
    const before = await stored();
    const response = await deliver(delivery);
    expect(response.status).toBe(status);
    expect(await stored()).toEqual(before);
  });

  it("takes a signed body whatever its content type, and a signed body that is not JSON, without a 5xx", async () => {
    for (const contentType of [null, "text/plain", "application/x-www-form-urlencoded"]) expect((await deliver({ contentType })).status).toBe(200);
    expect((await deliver({ body: "{not json" })).status).toBe(200);
    expect((await deliver({ body: "" })).status).toBe(200);
  });

  it("answers fuzzed bodies (1,000 on PostgreSQL) with a valid HMAC without a 5xx, storing each delivery once", async () => {
    const before = await stored();
    const accepted = new Set<string>();
    const topics = ["orders/create", "orders/updated", "orders/cancelled", "orders/paid", "app/uninstalled", "customers/redact", "customers/data_request", "products/update", "x/unknown"];
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? "null"),
      fc.record({ id: fc.oneof(fc.integer(), fc.string(), fc.double(), fc.constant(null)), admin_graphql_api_id: fc.oneof(fc.string(), fc.constant("gid://shopify/Order/99")) }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    );
    const webhookIds = Array.from({ length: 700 }, () => randomUUID());
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...topics), fc.integer({ min: 0, max: webhookIds.length - 1 }), async (text, topic, index) => {
        const webhookId = webhookIds[index]!;
        const response = await deliver({ body: text, topic, webhookId });
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) accepted.add(webhookId);
      }),
      { numRuns: fuzzRuns(1000), seed: 20261207 },
    );
    const after = await stored();
    expect(after.events - before.events).toBe(accepted.size);
    expect(after.jobs - before.jobs).toBe(accepted.size);
  }, 300_000);
});
