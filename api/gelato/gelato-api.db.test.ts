import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestServer } from "@/tests/support/runtime";
import { staffContext } from "@/db/factories";
import { orders } from "@/db/schema";
import { createConnector, revokeConnector, rotateConnectorSecret } from "@/lib/services/connectors";
import { createShippingMethod } from "@/lib/services/catalog";
import { changeOrderStatus } from "@/lib/services/orders";
import { callGelato, documentedExampleOrder, seedGelato, storedCounts, waitForCalm, tshirtUid, type GelatoCall, type GelatoSeed } from "./test-fixtures";

const server = useTestServer({ worker: false, env: { CONNECTOR_RATE_LIMIT: "100000" } });
const call = (method: string, path: string, options: GelatoCall = {}) => callGelato(server.url, method, path, options);

let seed: GelatoSeed;
let revokedKey: string;
let rotatedOldKey: string;
let rotatedNewKey: string;

beforeAll(async () => {
  seed = await seedGelato(server.db);
  await waitForCalm(server.server.app);
  const ctx = staffContext(server.db);
  const revoked = await createConnector({ ctx, customerId: seed.acme.id, input: { type: "gelato", name: "Retired" } });
  await revokeConnector({ ctx, connectorId: revoked.id });
  revokedKey = `${revoked.apiKey}:${revoked.secret}`;
  const rotated = await createConnector({ ctx, customerId: seed.acme.id, input: { type: "gelato", name: "Rotated" } });
  rotatedOldKey = `${rotated.apiKey}:${rotated.secret}`;
  // A request before rotating puts the old credentials in the cache; rotation must drop them.
  expect((await call("POST", "/v4/orders:search", { key: rotatedOldKey, body: {} })).status).toBe(200);
  rotatedNewKey = `${rotated.apiKey}:${(await rotateConnectorSecret({ ctx, connectorId: rotated.id })).secret}`;
});

async function createOrder(reference: string, overrides: Record<string, unknown> = {}, key = seed.keys.acme) {
  const response = await call("POST", "/v4/orders", { key, body: { ...documentedExampleOrder(reference), ...overrides } });
  expect(response.status, response.text).toBe(200);
  return response.body;
}

async function moveTo(orderUid: string, statuses: string[], extra: Record<string, unknown> = {}) {
  const [row] = await server.db.select().from(orders).where(eq(orders.uid, orderUid));
  for (const status of statuses) await changeOrderStatus({ ctx: staffContext(server.db), orderId: row!.id, input: { status: status as never, ...extra } });
}

