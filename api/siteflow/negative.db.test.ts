import { beforeAll, describe, expect, it } from "vitest";
import { staffContext } from "@/db/factories";
import { useTestServer } from "@/tests/support/runtime";
import { createConnector, revokeConnector, rotateConnectorSecret } from "@/lib/services/connectors";
import { account, countOrders, minimalOrder, setUpCatalog, setUpCustomer, siteflowRequest, type Credentials, type Editable, type Reply, type SignOptions } from "./test-helpers";

const server = useTestServer({ worker: false, env: { SITEFLOW_ACCOUNT: account, CONNECTOR_RATE_LIMIT: "100000" } });

let good: Credentials;
let revoked: Credentials;
let rotated: Credentials & { newSecret: string };
let gelato: Credentials;
let otherOrderId: string;

beforeAll(async () => {
  await setUpCatalog(server.db);
  good = (await setUpCustomer(server.db, { referenceId: "NEG" })).credentials;
  revoked = (await setUpCustomer(server.db, { name: "Revoked", referenceId: "REVOKED" })).credentials;
  await revokeConnector({ ctx: staffContext(server.db), connectorId: revoked.connectorId });
  const rotating = (await setUpCustomer(server.db, { name: "Rotated", referenceId: "ROTATED" })).credentials;
  // Used once before rotating, so a cached credential would have to be dropped.
  expect((await siteflowRequest(server.url, rotating, "GET", "/order")).status).toBe(200);
  const { secret } = await rotateConnectorSecret({ ctx: staffContext(server.db), connectorId: rotating.connectorId });
  rotated = { ...rotating, newSecret: secret };
  const gelatoCustomer = await setUpCustomer(server.db, { name: "Gelato user", referenceId: "GEL" });
  const gelatoConnector = await createConnector({ ctx: staffContext(server.db), customerId: gelatoCustomer.customer.id, input: { type: "gelato", name: "Gelato" } });
  gelato = { apiKey: gelatoConnector.apiKey, secret: gelatoConnector.secret, connectorId: gelatoConnector.id };
  const other = (await setUpCustomer(server.db, { name: "Other", referenceId: "OTHER" })).credentials;
  const otherOrder = await siteflowRequest(server.url, other, "POST", "/order", { body: minimalOrder("OTHER-1") });
  expect(otherOrder.status, JSON.stringify(otherOrder.body)).toBe(201);
  otherOrderId = otherOrder.body.order._id;
});

type Order = { destination?: Record<string, unknown>; orderData: Record<string, Editable> };

/** The documented order with one change. */
function orderWith(change: (order: Order) => void, id = `NEG-${Math.random().toString(36).slice(2, 10)}`): Order {
  const order = minimalOrder(id) as Order;
  change(order);
  return order;
}

type Case = {
  name: string;
  send: () => Promise<Reply>;
  status: number;
  errorName: string;
  code: number;
  /** For 208 answers: exactly these validation paths. */
  paths?: string[];
};

const post = (body: unknown, options: SignOptions & { raw?: string; headers?: Record<string, string>; credentials?: Credentials; path?: string } = {}) =>
  siteflowRequest(server.url, options.credentials ?? good, "POST", options.path ?? "/order", { ...options, body });
const minutes = (count: number) => new Date(Date.now() + count * 60_000).toISOString();
const invalid = (name: string, change: (order: Order) => void, paths: string[]): Case => ({
  name,
  send: () => post(orderWith(change)),
  status: 400,
  errorName: "ValidationError",
  code: 208,
  paths,
});
const unauthorized = (name: string, send: () => Promise<Reply>): Case => ({ name, send, status: 401, errorName: "Unauthorized", code: 401 });

