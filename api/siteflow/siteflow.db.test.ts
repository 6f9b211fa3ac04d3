import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestServer } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { staffContext } from "@/db/factories";
import { orders } from "@/db/schema";
import { createLookup } from "@/lib/services/lookups";
import { changeOrderStatus, processOrder } from "@/lib/services/orders";
import { createContext } from "@/lib/services/context";
import { dialects } from "../dialects";
import { account, countOrders, createSharedSiteflowConnector, fetchRetrying, minimalOrder, oneflowHeaders, setUpCatalog, setUpCustomer, routingRules, siteflowRequest, type Credentials, type Editable } from "./test-helpers";

const artwork = await startArtworkServer({ host: "127.0.0.1" });
artwork.route("/card.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
const server = useTestServer({
  worker: false,
  env: { SITEFLOW_ACCOUNT: account, CONNECTOR_RATE_LIMIT: "100000", FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}` },
});
afterAll(() => artwork.close());

let credentials: Credentials;
let customerId: string;
const call = (method: string, path: string, options: Parameters<typeof siteflowRequest>[4] = {}) => siteflowRequest(server.url, credentials, method, path, options);

async function storedOrder(id: string) {
  const [row] = await server.db.select().from(orders).where(eq(orders.id, id));
  return row!;
}

async function moveTo(orderId: string, ...statuses: Array<Parameters<typeof changeOrderStatus>[0]["input"]["status"]>) {
  for (const status of statuses) await changeOrderStatus({ ctx: staffContext(server.db), orderId, input: { status } });
}

beforeAll(async () => {
  await setUpCatalog(server.db);
  const setup = await setUpCustomer(server.db, { referenceId: "ACME" });
  credentials = setup.credentials;
  customerId = setup.customer.id;
  await createLookup({
    ctx: staffContext(server.db),
    customerId,
    input: { name: "SKUs", field: "product", entries: [{ key: "PEARSON85x11", value: "booklet_a5" }] },
  });
});

describe("SiteFlow signing variants accept the documented minimal order", () => {
  const unix = () => String(Math.floor(Date.now() / 1000));
  const plain = () => new Date().toISOString().slice(0, 19).replace("T", " ");

  it.each([
    ["ISO 8601 date with SHA256", { algorithm: "SHA256" as const, date: new Date().toISOString() }],
    ["Unix seconds with SHA1 and no algorithm header", { algorithm: null, date: unix() }],
    ["YYYY-MM-DD HH:mm:ss date", { algorithm: "SHA256" as const, date: plain() }],
    ["Unix seconds with SHA256 (the PHP SDK)", { algorithm: "SHA256" as const, date: unix() }],
    ["a signature over the /api/order path", { algorithm: "SHA256" as const, signedPath: "/api/order" }],
    ["an explicit SHA1 header over /api/order with Unix seconds", { algorithm: "SHA1" as const, signedPath: "/api/order", date: unix() }],
  ])("POST /api/siteflow/order with %s → 201", async (label, options) => {
    const sourceOrderId = `SIGN-${label.replace(/\W+/g, "-")}`;
    const response = await call("POST", "/order", { ...options, body: minimalOrder(sourceOrderId) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.success).toBe(true);
    expect(response.body.order._id).toMatch(/^ord_/);
    expect(response.body.order.destination).toEqual({ name: account });
    expect(response.body.order.orderData).toMatchObject({ sourceOrderId, status: "dataready" });
  });
});

describe("POST /api/siteflow/order", () => {
  it("answers 201 with the order in Site Flow's shape and stores the canonical order", async () => {
    const body = minimalOrder("DOC-1");
    const response = await call("POST", "/order", { body });
    expect(response.status).toBe(201);
    const order = response.body.order;
    expect(order.orderData.items[0]).toMatchObject({
      sku: "card.123",
      sourceItemId: "my-card",
      quantity: 1,
      shipmentIndex: 0,
      status: "dataready",
      components: [{ code: "Card", fetch: true, path: "http://www.site.com/text.pdf" }],
    });
    expect(order.orderData.items[0]._id).toMatch(/^itm_|^oi_|^[a-z]+_/);
    expect(order.orderData.shipments[0]).toMatchObject({
      shipmentIndex: 0,
      shipTo: { name: "Peter Pan", address1: "17 Disney Way", town: "Los Angeles", postcode: "12345", isoCountry: "US" },
      carrier: { alias: "pickup", serviceId: "pickup" },
    });
    expect(order.orderData.shipments[0].shipTo.state).toBeUndefined();

    const stored = await storedOrder(order._id);
    expect(stored).toMatchObject({ customerId, channel: "siteflow_api", externalId: "DOC-1", status: "created", connectorId: credentials.connectorId });
    expect(JSON.parse(stored.rawBody!)).toEqual(body);
    const got = await call("GET", `/order/${order._id}`);
    expect(got.body.order.orderData.items[0].components).toEqual([{ code: "Card", fetch: true, path: "http://www.site.com/text.pdf" }]);
  });

  it("builds the order HP's JS SDK example sends: lookups, components, stock items and a royalmail carrier", async () => {
    const body = {
      destination: { name: account },
      orderData: {
        sourceOrderId: "SDK-EXAMPLE-1",
        customerName: "Pearson",
        extraData: { campaign: "spring" },
        items: [
          {
            sku: "PEARSON85x11",
            quantity: 2,
            sourceItemId: "SDK-EXAMPLE-1-1",
            components: [
              { code: "cover", path: "https://files.example.com/business_cards.pdf", fetch: true },
              { code: "inner", path: "https://files.example.com/business_cards.pdf", fetch: "true", attributes: { Substrate: "Olin Creme 150" } },
            ],
          },
        ],
        stockItems: [{ code: "123", quantity: 10 }],
        shipments: [
          {
            shipTo: { name: "Nigel Watson", address1: "999 Letsbe Avenue", town: "London", isoCountry: "UK", postcode: "EC2N 0BJ", country: "United Kingdom" },
            carrier: { code: "royalmail", service: "firstclass" },
          },
        ],
      },
    };
    const response = await call("POST", "/order", { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const got = (await call("GET", `/order/${response.body.order._id}`)).body.order;
    expect(got.orderData).toMatchObject({ sourceOrderId: "SDK-EXAMPLE-1", customerName: "Pearson", extraData: { campaign: "spring" }, stockItems: [{ code: "123", quantity: 10 }] });
    expect(got.orderData.items[0]).toMatchObject({ sku: "PEARSON85x11", quantity: 2 });
    expect(got.orderData.items[0].components).toEqual([
      { code: "cover", path: "https://files.example.com/business_cards.pdf", fetch: true },
      { code: "inner", path: "https://files.example.com/business_cards.pdf", fetch: "true", attributes: { Substrate: "Olin Creme 150" } },
    ]);
    expect(got.orderData.shipments[0].shipTo).toMatchObject({ name: "Nigel Watson", isoCountry: "GB", country: "United Kingdom", postcode: "EC2N 0BJ" });
    expect(got.orderData.shipments[0].carrier).toEqual({ code: "royalmail", service: "firstclass", serviceId: "royalmail/firstclass" });

    const [row] = await server.db.select().from(orders).where(eq(orders.externalId, "SDK-EXAMPLE-1"));
    expect(row!.lookupTrace.map((entry) => `${entry.field}:${entry.from}->${entry.to}`)).toEqual([
      "product:PEARSON85x11->booklet_a5",
      "file_type:cover->front",
      "file_type:inner->back",
      "country:UK->GB",
    ]);
  });

  it("answers a repeat of the same order with the stored one and refuses different content as a duplicate", async () => {
    const first = await call("POST", "/order", { body: minimalOrder("DUP-1") });
    const again = await call("POST", "/order", { body: minimalOrder("DUP-1") });
    expect(again.status).toBe(201);
    expect(again.body.order._id).toBe(first.body.order._id);
    const before = await countOrders(server.db);
    const changed = minimalOrder("DUP-1") as { orderData: { items: Array<{ quantity: number }> } };
    changed.orderData.items[0]!.quantity = 5;
    const refused = await call("POST", "/order", { body: changed });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      success: false,
      error: {
        name: "ValidationError",
        code: 208,
        message: "The order failed validation",
        validations: [{ path: "orderData.sourceOrderId", message: "an order with this sourceOrderId already exists with different content" }],
      },
    });
    expect(await countOrders(server.db)).toBe(before);
  });

  it("accepts a multi-shipment order and keeps each item on its shipment", async () => {
    const body = minimalOrder("MULTI-1") as { orderData: Record<string, Editable> };
    body.orderData.items.push({ sku: "card.123", sourceItemId: "second", quantity: 3, shipmentIndex: 1, components: [{ code: "Card", path: "https://files.example.com/b.pdf" }] });
    body.orderData.shipments.push({
      shipmentIndex: 1,
      shipTo: { name: "Wendy Darling", address1: "14 Kensington Gardens", town: "London", postcode: "W2 2UH", isoCountry: "GB" },
      carrier: { code: "royalmail", service: "tracked24" },
    });
    const response = await call("POST", "/order", { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.order.orderData.items.map((item: { shipmentIndex: number }) => item.shipmentIndex)).toEqual([0, 1]);
    expect(response.body.order.orderData.shipments.map((shipment: { shipTo: { name: string } }) => shipment.shipTo.name)).toEqual(["Peter Pan", "Wendy Darling"]);
  });
});

describe("POST /api/siteflow/order/validate", () => {
  it("answers 200 {success:true} for a valid order and stores nothing", async () => {
    const before = await countOrders(server.db);
    const response = await call("POST", "/order/validate", { body: minimalOrder("VALIDATE-1") });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ success: true });
    expect(await countOrders(server.db)).toBe(before);
  });

  it("answers 400/208 with the paths of every problem", async () => {
    const body = minimalOrder("VALIDATE-2") as { orderData: Record<string, Editable> };
    body.orderData.items[0].sku = "no-such-card";
    body.orderData.shipments[0].shipTo.isoCountry = "XX";
    const response = await call("POST", "/order/validate", { body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ name: "ValidationError", code: 208 });
    expect(response.body.error.validations.map((validation: { path: string }) => validation.path).sort()).toEqual([
      "orderData.items[0].sku",
      "orderData.shipments[0].shipTo.isoCountry",
    ]);
  });

  it("refuses a sourceOrderId already used with different content", async () => {
    await call("POST", "/order", { body: minimalOrder("VALIDATE-DUP") });
    const changed = minimalOrder("VALIDATE-DUP") as { orderData: Record<string, Editable> };
    changed.orderData.items[0].quantity = 9;
    const response = await call("POST", "/order/validate", { body: changed });
    expect(response.status).toBe(400);
    expect(response.body.error.validations).toEqual([{ path: "orderData.sourceOrderId", message: "an order with this sourceOrderId already exists with different content" }]);
    expect((await call("POST", "/order/validate", { body: minimalOrder("VALIDATE-DUP") })).status).toBe(200);
  });
});

describe("POST /api/siteflow/order/route/{key}", () => {
  it("applies the routing rule's tags and rush priority", async () => {
    const response = await call("POST", "/order/route/rush01", { body: minimalOrder("ROUTE-1") });
    expect(response.status).toBe(201);
    expect(response.body.order.orderData.tags).toEqual(["rush", "cards"]);
    expect(await storedOrder(response.body.order._id)).toMatchObject({ priority: "rush", routingRuleKey: "rush01", tags: ["rush", "cards"], holdForApproval: "no" });
  });

  it("holds the order for approval when the rule says so (shown as pending)", async () => {
    // Artwork the checks can actually fetch, so processing gets as far as the hold.
    const body = minimalOrder("ROUTE-2") as { orderData: { items: Array<{ components: Array<{ path: string }> }> } };
    body.orderData.items[0]!.components[0]!.path = `${artwork.url}/card.pdf`;
    const response = await call("POST", "/order/route/hold01", { body });
    expect(response.status).toBe(201);
    const id = response.body.order._id;
    expect(await storedOrder(id)).toMatchObject({ holdForApproval: "yes", routingRuleKey: "hold01" });
    await processOrder(createContext({ type: "system", label: "test" }, { db: server.db }), id);
    expect((await call("GET", `/order/${id}`)).body.order.orderData.status).toBe("pending");
  });

  it("answers 404 for a key that is not one of the connector's rules, storing nothing", async () => {
    const before = await countOrders(server.db);
    const response = await call("POST", "/order/route/nope", { body: minimalOrder("ROUTE-3") });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ success: false, error: { name: "NotFound", code: 404, message: "No routing rule nope on this connector" } });
    expect(await countOrders(server.db)).toBe(before);
  });
});

describe("GET /api/siteflow/order", () => {
  it("gets one order by _id and by sourceOrderId", async () => {
    const created = (await call("POST", "/order", { body: minimalOrder("GET-1") })).body.order;
    const byId = await call("GET", `/order/${created._id}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({ success: true, order: created });
    expect((await call("GET", "/order/GET-1")).body.order._id).toBe(created._id);
  });

  it("accepts content-type JSON on a GET without a body", async () => {
    const response = await call("GET", "/order?page=1&pagesize=2");
    expect(response.status).toBe(200);
    expect(response.body.data).toBeInstanceOf(Array);
  });

  it("lists orders newest first, a page at a time", async () => {
    for (const id of ["LIST-1", "LIST-2", "LIST-3"]) await call("POST", "/order", { body: minimalOrder(id) });
    const first = await call("GET", "/order?page=1&pagesize=2");
    expect(first.status).toBe(200);
    expect(first.body.data.map((order: { orderData: { sourceOrderId: string } }) => order.orderData.sourceOrderId)).toEqual(["LIST-3", "LIST-2"]);
    expect(first.body.data[0]._id).toMatch(/^ord_/);
    expect(first.body).toMatchObject({ page: 1, pagesize: 2 });
    const second = await call("GET", "/order?page=2&pagesize=2");
    expect(second.body.data[0].orderData.sourceOrderId).toBe("LIST-1");
    const bad = await call("GET", "/order?page=0&pagesize=500");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe(208);
    expect(bad.body.error.validations.map((validation: { path: string }) => validation.path).sort()).toEqual(["query.page", "query.pagesize"]);
  });

  it("shows each pipeline status as Site Flow's", async () => {
    const id = (await call("POST", "/order", { body: minimalOrder("STATUS-1") })).body.order._id;
    const seen: string[] = [];
    const status = async () => seen.push((await call("GET", `/order/${id}`)).body.order.orderData.status);
    await status();
    for (const next of ["passed", "in_production", "printed", "shipped", "delivered"] as const) {
      await moveTo(id, next);
      await status();
    }
    expect(seen).toEqual(["dataready", "printready", "printready", "complete", "shipped", "shipped"]);
  });
});