describe("POST /api/gelato/v4/orders", () => {
  it("creates Gelato's documented example order and answers in the v4 Get shape", async () => {
    const before = await storedCounts(server.db);
    const response = await call("POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder("doc-example-1") });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const order = response.body;
    expect(order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(order).toMatchObject({
      orderType: "order",
      orderReferenceId: "doc-example-1",
      customerReferenceId: "customer-77",
      fulfillmentStatus: "created",
      financialStatus: "pending",
      currency: "USD",
      channel: "api",
      storeId: null,
      billingEntity: null,
      receipts: [],
      connectedOrderIds: [],
      metadata: [{ key: "keyIdentifier1", value: "keyValue1" }],
      shipment: { shipmentMethodUid: "express", shipmentMethodName: "express", packageCount: 0, packages: [] },
      shippingAddress: { firstName: "Paul", lastName: "Smith", companyName: "Example", state: "NY", country: "US", email: "apisupport@gelato.com", orderId: order.id },
      returnAddress: { companyName: "My company", addressLine1: "3333 Saint Marys Avenue", city: "New York", addressLine2: null },
    });
    expect(order.items).toHaveLength(1);
    expect(order.items[0]).toMatchObject({
      itemReferenceId: "doc-example-1-item-1",
      productUid: tshirtUid,
      quantity: 1,
      fulfillmentStatus: "created",
      files: [
        { type: "default", isVisible: true, threadColors: [] },
        { type: "back", isVisible: true, threadColors: [] },
      ],
      options: [],
      previews: [],
    });
    expect(order.createdAt).toBe(order.orderedAt);
    expect(Number.isNaN(Date.parse(order.createdAt))).toBe(false);

    const after = await storedCounts(server.db);
    expect(after.orders).toBe(before.orders + 1);
    expect(after.items).toBe(before.items + 1);
    expect(after.jobs).toBe(before.jobs + 1);
    const [stored] = await server.db.select().from(orders).where(eq(orders.uid, order.id));
    expect(stored).toMatchObject({ customerId: seed.acme.id, channel: "gelato_api", connectorId: seed.connectors.acme.id, externalId: "doc-example-1" });
    expect(JSON.parse(stored!.rawBody)).toEqual(documentedExampleOrder("doc-example-1"));
  });

  it("returns the stored order for a repeat and 409 duplicate_order_reference for different content", async () => {
    const first = await createOrder("repeat-1");
    const before = await storedCounts(server.db);
    const again = await call("POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder("repeat-1") });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
    // Key order and whitespace do not make it a different order.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(documentedExampleOrder("repeat-1")).reverse()), null, 2);
    expect((await call("POST", "/v4/orders", { key: seed.keys.acme, raw: reordered })).body.id).toBe(first.id);

    const changed = await call("POST", "/v4/orders", { key: seed.keys.acme, body: { ...documentedExampleOrder("repeat-1"), currency: "EUR" } });
    expect(changed.status).toBe(409);
    expect(changed.body).toEqual({
      code: "duplicate_order_reference",
      message: expect.stringContaining("repeat-1"),
      details: [{ path: "orderReferenceId", message: expect.any(String) }],
    });
    expect(await storedCounts(server.db)).toEqual(before);
  });

  it("accepts JSON with a charset parameter", async () => {
    const response = await call("POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder("charset-1"), contentType: "application/json; charset=utf-8" });
    expect(response.status, response.text).toBe(200);
  });

  it("keeps one orderReferenceId per customer: another customer may use the same one", async () => {
    const mine = await createOrder("shared-ref-1");
    const theirs = await createOrder("shared-ref-1", {}, seed.keys.other);
    expect(theirs.id).not.toBe(mine.id);
  });

  it("resolves productName + productVariant through the product lookup, most specific key first", async () => {
    const order = await createOrder("variant-1", {
      items: [
        { itemReferenceId: "poster", productName: "Poster", productVariant: { size: "A3", paper: "matt" }, files: [{ url: "https://files.example.com/p.pdf" }], quantity: 3 },
        { itemReferenceId: "mug", productName: "Mug", productVariant: { color: "white" }, files: [{ type: "default", url: "https://files.example.com/m.png" }], quantity: 1 },
      ],
    });
    expect(order.items.map((item: { productUid: string }) => item.productUid)).toEqual(["flat_a3_poster_matt", "mug_11oz"]);
    expect(order.items[0]).toMatchObject({ productName: "Poster", productVariant: { size: "A3", paper: "matt" }, files: [{ type: "default" }] });
    const [stored] = await server.db.select().from(orders).where(eq(orders.uid, order.id));
    expect(stored!.lookupTrace.map((entry) => `${entry.from}->${entry.to}`)).toEqual(["Poster[paper=matt;size=A3]->flat_a3_poster_matt", "Mug->mug_11oz"]);
  });

  it("keeps GelatoConnect's extras and Gelato's item and file fields", async () => {
    const order = await createOrder("extras-1", {
      retailCurrency: "GBP",
      retailShippingPriceInclVat: 4.99,
      preventDuplicate: true,
      shipmentMethodUid: "normal,standard,fed_ex_2_day",
      items: [
        {
          itemReferenceId: "i1",
          productUid: tshirtUid,
          pageCount: 2,
          retailPriceInclVat: 19.5,
          files: [{ id: "file-9", type: "back", url: "https://files.example.com/f.png", threadColors: ["#FF0000"], isVisible: false }],
          quantity: 2,
        },
      ],
    });
    expect(order).toMatchObject({ retailCurrency: "GBP", retailShippingPriceInclVat: 4.99, shipment: { shipmentMethodUid: "normal" } });
    expect(order.items[0]).toMatchObject({ pageCount: 2, retailPriceInclVat: 19.5, files: [{ id: "file-9", threadColors: ["#FF0000"], isVisible: false }] });
  });

  it("chooses the first offered method of a comma list and shows its name", async () => {
    await createShippingMethod({ ctx: staffContext(server.db), input: { uid: "fed_ex_2_day", name: "FedEx 2 Day" } });
    await createShippingMethod({ ctx: staffContext(server.db), input: { uid: "express", name: "Express" } });
    await createShippingMethod({ ctx: staffContext(server.db), input: { uid: "normal", name: "Normal" } });
    const order = await createOrder("methods-1", { shipmentMethodUid: "overnight,fed_ex_2_day,normal" });
    expect(order.shipment).toMatchObject({ shipmentMethodUid: "fed_ex_2_day", shipmentMethodName: "FedEx 2 Day" });
    const refused = await call("POST", "/v4/orders", { key: seed.keys.acme, body: { ...documentedExampleOrder("methods-2"), shipmentMethodUid: "overnight" } });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ path: "shipmentMethodUid", message: expect.stringContaining("overnight") }]);
  });

  it("stores exactly one order for 50 concurrent submissions of one orderReferenceId", async () => {
    const before = await storedCounts(server.db);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => call("POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder("concurrent-1") })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    const after = await storedCounts(server.db);
    expect(after.orders).toBe(before.orders + 1);
    expect(after.items).toBe(before.items + 1);
    expect(after.events).toBe(before.events + 1);
  });
});

describe("GET /api/gelato/v4/orders/{id}", () => {
  let order: { id: string };
  beforeAll(async () => {
    order = await createOrder("get-1");
  });

  it("finds an order by its id and by its orderReferenceId", async () => {
    const byId = await call("GET", `/v4/orders/${order.id}`, { key: seed.keys.acme });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ id: order.id, orderReferenceId: "get-1", items: [{ itemReferenceId: "get-1-item-1" }] });
    const byReference = await call("GET", "/v4/orders/get-1", { key: seed.keys.acme });
    expect(byReference.status).toBe(200);
    expect(byReference.body.id).toBe(order.id);
  });

  it("answers 404 order_not_found for an unknown id and for another customer's order", async () => {
    for (const path of ["/v4/orders/nope", `/v4/orders/${order.id}`, "/v4/orders/get-1"]) {
      const response = await call("GET", path, { key: seed.keys.other });
      expect(response.status, path).toBe(404);
      expect(response.body).toEqual({ code: "order_not_found", message: expect.any(String), details: [] });
    }
  });

  it("shows tracking as a package once shipped", async () => {
    const shipped = await createOrder("get-shipped");
    await moveTo(shipped.id, ["passed", "in_production", "printed"]);
    await moveTo(shipped.id, ["shipped"], { trackingCode: "1Z999", trackingUrl: "https://track.example.com/1Z999" });
    const response = await call("GET", `/v4/orders/${shipped.id}`, { key: seed.keys.acme });
    expect(response.body).toMatchObject({
      fulfillmentStatus: "shipped",
      items: [{ fulfillmentStatus: "shipped" }],
      shipment: { packageCount: 1, packages: [{ trackingCode: "1Z999", trackingUrl: "https://track.example.com/1Z999", orderItemIds: [response.body.items[0].id] }] },
    });
  });
});

