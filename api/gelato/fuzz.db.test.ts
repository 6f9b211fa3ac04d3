import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { fuzzRuns, useTestServer } from "@/tests/support/runtime";
import { callGelato, documentedExampleOrder, seedGelato, storedCounts, orderStates, waitForCalm, type GelatoAnswer, type GelatoCall, type GelatoSeed } from "./test-fixtures";

// Property-based fuzzing of every Gelato endpoint: whatever arrives, the answer is never a 5xx,
// errors come in the dialect's body, and a refused request changes nothing.

const server = useTestServer({ worker: false, env: { CONNECTOR_RATE_LIMIT: "1000000" } });
const runs = fuzzRuns(1000);
const timeout = 300_000;

let seed: GelatoSeed;
let acmeOrder: { id: string };
let theirOrder: { id: string };
let acmeDraft: { id: string };

beforeAll(async () => {
  seed = await seedGelato(server.db);
  await waitForCalm(server.server.app);
  const create = async (reference: string, key: string, extra: Record<string, unknown> = {}) => {
    const response = await callGelato(server.url, "POST", "/v4/orders", { key, body: { ...documentedExampleOrder(reference), ...extra } });
    expect(response.status, response.text).toBe(200);
    return response.body as { id: string };
  };
  acmeOrder = await create("fuzz-target", seed.keys.acme);
  acmeDraft = await create("fuzz-draft", seed.keys.acme, { orderType: "draft" });
  theirOrder = await create("fuzz-theirs", seed.keys.other, { orderType: "draft" });
});

const DELETE = Symbol("delete");
type Path = Array<string | number>;
type Mutation = { path: Path; value: unknown };

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y", "UK", "us", "XX", "USD", "eur", "draft", "order", "default", "back", "express", "1", "-1", "https://files.example.com/a.png", "javascript:alert(1)", "__proto__", "Poster", "Mug"),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2, 1.5, 1e12, Number.MAX_SAFE_INTEGER, 2 ** 31),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const mutationValue = fc.oneof({ weight: 1, arbitrary: fc.constant<unknown>(DELETE) }, { weight: 8, arbitrary: scalar });

/** Every path in a JSON document, objects included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((inner, index) => [index, inner] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
}

function mutate<T>(base: T, mutations: Mutation[]): unknown {
  let document: unknown = structuredClone(base);
  for (const { path, value } of mutations) {
    if (path.length === 0) {
      document = value === DELETE ? undefined : value;
      continue;
    }
    let parent: unknown = document;
    for (const key of path.slice(0, -1)) parent = parent !== null && typeof parent === "object" ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (parent === null || typeof parent !== "object") continue;
    const last = path.at(-1)!;
    if (value === DELETE) delete (parent as Record<string | number, unknown>)[last];
    // defineProperty, so a "__proto__" key becomes a real key of the JSON and not a prototype.
    else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return document;
}

function mutations(base: unknown) {
  const paths = pathsOf(base);
  const known = fc.constantFrom(...paths);
  const unknownKey = fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "colour", "sku")));
  const path = fc.oneof({ weight: 5, arbitrary: known }, { weight: 1, arbitrary: unknownKey.map(([parent, key]) => [...parent, key]) });
  return fc.array(fc.record({ path, value: mutationValue }), { minLength: 0, maxLength: 4 });
}

/** A request body: a mutated valid one, any JSON, or raw text that may not be JSON at all. */
function bodies(valid: () => unknown): fc.Arbitrary<Pick<GelatoCall, "body" | "raw">> {
  const base = valid();
  const text = JSON.stringify(base);
  return fc.oneof(
    { weight: 6, arbitrary: mutations(base).map((list) => ({ raw: JSON.stringify(mutate(valid(), list)) ?? "" })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((raw) => ({ raw })) },
    { weight: 1, arbitrary: fc.nat({ max: text.length }).map((cut) => ({ raw: text.slice(0, cut) })) },
  );
}

/** Percent-encoded path segments, including invalid UTF-8 and ids that do exist. */
function segments(existing: () => string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 40 }).map((value) => encodeURIComponent(value)),
    fc.uint8Array({ maxLength: 20 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("")),
    fc.constantFrom("a".repeat(201), "%00", "%ED%A0%80", "..", "fuzz-target", "fuzz-theirs").map(String),
    fc.nat({ max: 10 }).map((index) => existing()[index % existing().length]!),
  );
}