describe("PUT /api/siteflow/order/{_id}", () => {
  it("replaces the orderData before production (bare or wrapped body)", async () => {
    const created = (await call("POST", "/order", { body: minimalOrder("UPDATE-1") })).body.order;
    const orderData = (minimalOrder("UPDATE-1") as { orderData: Record<string, Editable> }).orderData;
    orderData.items[0].quantity = 7;
    const bare = await call("PUT", `/order/${created._id}`, { body: orderData });
    expect(bare.status, JSON.stringify(bare.body)).toBe(200);
    expect(bare.body.order.orderData.items[0].quantity).toBe(7);
    orderData.items[0].quantity = 8;
    const wrapped = await call("PUT", `/order/${created._id}`, { body: { destination: { name: account }, orderData } });
    expect(wrapped.body.order.orderData.items[0].quantity).toBe(8);
    expect((await call("GET", `/order/${created._id}`)).body.order.orderData.items[0].quantity).toBe(8);
  });

  it("answers 400/208 once the order is in production and changes nothing", async () => {
    const created = (await call("POST", "/order", { body: minimalOrder("UPDATE-2") })).body.order;
    await moveTo(created._id, "passed", "in_production");
    const orderData = (minimalOrder("UPDATE-2") as { orderData: Record<string, Editable> }).orderData;
    orderData.items[0].quantity = 3;
    const response = await call("PUT", `/order/${created._id}`, { body: orderData });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ name: "ValidationError", code: 208, validations: [{ path: "orderData" }] });
    expect((await call("GET", `/order/${created._id}`)).body.order.orderData.items[0].quantity).toBe(1);
  });

  it("refuses a different sourceOrderId and bad fields with 400/208", async () => {
    const created = (await call("POST", "/order", { body: minimalOrder("UPDATE-3") })).body.order;
    const renamed = (minimalOrder("UPDATE-OTHER") as { orderData: unknown }).orderData;
    const response = await call("PUT", `/order/${created._id}`, { body: renamed });
    expect(response.status).toBe(400);
    expect(response.body.error.validations).toEqual([{ path: "orderData.sourceOrderId", message: "must stay UPDATE-3" }]);
    const broken = await call("PUT", `/order/${created._id}`, { body: { items: [] } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.validations).toContainEqual({ path: "orderData.items", message: "at least 1 item is required" });
  });
});

