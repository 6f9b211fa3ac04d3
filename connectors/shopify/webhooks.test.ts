import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "./fake";
import { shopifyConnector } from "./index";
import { startConnectorFake, type ConnectorFake } from "./testing";
import { externalOrderIdOf, SHOPIFY_WEBHOOK_TOPICS } from "./webhooks";

const shop = "hooks-test.myshopify.com";
const secret = "hook-secret";
let harness: ConnectorFake;

beforeAll(async () => {
  harness = await startConnectorFake(shop);
});
afterAll(() => harness.close());

const headersFor = (body: string, topic = "orders/create", extra: Record<string, string> = {}) => ({
  "X-Shopify-Topic": topic,
  "X-Shopify-Shop-Domain": shop,
  "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  "X-Shopify-Hmac-Sha256": signWebhook(body, secret),
  ...extra,
});

describe("Shopify webhook deliveries", () => {
  it("takes the order id from admin_graphql_api_id, exact beyond 2^53", () => {
    const body = '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}';
    const verified = shopifyConnector.verifyWebhook(headersFor(body), Buffer.from(body), secret);
    expect(verified?.externalOrderId).toBe("820982911946154508");
    expect(externalOrderIdOf("orders/updated", { id: 5600000001 })).toBe("5600000001");
    expect(externalOrderIdOf("orders/updated", JSON.parse('{"id":820982911946154508}'))).toBeNull();
    expect(externalOrderIdOf("orders/edited", { order_edit: { order_id: 42 } })).toBe("42");
    expect(externalOrderIdOf("fulfillments/create", { order_id: 43 })).toBe("43");
    expect(externalOrderIdOf("app/uninstalled", { id: 1 })).toBeNull();
    expect(externalOrderIdOf("orders/create", { id: "abc" })).toBeNull();
  });

  it("reads the order id from the payload's first bytes when the id and GID agree, and parses the body otherwise", () => {
    const escaped = String.raw`{"id":820982911946154508,"admin_graphql_api_id":"gid:\/\/shopify\/Order\/820982911946154508","name":"#1001"}`;
    const verified = shopifyConnector.verifyWebhook(headersFor(escaped), Buffer.from(escaped), secret);
    expect(verified?.externalOrderId).toBe("820982911946154508");
    // The parsed body is still there for whoever reads it.
    expect(verified?.body).toEqual(JSON.parse(escaped));
    expect(verified?.body).toMatchObject({ admin_graphql_api_id: "gid://shopify/Order/820982911946154508", name: "#1001" });
    // Disagreeing ids are left to the parse, which trusts the GID.
    const disagreeing = '{"id":1,"admin_graphql_api_id":"gid://shopify/Order/2"}';
    expect(shopifyConnector.verifyWebhook(headersFor(disagreeing), Buffer.from(disagreeing), secret)?.externalOrderId).toBe("2");
    // Another topic's payload of the same shape names no order.
    const product = '{"id":7,"admin_graphql_api_id":"gid://shopify/Order/7"}';
    expect(shopifyConnector.verifyWebhook(headersFor(product, "products/update"), Buffer.from(product), secret)?.externalOrderId).toBeNull();
  });

  it("verifies a signed body that is not JSON without throwing, and names no order", () => {
    const body = "not json {";
    const verified = shopifyConnector.verifyWebhook(headersFor(body), Buffer.from(body), secret);
    expect(verified).toMatchObject({ topic: "orders/create", identity: shop, externalOrderId: null, body: null });
  });

  it("refuses an envelope whose shop is not a myshopify.com domain, and takes the first of repeated headers", () => {
    const body = "{}";
    expect(shopifyConnector.readWebhookEnvelope({ ...headersFor(body), "X-Shopify-Shop-Domain": "evil.example.com" })).toMatchObject({ ok: false, status: 400 });
    expect(shopifyConnector.readWebhookEnvelope({ ...headersFor(body), "X-Shopify-Topic": "  " })).toMatchObject({ ok: false, status: 400 });
    const { "X-Shopify-Topic": _topic, ...rest } = headersFor(body);
    expect(shopifyConnector.readWebhookEnvelope({ ...rest, "x-shopify-topic": ["orders/paid", "orders/create"] })).toMatchObject({ ok: true, topic: "orders/paid" });
    expect(shopifyConnector.readWebhookEnvelope({ ...headersFor(body), "X-Shopify-Shop-Domain": "Hooks-Test.myshopify.com" })).toMatchObject({ ok: true, identity: shop });
  });

  it("compliance topics verify like any other topic", () => {
    const body = JSON.stringify({ shop_id: 1, shop_domain: shop, customer: { id: 2 }, orders_to_redact: [3] });
    const verified = shopifyConnector.verifyWebhook(headersFor(body, "customers/redact"), Buffer.from(body), secret);
    expect(verified).toMatchObject({ topic: "customers/redact", externalOrderId: null, body: { orders_to_redact: [3] } });
    expect(shopifyConnector.verifyWebhook(headersFor(body, "customers/redact"), Buffer.from(body), "other")).toBeNull();
  });
});

describe("Shopify webhook subscriptions", () => {
  it("subscribes only topics the 2026-10 schema accepts, and leaves other addresses' subscriptions alone", async () => {
    const session = harness.session();
    harness.fake.shops.getShop(shop);
    // Another app (or an old address) on the same topic.
    const other = { ...session, webhookUrl: "https://elsewhere.example.com/hooks" };
    await shopifyConnector.ensureWebhooks(other);
    expect((await shopifyConnector.ensureWebhooks(session)).restored).toEqual([...SHOPIFY_WEBHOOK_TOPICS]);
    expect(harness.fake.shops.listWebhookSubscriptions(shop)).toHaveLength(2 * SHOPIFY_WEBHOOK_TOPICS.length);
    await shopifyConnector.removeWebhooks(session);
    const left = harness.fake.shops.listWebhookSubscriptions(shop);
    expect(left).toHaveLength(SHOPIFY_WEBHOOK_TOPICS.length);
    expect(left.every((subscription) => subscription.uri === other.webhookUrl)).toBe(true);
    expect(harness.fake.shops.graphqlRequests(shop).flatMap((request) => request.errorCodes)).toEqual([]);
  });

  it("two reconciliation passes at once end with one subscription per topic and no error", async () => {
    const session = harness.session();
    harness.fake.shops.deleteWebhookSubscriptions(shop);
    const [first, second] = await Promise.all([shopifyConnector.ensureWebhooks(session), shopifyConnector.ensureWebhooks(session)]);
    expect(first.restored.length + second.restored.length).toBe(SHOPIFY_WEBHOOK_TOPICS.length);
    expect(harness.fake.shops.listWebhookSubscriptions(shop).map((subscription) => subscription.topic).sort()).toEqual([...SHOPIFY_WEBHOOK_TOPICS].sort());
  });
});