describe("POST /api/gelato/v4/orders:search", () => {
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    a = await createOrder("search-a", { shippingAddress: { ...documentedExampleOrder().shippingAddress, firstName: "Zelda", country: "GB", state: undefined } });
    b = await createOrder("search-b", { currency: "EUR" });
    await createOrder("search-other", {}, seed.keys.other);
    await call("POST", `/v4/orders/${b.id}:cancel`, { key: seed.keys.acme });
  });

  it("returns the caller's orders in v4's summary shape, newest first", async () => {
    const response = await call("POST", "/v4/orders:search", { key: seed.keys.acme, body: { orderReferenceIds: ["search-a", "search-b", "search-other"] } });
    expect(response.status).toBe(200);
    expect(response.body.orders.map((order: { orderReferenceId: string }) => order.orderReferenceId)).toEqual(["search-b", "search-a"]);
    expect(response.body.orders[1]).toEqual({
      id: a.id,
      orderType: "order",
      orderReferenceId: "search-a",
      customerReferenceId: "customer-77",
      fulfillmentStatus: "created",
      financialStatus: "pending",
      currency: "USD",
      channel: "api",
      storeId: null,
      country: "GB",
      firstName: "Zelda",
      lastName: "Smith",
      itemsCount: 1,
      totalInclVat: null,
      connectedOrderIds: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      orderedAt: expect.any(String),
    });
  });

  it.each([
    [{ fulfillmentStatuses: ["canceled"] }, ["search-b"]],
    [{ financialStatuses: ["canceled"] }, ["search-b"]],
    [{ financialStatuses: ["paid"] }, []],
    [{ countries: ["GB"] }, ["search-a"]],
    [{ currencies: ["EUR"] }, ["search-b"]],
    [{ search: "zelda" }, ["search-a"]],
    [{ orderReferenceId: "search-a" }, ["search-a"]],
    [{ channels: ["ui"] }, []],
    [{ channels: ["api"], orderTypes: ["order"] }, ["search-b", "search-a"]],
    [{ orderTypes: ["draft"] }, []],
    [{ limit: 1 }, ["search-b"]],
    [{ limit: 1, offset: 1 }, ["search-a"]],
    [{ startDate: "2000-01-01", endDate: "2001-01-01" }, []],
  ])("filters %j", async (filters, expected) => {
    const response = await call("POST", "/v4/orders:search", { key: seed.keys.acme, body: { orderReferenceIds: ["search-a", "search-b"], ...filters } });
    expect(response.status).toBe(200);
    expect(response.body.orders.map((order: { orderReferenceId: string }) => order.orderReferenceId)).toEqual(expected);
  });

  it("filters by ids and accepts an empty body", async () => {
    const byIds = await call("POST", "/v4/orders:search", { key: seed.keys.acme, body: { ids: [a.id] } });
    expect(byIds.body.orders.map((order: { id: string }) => order.id)).toEqual([a.id]);
    const empty = await call("POST", "/v4/orders:search", { key: seed.keys.acme });
    expect(empty.status).toBe(200);
    expect(empty.body.orders.length).toBeGreaterThan(2);
    expect(empty.body.orders.every((order: { orderReferenceId: string }) => order.orderReferenceId !== "search-other")).toBe(true);
  });

  it.each([
    [{ limit: 101 }, "limit"],
    [{ limit: 0 }, "limit"],
    [{ offset: -1 }, "offset"],
    [{ fulfillmentStatuses: ["lost"] }, "fulfillmentStatuses[0]"],
    [{ startDate: "yesterday" }, "startDate"],
    [{ ids: "abc" }, "ids"],
    [{ sort: "asc" }, "sort"],
  ])("refuses %j with 400 at %s", async (body, path) => {
    const response = await call("POST", "/v4/orders:search", { key: seed.keys.acme, body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "validation_failed", details: [{ path }] });
  });
});

