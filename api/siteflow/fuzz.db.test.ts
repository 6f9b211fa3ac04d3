import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import { fuzzRuns, useTestServer } from "@/tests/support/runtime";
import { orderItems, orders } from "@/db/schema";
import { account, countOrders, minimalOrder, setUpCatalog, setUpCustomer, fetchRetrying, siteflowRequest, type Credentials } from "./test-helpers";

const server = useTestServer({ worker: false, env: { SITEFLOW_ACCOUNT: account, CONNECTOR_RATE_LIMIT: "1000000" } });

let credentials: Credentials;
let customerId: string;
const runs = fuzzRuns(1000);

beforeAll(async () => {
  await setUpCatalog(server.db);
  const setup = await setUpCustomer(server.db, { referenceId: "FUZZ" });
  credentials = setup.credentials;
  customerId = setup.customer.id;
});

// Every place in the documented order a mutation may hit.
const paths: ReadonlyArray<ReadonlyArray<string | number>> = [
  [],
  ["destination"],
  ["destination", "name"],
  ["orderData"],
  ["orderData", "sourceOrderId"],
  ["orderData", "currency"],
  ["orderData", "tags"],
  ["orderData", "stockItems"],
  ["orderData", "items"],
  ["orderData", "items", 0],
  ["orderData", "items", 0, "sku"],
  ["orderData", "items", 0, "sourceItemId"],
  ["orderData", "items", 0, "quantity"],
  ["orderData", "items", 0, "shipmentIndex"],
  ["orderData", "items", 0, "components"],
  ["orderData", "items", 0, "components", 0],
  ["orderData", "items", 0, "components", 0, "code"],
  ["orderData", "items", 0, "components", 0, "path"],
  ["orderData", "items", 0, "components", 0, "fetch"],
  ["orderData", "shipments"],
  ["orderData", "shipments", 0],
  ["orderData", "shipments", 0, "shipTo"],
  ["orderData", "shipments", 0, "shipTo", "name"],
  ["orderData", "shipments", 0, "shipTo", "address1"],
  ["orderData", "shipments", 0, "shipTo", "town"],
  ["orderData", "shipments", 0, "shipTo", "postcode"],
  ["orderData", "shipments", 0, "shipTo", "state"],
  ["orderData", "shipments", 0, "shipTo", "isoCountry"],
  ["orderData", "shipments", 0, "carrier"],
  ["orderData", "shipments", 0, "carrier", "alias"],
  ["orderData", "shipments", 0, "carrier", "code"],
  ["orderData", "shipments", 0, "returnAddress"],
];

const weirdValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", " ", "0", "-1", "true", "null", "UK", "XX", "__proto__", "\u0000", "\ud800", "card.123", "x".repeat(5000)),
  fc.constantFrom(0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER, 1_000_000, 1_000_001, true, false, null),
  fc.constant([]),
  fc.constant({}),
);

type Mutation = { path: ReadonlyArray<string | number>; remove: boolean; value: unknown };

function mutate(body: unknown, mutation: Mutation): unknown {
  if (mutation.path.length === 0) return mutation.remove ? undefined : mutation.value;
  if (body === null || typeof body !== "object") return body;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let target: Record<string | number, unknown> = copy;
  for (const key of mutation.path.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== "object") return copy;
    target = next as Record<string | number, unknown>;
  }
  const last = mutation.path.at(-1)!;
  if (mutation.remove) delete target[last];
  else target[last] = mutation.value;
  return copy;
}

let serial = 0;
const freshId = () => `FUZZ-${++serial}`;

/** Bodies near the documented order (one to three mutations), and arbitrary JSON. */
const bodies = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.record({ path: fc.constantFrom(...paths), remove: fc.boolean(), value: weirdValue }), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ raw: value })) },
);

function build(generated: Mutation[] | { raw: unknown }, id: string): unknown {
  if (!Array.isArray(generated)) return generated.raw;
  return generated.reduce<unknown>((body, mutation) => mutate(body, mutation), minimalOrder(id));
}

async function sourceOrderStored(id: string): Promise<boolean> {
  const [row] = await server.db.select({ n: count() }).from(orders).where(eq(orders.externalId, id));
  return Number(row?.n ?? 0) === 1;
}

