import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { useTestServer } from "@/tests/support/runtime";
import { createTestToken, staffContext } from "@/db/factories";
import { orders } from "@/db/schema";
import { dialects, type Dialect } from "@/api/dialects";
import { createProduct } from "@/lib/services/catalog";
import { canonicalPaths } from "@/lib/services/orders";

const server = useTestServer();

// A stand-in translator whose body is the canonical order itself (paths as in canonicalPaths).
const passThrough: Dialect = {
  name: "siteflow",
  label: "Pass-through",
  parse(body) {
    const order = body as { externalId?: unknown };
    if (typeof order.externalId !== "string") return { ok: false, problems: [{ path: "externalId", message: "is required" }] };
    return { ok: true, input: { ...(body as object), channel: "siteflow_api" } as never, paths: canonicalPaths };
  },
};

async function call(method: string, path: string, token: string, options: { body?: unknown; raw?: string; contentType?: string; accept?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.body !== undefined || options.raw !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  if (options.accept) headers.accept = options.accept;
  const response = await fetch(`${server.url}/api/admin/v1${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  return { status: response.status, body: isJson && text ? JSON.parse(text) : text, headers: response.headers };
}

const order = {
  externalId: "API-PREVIEW-1",
  items: [{ sourceProductKey: "POSTER-A3", quantity: 1, files: [{ type: "default", url: "https://files.example.com/a.pdf" }] }],
  shipments: [{ shipmentIndex: 0, address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Road", city: "London", postCode: "N1", country: "UK" } }],
};

describe("POST /api/admin/v1/customers/{id}/orders:preview", () => {
  let token: string;
  let customerId: string;
  const saved = dialects.siteflow;

  beforeAll(async () => {
    token = (await createTestToken(server.db, "operator")).token;
    customerId = (await call("POST", "/customers", token, { body: { name: "Preview API Ltd" } })).body.id;
    await createProduct({ ctx: staffContext(server.db), input: { productUid: "flat_a3_poster", title: "A3 poster" } });
    await call("POST", `/customers/${customerId}/lookups`, token, { body: { name: "SKUs", field: "product", entries: [{ key: "POSTER-A3", value: "flat_a3_poster" }] } });
    dialects.siteflow = passThrough;
  });
  afterAll(() => {
    if (saved) dialects.siteflow = saved;
    else delete dialects.siteflow;
  });

  it("answers with the canonical order, the lookups applied and the problems, and stores nothing", async () => {
    const response = await call("POST", `/customers/${customerId}/orders:preview?dialect=siteflow`, token, { body: order });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dialect: "siteflow", valid: true, problems: [], existingOrderId: null });
    expect(response.body.order.items[0].productUid).toBe("flat_a3_poster");
    expect(response.body.trace.map((step: { from: string; to: string; path: string }) => `${step.path}: ${step.from} → ${step.to}`)).toEqual([
      "items[0].productUid: POSTER-A3 → flat_a3_poster",
      "shipments[0].address.country: UK → GB",
    ]);
    const bad = await call("POST", `/customers/${customerId}/orders:preview?dialect=siteflow`, token, { body: { ...order, items: [{ ...order.items[0], sourceProductKey: "NOPE" }] } });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.problems[0].path).toBe("items[0].productUid");
    expect((await server.db.select({ n: count() }).from(orders))[0]!.n).toBe(0);
  });

  it("400 when this server has no such dialect, 422 for an unknown one or a body that is not an object, 404 for an unknown customer", async () => {
    const gelato = dialects.gelato;
    delete dialects.gelato;
    try {
      const missing = await call("POST", `/customers/${customerId}/orders:preview?dialect=gelato`, token, { body: order });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/Gelato dialect is not available/);
    } finally {
      if (gelato) dialects.gelato = gelato;
    }
    const unknown = await call("POST", `/customers/${customerId}/orders:preview?dialect=edifact`, token, { body: order });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].path).toBe("query.dialect");
    expect((await call("POST", `/customers/${customerId}/orders:preview`, token, { body: order })).status).toBe(422);
    expect((await call("POST", `/customers/${customerId}/orders:preview?dialect=siteflow`, token, { raw: "[1,2]" })).status).toBe(422);
    expect((await call("POST", `/customers/${customerId}/orders:preview?dialect=siteflow`, token, { raw: "{not json" })).status).toBe(400);
    expect((await call("POST", `/customers/cus_missing/orders:preview?dialect=siteflow`, token, { body: order })).status).toBe(404);
    expect((await call("POST", `/customers/${customerId}/orders:cancel?dialect=siteflow`, token, { body: order })).status).toBe(404);
  });

  it("is allowed to read tokens and refused to production tokens", async () => {
    const read = (await createTestToken(server.db, "read")).token;
    const production = (await createTestToken(server.db, "production")).token;
    expect((await call("POST", `/customers/${customerId}/orders:preview?dialect=siteflow`, read, { body: order })).status).toBe(200);
    expect((await call("POST", `/customers/${customerId}/orders:preview?dialect=siteflow`, production, { body: order })).status).toBe(403);
  });
});

describe("lookup entries as CSV over the admin API", () => {
  it("GET text/csv then PUT text/csv round-trips, and bad rows are a 422 naming their lines", async () => {
    const { token } = await createTestToken(server.db, "operator");
    const customer = (await call("POST", "/customers", token, { body: { name: "CSV Ltd" } })).body;
    const entries = [
      { key: "POSTER, A3", value: 'flat "a3"' },
      { key: "Größe ✓", value: "東京" },
      ...Array.from({ length: 2000 }, (_, index) => ({ key: `K${index}`, value: `V${index}` })),
    ];
    const lookup = (await call("POST", `/customers/${customer.id}/lookups`, token, { body: { name: "SKUs", field: "product", entries } })).body;
    const exported = await call("GET", `/lookups/${lookup.id}/entries`, token, { accept: "text/csv" });
    expect(exported.headers.get("content-type")).toMatch(/text\/csv/);
    const put = await call("PUT", `/lookups/${lookup.id}/entries`, token, { raw: exported.body as string, contentType: "text/csv" });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ count: 2002 });
    expect((await call("GET", `/lookups/${lookup.id}/entries`, token, { accept: "text/csv" })).body).toBe(exported.body);

    const bad = await call("PUT", `/lookups/${lookup.id}/entries`, token, { raw: "key,value\nA,1\nB\nA,2\n", contentType: "text/csv" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      { path: "line 3", message: "needs two columns: key,value" },
      { path: "line 4", message: "the key “A” is already on line 2" },
    ]);
    expect((await call("GET", `/lookups/${lookup.id}`, token)).body.entryCount).toBe(2002);
  });
});