const cases: Case[] = [
  unauthorized("no signature headers", () => siteflowRequest(server.url, good, "POST", "/order", { body: minimalOrder("N1"), unsigned: true })),
  unauthorized("an authorization header without a signature", () => post(minimalOrder("N2"), { headers: { "x-oneflow-authorization": good.apiKey } })),
  unauthorized("an unknown API key", () => post(minimalOrder("N3"), { apiKey: "ik_unknown" })),
  unauthorized("a signature made with the wrong secret", () => post(minimalOrder("N4"), { secret: "not the secret" })),
  unauthorized("a signature that is not hex", () => post(minimalOrder("N5"), { signature: "z".repeat(64) })),
  unauthorized("a missing x-oneflow-date", () => post(minimalOrder("N6"), { headers: { "x-oneflow-date": "" } })),
  unauthorized("a date in no supported format", () => post(minimalOrder("N7"), { date: "yesterday at noon" })),
  unauthorized("a date 16 minutes old", () => post(minimalOrder("N8"), { date: minutes(-16) })),
  unauthorized("a date 16 minutes ahead", () => post(minimalOrder("N9"), { date: minutes(16) })),
  unauthorized("Unix seconds 16 minutes old", () => post(minimalOrder("N10"), { date: String(Math.floor(Date.now() / 1000) - 16 * 60), algorithm: null })),
  unauthorized("an unsupported algorithm", () => post(minimalOrder("N11"), { headers: { "x-oneflow-algorithm": "MD5" } })),
  unauthorized("a SHA256 signature sent as SHA1", () => post(minimalOrder("N12"), { headers: { "x-oneflow-algorithm": "SHA1" } })),
  unauthorized("a signature made for another method", () => post(minimalOrder("N13"), { signedMethod: "GET" })),
  unauthorized("a signature made for another path", () => post(minimalOrder("N14"), { signedPath: "/api/siteflow/order/validate" })),
  unauthorized("a signature over another date than the header's", () => post(minimalOrder("N15"), { headers: { "x-oneflow-date": minutes(-1) } })),
  unauthorized("a revoked connector's key", () => post(minimalOrder("N16"), { credentials: revoked })),
  unauthorized("the secret from before a rotation", () => post(minimalOrder("N17"), { credentials: rotated })),
  unauthorized("a Gelato connector's key", () => post(minimalOrder("N18"), { credentials: gelato })),
  { name: "malformed JSON", send: () => post(undefined, { raw: '{"destination": {"name": ' }), status: 400, errorName: "BadRequest", code: 400 },
  { name: "a __proto__ key", send: () => post(undefined, { raw: '{"destination":{"name":"myPrintCompany"},"orderData":{"__proto__":{"admin":true}}}' }), status: 400, errorName: "BadRequest", code: 400 },
  { name: "a constructor.prototype key", send: () => post(undefined, { raw: '{"constructor":{"prototype":{"admin":true}}}' }), status: 400, errorName: "BadRequest", code: 400 },
  {
    name: "a text/plain body",
    send: () => post(undefined, { raw: JSON.stringify(minimalOrder("N21")), headers: { "content-type": "text/plain" } }),
    status: 415,
    errorName: "UnsupportedMediaType",
    code: 415,
  },
  {
    name: "a body over 1 MiB",
    send: () => post(orderWith((order) => (order.orderData.extraData = { blob: "x".repeat(1_100_000) }))),
    status: 413,
    errorName: "PayloadTooLarge",
    code: 413,
  },
  {
    name: "nesting 40 levels deep",
    send: () => {
      let deep: unknown = "bottom";
      for (let level = 0; level < 40; level++) deep = { inner: deep };
      return post(orderWith((order) => (order.orderData.extraData = deep)));
    },
    status: 400,
    errorName: "ValidationError",
    code: 208,
    paths: [`orderData.extraData${".inner".repeat(30)}`],
  },
  { name: "an empty body", send: () => post(undefined, { raw: "" }), status: 400, errorName: "ValidationError", code: 208, paths: ["(root)"] },
  { name: "an array body", send: () => post([minimalOrder("N24")]), status: 400, errorName: "ValidationError", code: 208, paths: ["(root)"] },
  invalid("a NUL character in a field", (order) => (order.orderData.items[0].sourceItemId = "a\u0000b"), ["orderData.items[0].sourceItemId"]),
  invalid("an unpaired surrogate in a kept field", (order) => (order.orderData.extraData = { note: "\ud800" }), ["orderData.extraData.note"]),
  invalid("a missing destination", (order) => delete order.destination, ["destination"]),
  invalid("another destination", (order) => (order.destination = { name: "someone-else" }), ["destination.name"]),
  invalid("sourceOrderId as an object", (order) => (order.orderData.sourceOrderId = { id: 1 }), ["orderData.sourceOrderId"]),
  invalid("a missing sourceOrderId", (order) => delete order.orderData.sourceOrderId, ["orderData.sourceOrderId"]),
  invalid("items as an object", (order) => (order.orderData.items = { sku: "card.123" }), ["orderData.items"]),
  invalid("no items", (order) => (order.orderData.items = []), ["orderData.items"]),
  invalid("quantity 0", (order) => (order.orderData.items[0].quantity = 0), ["orderData.items[0].quantity"]),
  invalid("a negative quantity", (order) => (order.orderData.items[0].quantity = -3), ["orderData.items[0].quantity"]),
  invalid("a huge quantity", (order) => (order.orderData.items[0].quantity = 1e12), ["orderData.items[0].quantity"]),
  invalid("a fractional quantity", (order) => (order.orderData.items[0].quantity = 1.5), ["orderData.items[0].quantity"]),
  invalid("quantity as text", (order) => (order.orderData.items[0].quantity = "two"), ["orderData.items[0].quantity"]),
  invalid("an unknown sku", (order) => (order.orderData.items[0].sku = "no.such.card"), ["orderData.items[0].sku"]),
  invalid("a missing sku", (order) => delete order.orderData.items[0].sku, ["orderData.items[0].sku"]),
  invalid("a missing sourceItemId", (order) => delete order.orderData.items[0].sourceItemId, ["orderData.items[0].sourceItemId"]),
  invalid("no components", (order) => (order.orderData.items[0].components = []), ["orderData.items[0].components"]),
  invalid("a component without a path", (order) => delete order.orderData.items[0].components[0].path, ["orderData.items[0].components[0].path"]),
  invalid("a component code that is no print area", (order) => (order.orderData.items[0].components[0].code = "Spine"), ["orderData.items[0].components[0].code"]),
  invalid("fetch that is not a boolean", (order) => (order.orderData.items[0].components[0].fetch = "yes"), ["orderData.items[0].components[0].fetch"]),
  invalid("an item on a shipment that does not exist", (order) => (order.orderData.items[0].shipmentIndex = 3), ["orderData.items[0].shipmentIndex"]),
  invalid("an unknown country", (order) => (order.orderData.shipments[0].shipTo.isoCountry = "XX"), ["orderData.shipments[0].shipTo.isoCountry"]),
  invalid("a three-letter country", (order) => (order.orderData.shipments[0].shipTo.isoCountry = "USA"), ["orderData.shipments[0].shipTo.isoCountry"]),
  invalid("a missing shipTo", (order) => delete order.orderData.shipments[0].shipTo, ["orderData.shipments[0].shipTo"]),
  invalid("a shipTo without name", (order) => delete order.orderData.shipments[0].shipTo.name, ["orderData.shipments[0].shipTo.name"]),
  invalid("a shipTo without address1", (order) => (order.orderData.shipments[0].shipTo.address1 = ""), ["orderData.shipments[0].shipTo.address1"]),
  invalid("a shipTo without town", (order) => (order.orderData.shipments[0].shipTo.town = null), ["orderData.shipments[0].shipTo.town"]),
  invalid("a shipTo without isoCountry", (order) => delete order.orderData.shipments[0].shipTo.isoCountry, ["orderData.shipments[0].shipTo.isoCountry"]),
  invalid("a carrier with neither alias nor code", (order) => (order.orderData.shipments[0].carrier = { code: "", service: "" }), ["orderData.shipments[0].carrier"]),
  invalid("no shipments", (order) => (order.orderData.shipments = []), ["orderData.shipments"]),
  invalid("a four-letter currency", (order) => (order.orderData.currency = "EURO"), ["orderData.currency"]),
  invalid("tags that are not strings", (order) => (order.orderData.tags = [{ tag: 1 }]), ["orderData.tags[0]"]),
  invalid("a stock item without code", (order) => (order.orderData.stockItems = [{ quantity: 2 }]), ["orderData.stockItems[0].code"]),
  {
    name: "another customer's order",
    send: () => siteflowRequest(server.url, good, "GET", `/order/${otherOrderId}`),
    status: 404,
    errorName: "NotFound",
    code: 404,
  },
  { name: "an unknown order id", send: () => siteflowRequest(server.url, good, "GET", "/order/ord_nope"), status: 404, errorName: "NotFound", code: 404 },
  { name: "an unknown route", send: () => siteflowRequest(server.url, good, "GET", "/product"), status: 404, errorName: "NotFound", code: 404 },
  { name: "an update of another customer's order", send: () => siteflowRequest(server.url, good, "PUT", `/order/${otherOrderId}`, { body: minimalOrder("OTHER-1").orderData }), status: 404, errorName: "NotFound", code: 404 },
];

