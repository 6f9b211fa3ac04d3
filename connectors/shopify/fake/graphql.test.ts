import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyFake, toGid, type ShopifyFake } from "./index";

const shop = "gql.myshopify.com";
let fake: ShopifyFake;
let token: string;
let variantId: number;

beforeAll(async () => {
  fake = await startShopifyFake({ apiKey: "k", apiSecret: "s" });
  fake.shops.createShop(shop);
  token = fake.shops.createAccessToken(shop);
  const product = fake.shops.createProduct(shop, { title: "Classic Tee", variants: [{ sku: "TEE-S", price: "25", options: { Size: "S" } }, { sku: "TEE-M", price: "25", options: { Size: "M" } }] });
  variantId = product.variantIds[0] as number;
});
afterAll(() => fake.close());

type Body = { data?: Record<string, unknown>; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[]; extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } } };

async function gql(query: string, variables?: Record<string, unknown>): Promise<Body> {
  const response = await fetch(`${fake.origin.replace("{shop}", shop)}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as Body;
}

const address = { firstName: "Jon", lastName: "Doe", address1: "123 Main St", city: "Ottawa", zip: "K2P 1L4", countryCode: "CA" };

describe("Shopify fake Admin GraphQL", () => {
  it("builds Shopify's 2026-10 schema once, quickly", () => {
    expect(fake.schemaBuildMs).toBeLessThan(5000);
  });

  it("rejects a field the real schema does not have, with a Shopify-like error", async () => {
    const body = await gql("{ shop { id nonsenseField } }");
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toContain("nonsenseField");
    expect(body.errors?.[0]?.extensions?.code).toBe("undefinedField");
    expect(body.errors?.[0]?.path).toEqual(["query", "shop", "nonsenseField"]);
  });

  it("refuses a connection without first or last, and more than 250", async () => {
    const missing = await gql("{ products { nodes { id } } }");
    expect(missing.errors?.[0]?.message).toBe("you must provide one of first or last");
    const tooMany = await gql("{ products(first: 251) { nodes { id } } }");
    expect(tooMany.errors?.[0]?.message).toContain("250");
  });

  it("computes requested and actual cost the way Shopify documents it", async () => {
    const body = await gql("{ shop { name } products(first: 10) { edges { node { title variants(first: 5) { edges { node { price } } } } } } }");
    expect(body.errors).toBeUndefined();
    // shop 1 + products 2 + 10 × (node 1 + variants 2 + 5 × 1)
    expect(body.extensions?.cost.requestedQueryCost).toBe(1 + 2 + 10 * (1 + 2 + 5));
    // one product with two variants came back
    expect(body.extensions?.cost.actualQueryCost).toBe(1 + 2 + (1 + 2 + 2));
    expect(body.extensions?.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("refuses a query above 1000 points with MAX_COST_EXCEEDED", async () => {
    const body = await gql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
    expect(body.errors?.[0]?.extensions?.code).toBe("MAX_COST_EXCEEDED");
    expect(body.data).toBeUndefined();
  });

  it("answers THROTTLED when the bucket is empty, and recovers", async () => {
    fake.shops.setThrottle(shop, { capacity: 50, restoreRate: 1, currentlyAvailable: 10 });
    const body = await gql("{ products(first: 10) { nodes { id } } }");
    expect(body.errors?.[0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    expect(body.extensions?.cost.throttleStatus.maximumAvailable).toBe(50);
    fake.shops.setThrottle(shop, { capacity: 2000, restoreRate: 100, currentlyAvailable: 2000 });
    expect((await gql("{ products(first: 10) { nodes { id } } }")).errors).toBeUndefined();
    expect(fake.shops.graphqlRequests(shop).at(-1)?.requestedQueryCost).toBe(12);
  });

  it("refuses fields it does not serve by name instead of returning null", async () => {
    const body = await gql("{ shop { id plan { publicDisplayName } } }");
    expect(body.errors?.[0]?.message).toBe("The Shopify fake does not serve Shop.plan");
  });

  it("pages orders with a query filter and cursors", async () => {
    const before = new Date(Date.now() - 2000).toISOString();
    for (let index = 0; index < 3; index += 1) fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress: address, financialStatus: "PAID" });
    const query = `query($after: String, $q: String) { orders(first: 2, after: $after, query: $q, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { id legacyResourceId name displayFinancialStatus shippingAddress { city countryCodeV2 } lineItems(first: 5) { nodes { sku quantity requiresShipping variant { id sku } product { id } } } } } }`;
    const first = await gql(query, { q: `updated_at:>=${before}` });
    const page1 = first.data?.orders as { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { name: string; lineItems: { nodes: { sku: string }[] } }[] };
    expect(page1.nodes).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.nodes[0]?.lineItems.nodes[0]?.sku).toBe("TEE-S");
    const second = await gql(query, { q: `updated_at:>=${before}`, after: page1.pageInfo.endCursor });
    const page2 = second.data?.orders as typeof page1;
    expect(page2.nodes).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const future = await gql(query, { q: `updated_at:>=${new Date(Date.now() + 60_000).toISOString()}` });
    expect((future.data?.orders as typeof page1).nodes).toHaveLength(0);
  });

  it("fulfillmentCreate closes the fulfillment order and a second one over it fails", async () => {
    const order = fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 2 }], shippingAddress: address, financialStatus: "PAID" });
    const read = await gql(`query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 10) { nodes { id remainingQuantity lineItem { id } } } } } } }`, { id: toGid("Order", order.id) });
    const fo = (read.data?.order as { fulfillmentOrders: { nodes: { id: string; status: string; lineItems: { nodes: { id: string; remainingQuantity: number }[] } }[] } }).fulfillmentOrders.nodes[0];
    expect(fo?.status).toBe("OPEN");
    expect(fo?.lineItems.nodes[0]?.remainingQuantity).toBe(2);
    const mutation = `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status trackingInfo { company number url } } userErrors { field message } } }`;
    const input = { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo?.id, fulfillmentOrderLineItems: [{ id: fo?.lineItems.nodes[0]?.id, quantity: 2 }] }], trackingInfo: { company: "UPS", number: "1Z999", url: "https://ups.example/1Z999" }, notifyCustomer: true };
    const created = await gql(mutation, { f: input });
    expect(created.extensions?.cost.requestedQueryCost).toBe(10);
    const payload = created.data?.fulfillmentCreate as { fulfillment: { id: string; status: string; trackingInfo: { number: string }[] }; userErrors: unknown[] };
    expect(payload.userErrors).toEqual([]);
    expect(payload.fulfillment.trackingInfo[0]?.number).toBe("1Z999");
    expect(fake.shops.listFulfillmentOrders(shop, order.id)[0]?.status).toBe("CLOSED");
    expect(fake.shops.listFulfillments(shop, order.id)).toHaveLength(1);

    const again = await gql(mutation, { f: input });
    const failed = again.data?.fulfillmentCreate as { fulfillment: null; userErrors: { message: string }[] };
    expect(failed.fulfillment).toBeNull();
    expect(failed.userErrors[0]?.message).toContain("unfulfillable status= closed");
    expect(fake.shops.listFulfillments(shop, order.id)).toHaveLength(1);

    const updated = await gql(`mutation($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t) { fulfillment { trackingInfo { number } } userErrors { message } } }`, { id: payload.fulfillment.id, t: { company: "UPS", number: "1Z000" } });
    expect((updated.data?.fulfillmentTrackingInfoUpdate as { fulfillment: { trackingInfo: { number: string }[] } }).fulfillment.trackingInfo[0]?.number).toBe("1Z000");
    const status = await gql(`query($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillments { status } } }`, { id: toGid("Order", order.id) });
    expect(status.data?.order).toEqual({ displayFulfillmentStatus: "FULFILLED", fulfillments: [{ status: "SUCCESS" }] });
  });

  it("creates and lists webhook subscriptions, with userErrors for a duplicate", async () => {
    const create = `mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) { webhookSubscription { id topic uri } userErrors { field message } } }`;
    const sub = { uri: "https://portal.example.com/api/webhooks/shopify", format: "JSON" };
    const created = await gql(create, { topic: "ORDERS_CREATE", sub });
    expect((created.data?.webhookSubscriptionCreate as { webhookSubscription: { topic: string } }).webhookSubscription.topic).toBe("ORDERS_CREATE");
    const duplicate = await gql(create, { topic: "ORDERS_CREATE", sub });
    expect((duplicate.data?.webhookSubscriptionCreate as { userErrors: { message: string }[] }).userErrors[0]?.message).toContain("already been taken");
    const plainHttp = await gql(create, { topic: "ORDERS_UPDATED", sub: { uri: "http://portal.example.com/hook" } });
    expect((plainHttp.data?.webhookSubscriptionCreate as { userErrors: { message: string }[] }).userErrors[0]?.message).toContain("http://");
    const list = await gql("{ webhookSubscriptions(first: 10) { nodes { id topic uri } } }");
    const nodes = (list.data?.webhookSubscriptions as { nodes: { id: string }[] }).nodes;
    expect(nodes).toHaveLength(1);
    const deleted = await gql(`mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }`, { id: nodes[0]?.id });
    expect((deleted.data?.webhookSubscriptionDelete as { deletedWebhookSubscriptionId: string }).deletedWebhookSubscriptionId).toBe(nodes[0]?.id);
  });

  it("productSet creates a product with options and variants", async () => {
    const body = await gql(
      `mutation($input: ProductSetInput!) { productSet(synchronous: true, input: $input) { product { id title variants(first: 250) { nodes { id sku selectedOptions { name value } } } } userErrors { field message code } } }`,
      { input: { title: "Mug", status: "DRAFT", productOptions: [{ name: "Color", values: [{ name: "White" }, { name: "Black" }] }], variants: [{ optionValues: [{ optionName: "Color", name: "White" }], price: "12.00", sku: "MUG-W" }, { optionValues: [{ optionName: "Color", name: "Black" }], price: "12.00", sku: "MUG-B" }] } },
    );
    const result = body.data?.productSet as { product: { variants: { nodes: { sku: string; selectedOptions: unknown[] }[] } }; userErrors: unknown[] };
    expect(result.userErrors).toEqual([]);
    expect(result.product.variants.nodes.map((node) => node.sku)).toEqual(["MUG-W", "MUG-B"]);
    expect(result.product.variants.nodes[1]?.selectedOptions).toEqual([{ name: "Color", value: "Black" }]);
    const bad = await gql(`mutation($input: ProductSetInput!) { productSet(input: $input) { userErrors { code } } }`, { input: { title: "X", productOptions: [{ name: "Color", values: [{ name: "Red" }] }], variants: [{ optionValues: [{ optionName: "Color", name: "Blue" }] }] } });
    expect((bad.data?.productSet as { userErrors: { code: string }[] }).userErrors[0]?.code).toBe("OPTION_VALUE_DOES_NOT_EXIST");
  });
  it("enforces access scopes and answers bad bodies with 400", async () => {
    const limited = fake.shops.createAccessToken(shop, { scopes: ["read_products"] });
    const response = await fetch(`${fake.origin.replace("{shop}", shop)}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": limited },
      body: JSON.stringify({ query: "{ orders(first: 1) { nodes { id } } }" }),
    });
    const body = (await response.json()) as Body;
    expect(body.errors?.[0]?.extensions?.code).toBe("ACCESS_DENIED");
    const broken = await fetch(`${fake.origin.replace("{shop}", shop)}/admin/api/2026-10/graphql.json`, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token }, body: "{not json" });
    expect(broken.status).toBe(400);
  });

  it("a cancelled order shows cancelledAt and its fulfillment order can no longer be fulfilled", async () => {
    const order = fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress: address, financialStatus: "AUTHORIZED" });
    fake.shops.cancelOrder(shop, order.id);
    const read = await gql(`query($id: ID!) { order(id: $id) { cancelledAt displayFinancialStatus fulfillmentOrders(first: 1) { nodes { id status } } } }`, { id: toGid("Order", order.id) });
    const data = read.data?.order as { cancelledAt: string | null; displayFinancialStatus: string; fulfillmentOrders: { nodes: { id: string; status: string }[] } };
    expect(data.cancelledAt).not.toBeNull();
    expect(data.displayFinancialStatus).toBe("AUTHORIZED");
    expect(data.fulfillmentOrders.nodes[0]?.status).toBe("CANCELLED");
    const attempt = await gql(`mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }`, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: data.fulfillmentOrders.nodes[0]?.id }] } });
    expect((attempt.data?.fulfillmentCreate as { userErrors: unknown[] }).userErrors).toHaveLength(1);
  });

  it("the index page's button places a paid order", async () => {
    const before = fake.shops.getShop(shop).orders.size;
    const response = await fetch(`${fake.url}/${shop}/fake/place-order`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(303);
    expect(fake.shops.getShop(shop).orders.size).toBe(before + 1);
    expect(await (await fetch(fake.url)).text()).toContain("Place a paid order");
  });
});