describe("fuzzed bodies never cause a 5xx and invalid ones store nothing", () => {
  it.each([
    ["POST /order", "/order"],
    ["POST /order/route/rush01", "/order/route/rush01"],
  ])(`%s: ${runs} bodies`, async (_label, path) => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(bodies, async (generated) => {
        const id = freshId();
        const body = build(generated, id);
        const before = await countOrders(server.db, customerId);
        const response = await siteflowRequest(server.url, credentials, "POST", path, { raw: body === undefined ? "" : JSON.stringify(body) });
        expect(response.status).toBeLessThan(500);
        expect([201, 400]).toContain(response.status);
        if (response.status === 201) {
          seen.accepted++;
          expect(response.body.order.orderData.sourceOrderId).toBeTypeOf("string");
          expect(await countOrders(server.db, customerId)).toBeLessThanOrEqual(before + 1);
        } else {
          seen.refused++;
          expect(response.body.success).toBe(false);
          expect(await countOrders(server.db, customerId)).toBe(before);
          expect(await sourceOrderStored(id)).toBe(false);
        }
      }),
      { numRuns: runs },
    );
    // The generator must exercise both sides of the property.
    expect(seen.accepted).toBeGreaterThan(runs / 20);
    expect(seen.refused).toBeGreaterThan(runs / 4);
  }, 300_000);

  it(`POST /order/validate: ${runs} bodies, nothing ever stored`, async () => {
    const before = await countOrders(server.db);
    await fc.assert(
      fc.asyncProperty(bodies, async (generated) => {
        const body = build(generated, freshId());
        const response = await siteflowRequest(server.url, credentials, "POST", "/order/validate", { raw: body === undefined ? "" : JSON.stringify(body) });
        expect([200, 400]).toContain(response.status);
        if (response.status === 200) expect(response.body).toEqual({ success: true });
        else expect(response.body.error.code === 208 || response.body.error.code === 400).toBe(true);
      }),
      { numRuns: runs },
    );
    expect(await countOrders(server.db)).toBe(before);
  }, 300_000);

  it(`PUT /order/{_id}: ${runs} bodies, the order changes only when the update is accepted`, async () => {
    const created = await siteflowRequest(server.url, credentials, "POST", "/order", { body: minimalOrder("FUZZ-UPDATE") });
    const id = created.body.order._id as string;
    await fc.assert(
      fc.asyncProperty(bodies, async (generated) => {
        const body = build(generated, "FUZZ-UPDATE");
        const update = body && typeof body === "object" && !Array.isArray(body) && "orderData" in body && Math.random() < 0.5 ? (body as { orderData: unknown }).orderData : body;
        const [before] = await server.db.select().from(orders).where(eq(orders.id, id));
        const response = await siteflowRequest(server.url, credentials, "PUT", `/order/${id}`, { raw: update === undefined ? "" : JSON.stringify(update) });
        expect([200, 400]).toContain(response.status);
        const [after] = await server.db.select().from(orders).where(eq(orders.id, id));
        if (response.status === 400) {
          expect(after!.rawBody).toBe(before!.rawBody);
          expect(after!.payloadHash).toBe(before!.payloadHash);
        } else {
          expect(response.body.order._id).toBe(id);
        }
        const [{ items }] = (await server.db.select({ items: count() }).from(orderItems).where(eq(orderItems.orderId, id))) as [{ items: number }];
        expect(Number(items)).toBeGreaterThan(0);
      }),
      { numRuns: runs },
    );
  }, 300_000);
});

describe("signatures", () => {
  const url = () => `${server.url}/api/siteflow/order`;
  const sign = (date: string) => createHmac("sha256", credentials.secret).update(`POST /api/siteflow/order ${date}`).digest();

  async function send(signature: string, date: string) {
    const body = JSON.stringify(minimalOrder(`SIG-${++serial}`));
    return fetchRetrying(url(), () => ({
      method: "POST",
      headers: { "x-oneflow-authorization": `${credentials.apiKey}:${signature}`, "x-oneflow-date": date, "x-oneflow-algorithm": "SHA256", "content-type": "application/json" },
      body,
    }));
  }

  it("the unmutated signature is accepted", async () => {
    const date = new Date().toISOString();
    expect((await send(sign(date).toString("hex"), date)).status).toBe(201);
  });

  it("refuses every signature with one bit flipped", async () => {
    const before = await countOrders(server.db);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }), async (bit) => {
        const date = new Date().toISOString();
        const digest = sign(date);
        digest[bit >> 3]! ^= 1 << (bit & 7);
        const response = await send(digest.toString("hex"), date);
        expect(response.status).toBe(401);
      }),
      { numRuns: 256 },
    );
    expect(await countOrders(server.db)).toBe(before);
  });

  it("refuses every signature with one hex digit changed, cut short or lengthened", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 15 }), fc.constantFrom("change", "cut", "extend"), async (position, delta, how) => {
        const date = new Date().toISOString();
        const hex = sign(date).toString("hex");
        const mutated =
          how === "change"
            ? hex.slice(0, position) + ((parseInt(hex[position]!, 16) + delta) % 16).toString(16) + hex.slice(position + 1)
            : how === "cut"
              ? hex.slice(0, position)
              : hex + delta.toString(16);
        expect((await send(mutated, date)).status).toBe(401);
      }),
      { numRuns: 200 },
    );
  });
});

describe("concurrent duplicates", () => {
  it("stores exactly one order for 50 concurrent submissions of one sourceOrderId", async () => {
    const body = minimalOrder("CONCURRENT-1");
    const responses = await Promise.all(Array.from({ length: 50 }, () => siteflowRequest(server.url, credentials, "POST", "/order", { body })));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((response) => response.body.order._id)).size).toBe(1);
    const stored = await server.db.select().from(orders).where(eq(orders.externalId, "CONCURRENT-1"));
    expect(stored).toHaveLength(1);
    const [{ items }] = (await server.db.select({ items: count() }).from(orderItems).where(eq(orderItems.orderId, stored[0]!.id))) as [{ items: number }];
    expect(Number(items)).toBe(1);
  });
});