describe("SiteFlow requests that are refused", () => {
  it("covers at least 25 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))("%s → refused, nothing stored", async (_name, entry) => {
    const before = await countOrders(server.db);
    const response = await entry.send();
    expect(response.status, JSON.stringify(response.body)).toBe(entry.status);
    expect(Object.keys(response.body).sort()).toEqual(["error", "success"]);
    expect(response.body.success).toBe(false);
    expect(response.body.error.name).toBe(entry.errorName);
    expect(response.body.error.code).toBe(entry.code);
    expect(typeof response.body.error.message).toBe("string");
    expect(response.body.error.message.length).toBeGreaterThan(5);
    if (entry.paths) {
      const paths = (response.body.error.validations as Array<{ path: string; message: string }>).map((validation) => validation.path);
      expect([...new Set(paths)].sort()).toEqual([...entry.paths].sort());
    } else {
      expect(response.body.error.validations).toBeUndefined();
    }
    if (entry.status === 401) expect(response.headers.get("www-authenticate")).toContain("OneFlow");
    expect(await countOrders(server.db)).toBe(before);
  });

  it("accepts the rotated secret itself", async () => {
    const response = await siteflowRequest(server.url, { ...rotated, secret: rotated.newSecret }, "POST", "/order", { body: minimalOrder("ROTATED-OK") });
    expect(response.status).toBe(201);
  });

  it("never leaks the secret or the stack in an error", async () => {
    const response = await post(minimalOrder("LEAK"), { secret: "wrong" });
    expect(JSON.stringify(response.body)).not.toContain(good.secret);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
