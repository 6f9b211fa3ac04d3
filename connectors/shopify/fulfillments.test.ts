import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopError } from "../types";
import { shopifyConnector } from "./index";
import { startConnectorFake, type ConnectorFake } from "./testing";

const shop = "ship-test.myshopify.com";
let harness: ConnectorFake;
let variants: number[];

beforeAll(async () => {
  harness = await startConnectorFake(shop);
  variants = harness.fake.shops.createProduct(shop, { title: "Tee", variants: ["S", "M", "L"].map((size) => ({ sku: `TEE-${size}`, price: "20", options: { Size: size } })) }).variantIds;
});
afterAll(() => harness.close());

function paidOrder(quantities: number[]) {
  return harness.fake.shops.placeOrder(shop, { lineItems: quantities.map((quantity, index) => ({ variantId: variants[index] as number, quantity })), shippingAddress: { address1: "1 Road", city: "Berlin", countryCode: "DE" }, financialStatus: "PAID" });
}

describe("Shopify fulfilment", () => {
  it("fulfils the listed lines only, then a second shipment the rest, each with its own tracking", async () => {
    const order = paidOrder([2, 1]);
    const session = harness.session();
    const lineIds = order.lineItems.map((item) => String(item.id));
    const first = await shopifyConnector.createFulfillment(session, { externalOrderId: String(order.id), shipmentKey: "shp_a", carrier: "DHL", trackingNumber: "A1", lines: [{ externalLineId: lineIds[0] as string, quantity: 1 }], notifyCustomer: true });
    const second = await shopifyConnector.createFulfillment(session, { externalOrderId: String(order.id), shipmentKey: "shp_b", carrier: "DHL", trackingNumber: "B2", notifyCustomer: true });
    expect(first.created && second.created).toBe(true);
    expect(first.externalFulfillmentId).not.toBe(second.externalFulfillmentId);
    const held = harness.fake.shops.listFulfillments(shop, order.id);
    expect(held.map((fulfillment) => [fulfillment.trackingInfo[0]?.number, fulfillment.lineItems.map((line) => line.quantity)])).toEqual([
      ["A1", [1]],
      ["B2", [1, 1]],
    ]);
    expect(held[0]?.notifyCustomer).toBe(true);
    expect(harness.fake.shops.listFulfillmentOrders(shop, order.id)[0]?.status).toBe("CLOSED");
    // Both retried after a crash: found, not made again.
    expect(await shopifyConnector.createFulfillment(session, { externalOrderId: String(order.id), shipmentKey: "shp_a", carrier: "DHL", trackingNumber: "A1", notifyCustomer: true })).toEqual({ externalFulfillmentId: first.externalFulfillmentId, created: false });
    expect(harness.fake.shops.listFulfillments(shop, order.id)).toHaveLength(2);
  });

  it("refuses more than is open on a line, and an order with nothing left to fulfil, as rejected", async () => {
    const order = paidOrder([1]);
    const session = harness.session();
    const tooMany = await shopifyConnector
      .createFulfillment(session, { externalOrderId: String(order.id), shipmentKey: "shp_c", carrier: "UPS", trackingNumber: "C3", lines: [{ externalLineId: String(order.lineItems[0]?.id), quantity: 2 }], notifyCustomer: false })
      .catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(ShopError);
    expect((tooMany as ShopError).kind).toBe("rejected");
    harness.fake.shops.cancelOrder(shop, order.id);
    const cancelled = await shopifyConnector.createFulfillment(session, { externalOrderId: String(order.id), shipmentKey: "shp_c", carrier: "UPS", trackingNumber: "C3", notifyCustomer: false }).catch((error: unknown) => error);
    expect((cancelled as ShopError).kind).toBe("rejected");
    expect(harness.fake.shops.listFulfillments(shop, order.id)).toHaveLength(0);
  });

  it("updateTracking on a fulfilment Shopify does not have is rejected", async () => {
    const error = await shopifyConnector.updateTracking(harness.session(), "4600999999", { carrier: "UPS", trackingNumber: "X" }).catch((caught: unknown) => caught);
    expect((error as ShopError).kind).toBe("rejected");
  });
});

describe("Shopify orders with many lines", () => {
  it("getOrder and listOrdersUpdatedSince read every line beyond the first 25", async () => {
    const product = harness.fake.shops.createProduct(shop, { title: "Sticker", variants: Array.from({ length: 30 }, (_, index) => ({ sku: `ST-${index}`, price: "2", options: { Design: `D${index}` } })) });
    const since = new Date(Date.now() - 1000);
    const order = harness.fake.shops.placeOrder(shop, { lineItems: product.variantIds.map((variantId) => ({ variantId, quantity: 1 })), shippingAddress: { address1: "1 Road", city: "Berlin", countryCode: "DE" }, financialStatus: "PAID" });
    const read = await shopifyConnector.getOrder(harness.session(), String(order.id));
    expect(read?.lines.map((line) => line.sku)).toEqual(product.variantIds.map((_, index) => `ST-${index}`));
    let found = null;
    for (let cursor: string | null = null, pages = 0; !found && pages < 20; pages += 1) {
      const page: Awaited<ReturnType<typeof shopifyConnector.listOrdersUpdatedSince>> = await shopifyConnector.listOrdersUpdatedSince(harness.session(), since, cursor);
      found = page.orders.find((candidate) => candidate.externalId === String(order.id)) ?? null;
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(found?.lines).toHaveLength(30);
    expect(harness.fake.shops.graphqlRequests(shop).filter((request) => request.operationName === "InkbridgeOrderLines")).toHaveLength(2);
  });
});