function expectDialectError(response: GelatoAnswer) {
  expect(response.status, response.text.slice(0, 300)).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
  }
}

const orderState = async (uid: string) => (await orderStates(server.db, [uid]))[0] ?? null;

describe("Gelato dialect fuzzing", () => {
  let counter = 0;
  const existingIds = () => [acmeOrder.id, theirOrder.id, acmeDraft.id, "fuzz-target", "fuzz-theirs", "fuzz-draft"];

  it(`POST /v4/orders: ${runs} generated bodies`, { timeout }, async () => {
    const stats = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(bodies(() => documentedExampleOrder(`fuzz-${counter++}`)), async (request) => {
        const before = await storedCounts(server.db);
        const response = await callGelato(server.url, "POST", "/v4/orders", { key: seed.keys.acme, ...request });
        expectDialectError(response);
        const after = await storedCounts(server.db);
        if (response.status === 200) {
          stats.ok++;
          expect(after.orders - before.orders).toBeLessThanOrEqual(1);
        } else {
          stats.refused++;
          expect(after).toEqual(before);
        }
      }),
      { numRuns: runs },
    );
    // The generator must exercise both outcomes to mean anything.
    expect(stats.ok).toBeGreaterThan(runs / 50);
    expect(stats.refused).toBeGreaterThan(runs / 2);
  });

  it(`POST /v4/orders:search: ${runs} generated bodies`, { timeout }, async () => {
    const filters = fc.record(
      {
        ids: fc.array(fc.oneof(fc.string(), fc.constantFrom(...existingIds())), { maxLength: 3 }),
        orderReferenceId: fc.oneof(fc.string(), fc.constantFrom("fuzz-target", "fuzz-theirs")),
        orderReferenceIds: fc.array(fc.string(), { maxLength: 3 }),
        fulfillmentStatuses: fc.array(fc.constantFrom("created", "draft", "uploading", "canceled", "bogus"), { maxLength: 3 }),
        financialStatuses: fc.array(fc.constantFrom("pending", "paid", "draft", "canceled", "bogus"), { maxLength: 3 }),
        channels: fc.array(fc.constantFrom("api", "ui", "shopify", "etsy", "bogus"), { maxLength: 3 }),
        countries: fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("US", "gb")), { maxLength: 3 }),
        currencies: fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("USD", "eur")), { maxLength: 3 }),
        storeIds: fc.array(fc.string(), { maxLength: 3 }),
        search: fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("%", "_", "\\", "Paul", "\u0000")),
        startDate: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
        endDate: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
        limit: fc.oneof(fc.integer({ min: -5, max: 150 }), fc.double()),
        offset: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), fc.string()),
      },
      { requiredKeys: [] },
    );
    const request = fc.oneof({ weight: 3, arbitrary: filters.map((body) => ({ body })) }, { weight: 1, arbitrary: bodies(() => ({ limit: 10 })) });
    let sawMine = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const before = await storedCounts(server.db);
        const response = await callGelato(server.url, "POST", "/v4/orders:search", { key: seed.keys.acme, ...input });
        expectDialectError(response);
        if (response.status === 200) {
          const references = (response.body.orders as Array<{ orderReferenceId: string }>).map((order) => order.orderReferenceId);
          expect(references).not.toContain("fuzz-theirs");
          if (references.length) sawMine++;
        }
        expect(await storedCounts(server.db)).toEqual(before);
      }),
      { numRuns: runs },
    );
    expect(sawMine).toBeGreaterThan(0);
  });

  it(`GET /v4/orders/{id}: ${runs} generated ids`, { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(segments(existingIds), async (segment) => {
        const response = await callGelato(server.url, "GET", `/v4/orders/${segment}`, { key: seed.keys.acme });
        expectDialectError(response);
        if (response.status === 200) expect([acmeOrder.id, acmeDraft.id]).toContain(response.body.id);
      }),
      { numRuns: runs },
    );
  });

  it(`POST /v4/orders/{id}:cancel: ${runs} generated targets and bodies`, { timeout }, async () => {
    const target = fc.oneof(segments(existingIds).map((segment) => `${segment}:cancel`), segments(existingIds));
    const body = fc.oneof(fc.constant({}), bodies(() => ({})));
    await fc.assert(
      fc.asyncProperty(target, body, async (segment, request) => {
        const before = await storedCounts(server.db);
        const theirs = await orderState(theirOrder.id);
        const response = await callGelato(server.url, "POST", `/v4/orders/${segment}`, { key: seed.keys.acme, ...request });
        expectDialectError(response);
        if (response.status === 200) expect(response.body).toEqual({ code: 200, message: "OK" });
        else expect(await storedCounts(server.db)).toEqual(before);
        expect(await orderState(theirOrder.id)).toEqual(theirs);
      }),
      { numRuns: runs },
    );
  });

  it(`PUT /v4/orders/{id}/shipment: ${runs} generated bodies`, { timeout }, async () => {
    const target = await callGelato(server.url, "POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder("fuzz-shipment") });
    const valid = () => ({ shipmentMethodUid: "normal", shippingAddress: documentedExampleOrder().shippingAddress });
    const path = fc.oneof({ weight: 4, arbitrary: fc.constant(target.body.id as string) }, { weight: 1, arbitrary: segments(existingIds) });
    await fc.assert(
      fc.asyncProperty(path, bodies(valid), async (id, request) => {
        const before = await storedCounts(server.db);
        const state = await orderState(target.body.id);
        const theirs = await orderState(theirOrder.id);
        const response = await callGelato(server.url, "PUT", `/v4/orders/${id}/shipment`, { key: seed.keys.acme, ...request });
        expectDialectError(response);
        if (response.status >= 400) {
          expect(await orderState(target.body.id)).toEqual(state);
          expect((await storedCounts(server.db)).orders).toBe(before.orders);
        }
        expect(await orderState(theirOrder.id)).toEqual(theirs);
      }),
      { numRuns: runs },
    );
  });

  it(`PATCH /v4/orders/{id}: ${runs} generated bodies`, { timeout }, async () => {
    const drafts: string[] = [];
    for (let index = 0; index < 5; index++) {
      const draft = await callGelato(server.url, "POST", "/v4/orders", { key: seed.keys.acme, body: { ...documentedExampleOrder(`fuzz-patch-${index}`), orderType: "draft" } });
      drafts.push(draft.body.id);
    }
    const path = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...drafts) }, { weight: 1, arbitrary: segments(existingIds) });
    const body = fc.oneof({ weight: 1, arbitrary: fc.constant({ body: { orderType: "order" } }) }, { weight: 10, arbitrary: bodies(() => ({ orderType: "order" })) });
    await fc.assert(
      fc.asyncProperty(path, body, async (id, request) => {
        const before = await storedCounts(server.db);
        const states = await orderStates(server.db, drafts);
        const theirs = await orderState(theirOrder.id);
        const response = await callGelato(server.url, "PATCH", `/v4/orders/${id}`, { key: seed.keys.acme, ...request });
        expectDialectError(response);
        if (response.status >= 400) {
          expect(await storedCounts(server.db)).toEqual(before);
          expect(await orderStates(server.db, drafts)).toEqual(states);
        }
        expect(await orderState(theirOrder.id)).toEqual(theirs);
      }),
      { numRuns: runs },
    );
  });

  it(`DELETE /v4/orders/{id}: ${runs} generated ids`, { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(segments(existingIds), fc.option(bodies(() => ({})), { nil: undefined }), async (segment, request) => {
        const before = await storedCounts(server.db);
        const theirs = await orderState(theirOrder.id);
        const response = await callGelato(server.url, "DELETE", `/v4/orders/${segment}`, { key: seed.keys.acme, ...request });
        expectDialectError(response);
        if (response.status >= 400) expect(await storedCounts(server.db)).toEqual(before);
        expect(await orderState(theirOrder.id)).toEqual(theirs);
        expect(await orderState(acmeOrder.id)).not.toBeNull();
      }),
      { numRuns: runs },
    );
  });
});