describe("POST /api/gelato/v4/orders/{id}:cancel", () => {
  it("cancels, answers {code:200,message:OK}, and a second cancel changes nothing", async () => {
    const order = await createOrder("cancel-1");
    const response = await call("POST", `/v4/orders/${order.id}:cancel`, { key: seed.keys.acme });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 200, message: "OK" });
    const events = (await storedCounts(server.db)).events;
    expect((await call("POST", "/v4/orders/cancel-1:cancel", { key: seed.keys.acme })).body).toEqual({ code: 200, message: "OK" });
    expect((await storedCounts(server.db)).events).toBe(events);
    expect((await call("GET", `/v4/orders/${order.id}`, { key: seed.keys.acme })).body).toMatchObject({ fulfillmentStatus: "canceled", financialStatus: "canceled" });
  });

  it("answers 409 order_not_cancellable once printed", async () => {
    const order = await createOrder("cancel-printed");
    await moveTo(order.id, ["passed", "in_production", "printed"]);
    const response = await call("POST", `/v4/orders/${order.id}:cancel`, { key: seed.keys.acme });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ code: "order_not_cancellable", message: expect.stringContaining("printed"), details: [] });
  });

  it("answers 404 for another customer's order and for an unknown action", async () => {
    const order = await createOrder("cancel-theirs", {}, seed.keys.other);
    const theirs = await call("POST", `/v4/orders/${order.id}:cancel`, { key: seed.keys.acme });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("order_not_found");
    expect((await call("GET", `/v4/orders/${order.id}`, { key: seed.keys.other })).body.fulfillmentStatus).toBe("created");
    const unknown = await call("POST", `/v4/orders/${order.id}:archive`, { key: seed.keys.other });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("not_found");
  });
});