describe("PUT /api/siteflow/order/…/cancel", () => {
  it("cancels by _id, and again is still 200", async () => {
    const created = (await call("POST", "/order", { body: minimalOrder("CANCEL-1") })).body.order;
    const response = await call("PUT", `/order/${created._id}/cancel`, { raw: "" });
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.order).toMatchObject({ _id: created._id, orderData: { status: "cancelled", sourceOrderId: "CANCEL-1" } });
    expect((await call("PUT", `/order/${created._id}/cancel`)).status).toBe(200);
    expect((await storedOrder(created._id)).status).toBe("canceled");
  });

  it("cancels by {sourceAccount}/{sourceOrderId} with the customer's reference id or its id", async () => {
    const first = (await call("POST", "/order", { body: minimalOrder("CANCEL-2") })).body.order;
    const second = (await call("POST", "/order", { body: minimalOrder("CANCEL-3") })).body.order;
    const byReference = await call("PUT", "/order/ACME/CANCEL-2/cancel");
    expect(byReference.status).toBe(200);
    expect(byReference.body.order).toMatchObject({ _id: first._id, orderData: { status: "cancelled" } });
    const byId = await call("PUT", `/order/${customerId}/CANCEL-3/cancel`);
    expect(byId.body.order).toMatchObject({ _id: second._id, orderData: { status: "cancelled" } });
  });

  it("answers 404 for another account or an unknown sourceOrderId, and 409 once printed", async () => {
    const created = (await call("POST", "/order", { body: minimalOrder("CANCEL-4") })).body.order;
    expect((await call("PUT", "/order/SOMEONE-ELSE/CANCEL-4/cancel")).body).toMatchObject({ success: false, error: { name: "NotFound", code: 404 } });
    expect((await call("PUT", "/order/ACME/NO-SUCH-ORDER/cancel")).status).toBe(404);
    await moveTo(created._id, "passed", "in_production", "printed");
    const refused = await call("PUT", `/order/${created._id}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ success: false, error: { name: "Conflict", code: 409, message: "The order cannot be canceled because it is printed" } });
    expect((await storedOrder(created._id)).status).toBe("printed");
  });
});

describe("customers are kept apart", () => {
  let other: Credentials;
  let otherOrderId: string;
  beforeAll(async () => {
    other = (await setUpCustomer(server.db, { name: "Other Customer", referenceId: "OTHER" })).credentials;
    otherOrderId = (await siteflowRequest(server.url, other, "POST", "/order", { body: minimalOrder("OTHERS-1") })).body.order._id;
  });

  it.each([
    ["GET", (id: string) => `/order/${id}`],
    ["PUT", (id: string) => `/order/${id}/cancel`],
    ["PUT", (id: string) => `/order/${id}`],
  ])("%s on another customer's order is a 404", async (method, path) => {
    const response = await call(method, path(otherOrderId), method === "PUT" && !path("").endsWith("cancel") ? { body: (minimalOrder("OTHERS-1") as { orderData: unknown }).orderData } : {});
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ success: false, error: { name: "NotFound", code: 404 } });
    expect((await storedOrder(otherOrderId)).status).toBe("created");
  });

  it("the same sourceOrderId is independent per customer", async () => {
    const mine = await call("POST", "/order", { body: minimalOrder("OTHERS-1") });
    expect(mine.status).toBe(201);
    expect(mine.body.order._id).not.toBe(otherOrderId);
  });
});

describe("a connector shared by all customers", () => {
  let shared: Credentials;
  beforeAll(async () => {
    shared = await createSharedSiteflowConnector(server.db);
  });

  it("stores the order for the customer named by Customer-Reference-ID", async () => {
    const response = await siteflowRequest(server.url, shared, "POST", "/order", { body: minimalOrder("SHARED-1"), headers: { "customer-reference-id": "ACME" } });
    expect(response.status).toBe(201);
    expect((await storedOrder(response.body.order._id)).customerId).toBe(customerId);
  });

  it("asks for the header (400/208) and refuses an unknown customer (404)", async () => {
    const missing = await siteflowRequest(server.url, shared, "POST", "/order", { body: minimalOrder("SHARED-2") });
    expect(missing.status).toBe(400);
    expect(missing.body.error.validations).toEqual([{ path: "headers.customer-reference-id", message: "Required" }]);
    const unknown = await siteflowRequest(server.url, shared, "POST", "/order", { body: minimalOrder("SHARED-2"), headers: { "customer-reference-id": "NOBODY" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ name: "NotFound", code: 404 });
  });
});

describe("the JS SDK's request, byte for byte", () => {
  it("signs decodeURIComponent(pathname) with SHA256 and an ISO date", async () => {
    const url = `${server.url}/api/siteflow/order/ACME/SDK%20CANCEL/cancel`;
    const headers = oneflowHeaders(credentials, "PUT", url);
    const date = headers["x-oneflow-date"]!;
    const expected = createHmac("SHA256", credentials.secret).update(`PUT /api/siteflow/order/ACME/SDK CANCEL/cancel ${date}`).digest("hex");
    expect(headers["x-oneflow-authorization"]).toBe(`${credentials.apiKey}:${expected}`);
    await call("POST", "/order", { body: minimalOrder("SDK CANCEL") });
    const response = await fetchRetrying(url, () => ({ method: "PUT", headers }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { order: { orderData: { status: string } } }).order.orderData.status).toBe("cancelled");
  });
});

describe("the order preview", () => {
  it("runs the same translation through the dialect registry", () => {
    const parsed = dialects.siteflow!.parse(minimalOrder("PREVIEW"), { routingRule: routingRules[0] });
    expect(parsed.ok && parsed.input).toMatchObject({ channel: "siteflow_api", externalId: "PREVIEW", priority: "rush", tags: ["rush", "cards"], routingRuleKey: "rush01" });
    const refused = dialects.siteflow!.parse({ destination: { name: "elsewhere" }, orderData: {} }, {});
    expect(refused.ok ? [] : refused.problems.map((problem) => problem.path)).toEqual(["orderData.sourceOrderId", "orderData.items", "orderData.shipments"]);
  });
});

describe("documentation", () => {
  it("publishes the SiteFlow OpenAPI document", async () => {
    const response = await fetchRetrying(`${server.url}/api/docs/siteflow.json`, () => ({}));
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/siteflow/order", "/api/siteflow/order/{id}", "/api/siteflow/order/route/{key}"]));
  });
});