describe("PUT /api/gelato/v4/orders/{id}/shipment", () => {
  it("changes the method and the address, answering in GelatoConnect's shape", async () => {
    const order = await createOrder("ship-1");
    const address = { ...documentedExampleOrder().shippingAddress, firstName: "Paula", addressLine1: "1 New Street" };
    const response = await call("PUT", `/v4/orders/${order.id}/shipment`, { key: seed.keys.acme, body: { shipmentMethodUid: "normal", shippingAddress: address } });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({
      shippingAddress: { firstName: "Paula", addressLine1: "1 New Street", country: "US" },
      shipment: { shipmentMethodUid: "normal", shipmentMethodName: "Normal", packageCount: 0 },
    });
    const fetched = await call("GET", "/v4/orders/ship-1", { key: seed.keys.acme });
    expect(fetched.body.shippingAddress.firstName).toBe("Paula");
  });

  it.each([
    [{}, "(root)"],
    [{ shipmentMethodUid: "" }, "shipmentMethodUid"],
    [{ shipmentMethodUid: "teleport" }, "shipmentMethodUid"],
    [{ shippingAddress: { firstName: "A" } }, "shippingAddress.lastName"],
    [{ shippingAddress: { ...documentedExampleOrder().shippingAddress, country: "ZZ" } }, "shippingAddress.country"],
    [{ shippingAddress: { ...documentedExampleOrder().shippingAddress, state: undefined } }, "shippingAddress.state"],
  ])("refuses %j with 400 at %s and changes nothing", async (body, path) => {
    const order = await createOrder(`ship-bad-${path}-${JSON.stringify(body).length}`);
    const before = await call("GET", `/v4/orders/${order.id}`, { key: seed.keys.acme });
    const response = await call("PUT", `/v4/orders/${order.id}/shipment`, { key: seed.keys.acme, body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("validation_failed");
    expect(response.body.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect((await call("GET", `/v4/orders/${order.id}`, { key: seed.keys.acme })).body).toEqual(before.body);
  });

  it("answers 409 once shipped and 404 for another customer's order", async () => {
    const order = await createOrder("ship-late");
    await moveTo(order.id, ["passed", "in_production", "printed", "shipped"]);
    const late = await call("PUT", `/v4/orders/${order.id}/shipment`, { key: seed.keys.acme, body: { shipmentMethodUid: "normal" } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("order_not_updatable");
    const theirs = await call("PUT", `/v4/orders/${order.id}/shipment`, { key: seed.keys.other, body: { shipmentMethodUid: "normal" } });
    expect(theirs.status).toBe(404);
  });
});

describe("drafts: PATCH and DELETE /api/gelato/v4/orders/{id}", () => {
  it("creates a draft, which is not processed, and PATCH {orderType: order} turns it into an order", async () => {
    const before = await storedCounts(server.db);
    const draft = await createOrder("draft-1", { orderType: "draft" });
    expect(draft).toMatchObject({ orderType: "draft", fulfillmentStatus: "draft", financialStatus: "draft" });
    expect((await storedCounts(server.db)).jobs).toBe(before.jobs);

    const response = await call("PATCH", `/v4/orders/${draft.id}`, { key: seed.keys.acme, body: { orderType: "order" } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: draft.id, orderType: "order", fulfillmentStatus: "created", financialStatus: "pending" });
    expect((await storedCounts(server.db)).jobs).toBe(before.jobs + 1);
    const again = await call("PATCH", "/v4/orders/draft-1", { key: seed.keys.acme, body: { orderType: "order" } });
    expect(again.status).toBe(200);
    expect((await storedCounts(server.db)).jobs).toBe(before.jobs + 1);
  });

  it("refuses a PATCH other than {orderType: order}", async () => {
    const draft = await createOrder("draft-2", { orderType: "draft" });
    for (const body of [{ orderType: "draft" }, {}, { orderType: "order", items: [] }]) {
      const response = await call("PATCH", `/v4/orders/${draft.id}`, { key: seed.keys.acme, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe("validation_failed");
    }
    expect((await call("GET", `/v4/orders/${draft.id}`, { key: seed.keys.acme })).body.fulfillmentStatus).toBe("draft");
  });

  it("DELETE removes a draft (204) and refuses a real order (409)", async () => {
    const draft = await createOrder("draft-3", { orderType: "draft" });
    const theirs = await call("DELETE", `/v4/orders/${draft.id}`, { key: seed.keys.other });
    expect(theirs.status).toBe(404);
    const deleted = await call("DELETE", `/v4/orders/${draft.id}`, { key: seed.keys.acme });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call("GET", `/v4/orders/${draft.id}`, { key: seed.keys.acme })).status).toBe(404);

    const order = await createOrder("draft-4");
    const refused = await call("DELETE", `/v4/orders/${order.id}`, { key: seed.keys.acme });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "not_a_draft", details: [] });
  });
});

describe("a connector shared by all customers", () => {
  it("acts for the customer named by Customer-Reference-ID", async () => {
    const created = await call("POST", "/v4/orders", { key: seed.keys.shared, headers: { "customer-reference-id": "OTHER" }, body: documentedExampleOrder("shared-1") });
    expect(created.status).toBe(200);
    const [stored] = await server.db.select().from(orders).where(eq(orders.uid, created.body.id));
    expect(stored!.customerId).toBe(seed.other.id);
    expect(stored!.connectorId).toBe(seed.connectors.shared.id);
    expect((await call("GET", "/v4/orders/shared-1", { key: seed.keys.other })).body.id).toBe(created.body.id);
    expect((await call("GET", "/v4/orders/shared-1", { key: seed.keys.shared, headers: { "customer-reference-id": "OTHER" } })).status).toBe(200);
    expect((await call("GET", "/v4/orders/shared-1", { key: seed.keys.shared, headers: { "customer-reference-id": "ACME" } })).status).toBe(404);
    const search = await call("POST", "/v4/orders:search", { key: seed.keys.shared, headers: { "customer-reference-id": "ACME" }, body: { orderReferenceId: "shared-1" } });
    expect(search.body.orders).toEqual([]);
  });
});

describe("Gelato dialect errors", () => {
  const valid = () => documentedExampleOrder("negative");
  const withAddress = (change: Record<string, unknown>) => ({ ...valid(), shippingAddress: { ...valid().shippingAddress, ...change } });
  const withItem = (change: Record<string, unknown>) => ({ ...valid(), items: [{ ...valid().items[0], ...change }] });
  const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
  const hugeItems = `{"orderReferenceId":"huge","currency":"USD","shippingAddress":${JSON.stringify(valid().shippingAddress)},"items":[${Array(100_000).fill("0").join(",")}]}`;

  type Case = { name: string; method?: string; path?: string; key?: string | (() => string); status: number; code: string; paths?: string[] } & Omit<GelatoCall, "key">;
  const cases: Case[] = [
    { name: "no X-API-KEY", key: undefined as never, body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "an unknown key", key: "ik_nobody:secret", body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "a key without its secret", key: () => seed.connectors.acme.apiKey, body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "a wrong secret", key: () => `${seed.connectors.acme.apiKey}:not-the-secret`, body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "a revoked key", key: () => revokedKey, body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "the secret from before a rotation", key: () => rotatedOldKey, body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "a SiteFlow connector's key", key: () => seed.keys.siteflow, body: valid(), status: 401, code: "invalid_api_key_provided" },
    { name: "a shared connector without Customer-Reference-ID", key: () => seed.keys.shared, body: valid(), status: 400, code: "validation_failed", paths: ["headers.customer-reference-id"] },
    { name: "a shared connector naming an unknown customer", key: () => seed.keys.shared, headers: { "customer-reference-id": "NOBODY" }, body: valid(), status: 404, code: "customer_not_found" },
    { name: "malformed JSON", raw: '{"orderReferenceId": "x",', status: 400, code: "invalid_request" },
    { name: "a text/plain body", raw: JSON.stringify(valid()), contentType: "text/plain", status: 415, code: "invalid_request" },
    { name: "a body over 1 MiB", body: { ...valid(), metadata: [{ key: "big", value: "x".repeat(1_100_000) }] }, status: 413, code: "invalid_request" },
    { name: "a __proto__ key", raw: `{"__proto__": {"admin": true}, "orderReferenceId": "proto"}`, status: 400, code: "invalid_request" },
    { name: "a constructor.prototype key", raw: `{"constructor": {"prototype": {"admin": true}}}`, status: 400, code: "invalid_request" },
    { name: "an empty body", raw: "", status: 400, code: "validation_failed", paths: ["(root)"] },
    { name: "an array body", body: [valid()], status: 400, code: "validation_failed", paths: ["(root)"] },
    { name: "a JSON null body", raw: "null", status: 400, code: "validation_failed", paths: ["(root)"] },
    { name: "a missing orderReferenceId", body: { ...valid(), orderReferenceId: undefined }, status: 400, code: "validation_failed", paths: ["orderReferenceId"] },
    { name: "a numeric orderReferenceId", body: { ...valid(), orderReferenceId: 1001 }, status: 400, code: "validation_failed", paths: ["orderReferenceId"] },
    { name: "a bad currency", body: { ...valid(), currency: "dollars" }, status: 400, code: "validation_failed", paths: ["currency"] },
    { name: "an unknown orderType", body: { ...valid(), orderType: "rush" }, status: 400, code: "validation_failed", paths: ["orderType"] },
    { name: "no items", body: { ...valid(), items: [] }, status: 400, code: "validation_failed", paths: ["items"] },
    { name: "items as an object", body: { ...valid(), items: { 0: valid().items[0] } }, status: 400, code: "validation_failed", paths: ["items"] },
    { name: "quantity 0", body: withItem({ quantity: 0 }), status: 400, code: "validation_failed", paths: ["items[0].quantity"] },
    { name: "a negative quantity", body: withItem({ quantity: -3 }), status: 400, code: "validation_failed", paths: ["items[0].quantity"] },
    { name: "a huge quantity", body: withItem({ quantity: 1e12 }), status: 400, code: "validation_failed", paths: ["items[0].quantity"] },
    { name: "a fractional quantity", body: withItem({ quantity: 1.5 }), status: 400, code: "validation_failed", paths: ["items[0].quantity"] },
    { name: "a quantity as a string", body: withItem({ quantity: "1" }), status: 400, code: "validation_failed", paths: ["items[0].quantity"] },
    { name: "an unknown productUid", body: withItem({ productUid: "no_such_product" }), status: 400, code: "validation_failed", paths: ["items[0].productUid"] },
    { name: "an unknown productName", body: withItem({ productUid: undefined, productName: "Hoodie" }), status: 400, code: "validation_failed", paths: ["items[0].productName"] },
    { name: "productUid and productName together", body: withItem({ productName: "Mug" }), status: 400, code: "validation_failed", paths: ["items[0].productName"] },
    { name: "neither productUid nor productName", body: withItem({ productUid: undefined }), status: 400, code: "validation_failed", paths: ["items[0].productUid"] },
    { name: "a print area the product lacks", body: withItem({ files: [{ type: "sleeve-left", url: "https://files.example.com/a.png" }] }), status: 400, code: "validation_failed", paths: ["items[0].files[0].type"] },
    { name: "a file url that is not a URL", body: withItem({ files: [{ type: "default", url: "javascript:alert(1)" }] }), status: 400, code: "validation_failed", paths: ["items[0].files[0].url"] },
    { name: "no print files", body: withItem({ files: [] }), status: 400, code: "validation_failed", paths: ["items[0].files"] },
    { name: "a repeated itemReferenceId", body: { ...valid(), items: [valid().items[0], valid().items[0]] }, status: 400, code: "validation_failed", paths: ["items[1].itemReferenceId"] },
    { name: "an unknown country", body: withAddress({ country: "XX" }), status: 400, code: "validation_failed", paths: ["shippingAddress.country"] },
    { name: "a three-letter country", body: withAddress({ country: "USA" }), status: 400, code: "validation_failed", paths: ["shippingAddress.country"] },
    { name: "a US address without a state", body: withAddress({ state: undefined }), status: 400, code: "validation_failed", paths: ["shippingAddress.state"] },
    { name: "a missing first name", body: withAddress({ firstName: undefined }), status: 400, code: "validation_failed", paths: ["shippingAddress.firstName"] },
    { name: "a blank address line", body: withAddress({ addressLine1: "   " }), status: 400, code: "validation_failed", paths: ["shippingAddress.addressLine1"] },
    { name: "a missing city and post code", body: withAddress({ city: undefined, postCode: undefined }), status: 400, code: "validation_failed", paths: ["shippingAddress.city", "shippingAddress.postCode"] },
    { name: "a first name over 25 characters", body: withAddress({ firstName: "F".repeat(26) }), status: 400, code: "validation_failed", paths: ["shippingAddress.firstName"] },
    { name: "a bad email", body: withAddress({ email: "not an email" }), status: 400, code: "validation_failed", paths: ["shippingAddress.email"] },
    { name: "no shipping address", body: { ...valid(), shippingAddress: undefined }, status: 400, code: "validation_failed", paths: ["shippingAddress"] },
    { name: "a NUL character in a name", body: withAddress({ firstName: "Pa\u0000ul" }), status: 400, code: "validation_failed", paths: ["shippingAddress.firstName"] },
    { name: "a lone surrogate in a name", raw: JSON.stringify(withAddress({ lastName: "SURROGATE" })).replace("SURROGATE", "Sm\\ud800ith"), status: 400, code: "validation_failed", paths: ["shippingAddress.lastName"] },
    { name: "an unknown top-level field", body: { ...valid(), colour: "red" }, status: 400, code: "validation_failed", paths: ["colour"] },
    { name: "an unknown item field", body: withItem({ sku: "X" }), status: 400, code: "validation_failed", paths: ["items[0].sku"] },
    { name: "21 metadata entries", body: { ...valid(), metadata: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: "v" })) }, status: 400, code: "validation_failed", paths: ["metadata"] },
    { name: "a metadata value nested 1,000 levels deep", raw: JSON.stringify({ ...valid(), metadata: [{ key: "k", value: "DEEP" }] }).replace('"DEEP"', deep(1000)), status: 400, code: "validation_failed", paths: ["metadata[0].value"] },
    { name: "an unknown field nested 1,000 levels deep", raw: JSON.stringify({ ...valid(), nested: "DEEP" }).replace('"DEEP"', deep(1000)), status: 400, code: "validation_failed", paths: ["nested"] },
    { name: "100,000 items", raw: hugeItems, status: 400, code: "validation_failed", paths: ["items"] },
    { name: "GET of another customer's order id", method: "GET", path: "/v4/orders/ANOTHER", status: 404, code: "order_not_found" },
    { name: "GET of an id with a NUL byte", method: "GET", path: "/v4/orders/abc%00def", status: 400, code: "invalid_request" },
    { name: "GET with a malformed percent-encoding", method: "GET", path: "/v4/orders/%E0%A4%A", status: 400, code: "invalid_request" },
    { name: "GET of an id over 500 characters", method: "GET", path: `/v4/orders/${"a".repeat(600)}`, status: 404, code: "order_not_found" },
    { name: "GET of an unknown path", method: "GET", path: "/v5/orders", status: 404, code: "not_found" },
    { name: "cancel of another customer's order", method: "POST", path: "/v4/orders/ANOTHER:cancel", status: 404, code: "order_not_found" },
    { name: "delete of another customer's order", method: "DELETE", path: "/v4/orders/ANOTHER", status: 404, code: "order_not_found" },
  ];

  let anotherId: string;
  beforeAll(async () => {
    anotherId = (await createOrder("their-order", {}, seed.keys.other)).id;
  });

  it(`has at least 25 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const before = await storedCounts(server.db);
    const key = testCase.key === undefined ? ("key" in testCase ? undefined : seed.keys.acme) : typeof testCase.key === "function" ? testCase.key() : testCase.key;
    const path = (testCase.path ?? "/v4/orders").replace("ANOTHER", anotherId);
    const response = await call(testCase.method ?? "POST", path, { ...testCase, key });
    expect(response.status, response.text.slice(0, 500)).toBe(testCase.status);
    expect(response.body).toEqual({ code: testCase.code, message: expect.any(String), details: expect.any(Array) });
    expect(response.body.message.length).toBeGreaterThan(0);
    const paths = response.body.details.map((detail: { path: string }) => detail.path);
    for (const expected of testCase.paths ?? []) expect(paths).toContain(expected);
    for (const detail of response.body.details) expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(await storedCounts(server.db)).toEqual(before);
  });

  it("answers 401 with a WWW-Authenticate header and logs nothing of the secret in the body", async () => {
    const response = await call("GET", "/v4/orders/x", { key: `${seed.connectors.acme.apiKey}:wrong-secret-value` });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("X-API-KEY");
    expect(response.text).not.toContain("wrong-secret-value");
  });

  it("accepts the rotated secret", async () => {
    expect((await call("POST", "/v4/orders:search", { key: rotatedNewKey, body: {} })).status).toBe(200);
  });
});

describe("Gelato dialect documentation", () => {
  it("publishes every operation in the OpenAPI document", async () => {
    const response = await fetch(`${server.url}/api/docs/gelato.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations).toEqual(
      expect.arrayContaining([
        "POST /api/gelato/v4/orders",
        "POST /api/gelato/v4/orders:search",
        "GET /api/gelato/v4/orders/{orderId}",
        "POST /api/gelato/v4/orders/{target}",
        "PUT /api/gelato/v4/orders/{orderId}/shipment",
        "PATCH /api/gelato/v4/orders/{orderId}",
        "DELETE /api/gelato/v4/orders/{orderId}",
      ]),
    );
  });
});
