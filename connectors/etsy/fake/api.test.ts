import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEtsyFake, type EtsyFake } from "./index";

const keystring = "apikeystring00000000000000";
const sharedSecret = "shared";
const webhookSecret = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;
let fake: EtsyFake;
let receiver: Server;
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
let failNextDelivery = false;
let shopId = 0;
let otherShopId = 0;
let access = "";
let listingId = 0;

function api(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; token?: string; apiKey?: string } = {}): Promise<Response> {
  return fetch(`${fake.origin}/v3/application${path}`, {
    method: init.method ?? "GET",
    headers: { "x-api-key": init.apiKey ?? `${keystring}:${sharedSecret}`, authorization: `Bearer ${init.token ?? access}`, ...init.headers },
    body: init.body,
  });
}

async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(failNextDelivery ? 500 : 200).end();
      failNextDelivery = false;
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  fake = await startEtsyFake({ keystring, sharedSecret, webhooks: { url, secret: webhookSecret, retryDelaysMs: [20] } });
  shopId = fake.world.createUserWithShop({ shopName: "ApiShop" }).shop.shop_id;
  otherShopId = fake.world.createUserWithShop({ shopName: "SomeoneElse" }).shop.shop_id;
  access = fake.world.createTokens(shopId, keystring).accessToken;
  listingId = fake.world.createListing(shopId, { title: "Tee", products: ["S", "M"].map((size) => ({ sku: `TEE-${size}`, price: "20.00", properties: { Size: size } })) }).listingId;
});
afterAll(async () => {
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  fake.world.redactAddresses = false;
  fake.world.forbidTracking = false;
  fake.rate.configure({ perSecond: 1000, perDay: 100_000 });
});

describe("Etsy fake: authentication of /v3/application", () => {
  it("requires x-api-key as keystring:shared_secret (403 with Etsy's words) and a Bearer token (401)", async () => {
    const keyOnly = await api("/users/me", { apiKey: keystring });
    expect(keyOnly.status).toBe(403);
    expect(await json(keyOnly)).toEqual({ error: "Shared secret is required in x-api-key header." });
    expect((await api("/users/me", { apiKey: `${keystring}:wrong` })).status).toBe(403);
    expect((await api("/users/me", { apiKey: `${keystring}:${sharedSecret}:x` })).status).toBe(403);
    const noToken = await api("/users/me", { token: "" });
    expect(noToken.status).toBe(401);
    expect(await json(noToken)).toHaveProperty("error");
    const me = await api("/users/me");
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ shop_id: shopId });
  });

  it("a seller removing the app kills every token of theirs, and only theirs", async () => {
    const seller = fake.world.createUserWithShop({ shopName: "Leaving" });
    const first = fake.world.createTokens(seller.shop.shop_id, keystring);
    const second = fake.world.createTokens(seller.shop.shop_id, keystring);
    expect((await api("/users/me", { token: first.accessToken })).status).toBe(200);
    fake.world.revokeUser(seller.user.user_id);
    expect((await api("/users/me", { token: first.accessToken })).status).toBe(401);
    expect((await api("/users/me", { token: second.accessToken })).status).toBe(401);
    expect(fake.world.useRefreshToken(second.refreshToken, keystring)).toBeNull();
    expect((await api("/users/me")).status).toBe(200);
  });

  it("answers 403 for another seller's receipts and 404 for an unknown shop", async () => {
    expect((await api(`/shops/${otherShopId}/receipts`)).status).toBe(403);
    const missing = await api(`/shops/99999999/receipts/1`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toHaveProperty("error");
  });
});

describe("Etsy fake: rate limits", () => {
  it("sends the x-limit headers and answers 429 with retry-after once the second's budget is used", async () => {
    fake.rate.reset();
    fake.rate.configure({ perSecond: 3 });
    const answers: Response[] = [];
    for (let index = 0; index < 4; index += 1) answers.push(await api("/users/me"));
    expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.headers.get("x-limit-per-second")).toBe("3");
    expect(answers[2]?.headers.get("x-remaining-this-second")).toBe("0");
    expect(Number(answers[1]?.headers.get("x-remaining-today"))).toBe(Number(answers[0]?.headers.get("x-remaining-today")) - 1);
    expect(answers[3]?.status).toBe(429);
    expect(answers[3]?.headers.get("retry-after")).toBe("1");
  });

  it("counts the daily budget per app", async () => {
    fake.rate.reset();
    fake.rate.configure({ perDay: 1 });
    const last = await api("/users/me");
    expect(last.status).toBe(200);
    expect(last.headers.get("x-remaining-today")).toBe("0");
    const answer = await api("/users/me");
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(1);
  });
});

describe("Etsy fake: receipts", () => {
  it("filters by was_paid, was_shipped and min_last_modified, pages by limit and offset, and counts", async () => {
    const paid = fake.world.placeReceipt(shopId, { lines: [{ listingId }], paid: true });
    const unpaid = fake.world.placeReceipt(shopId, { lines: [{ listingId }], paid: false });
    const since = paid.updated_timestamp;
    const paidOnly = await json<{ count: number; results: Array<{ receipt_id: number; is_paid: boolean }> }>(await api(`/shops/${shopId}/receipts?was_paid=true&was_shipped=false&min_last_modified=${since}&limit=100`));
    expect(paidOnly.results.map((receipt) => receipt.receipt_id)).toContain(paid.receipt_id);
    expect(paidOnly.results.map((receipt) => receipt.receipt_id)).not.toContain(unpaid.receipt_id);
    expect(paidOnly.count).toBe(paidOnly.results.length);
    const page = await json<{ count: number; results: unknown[] }>(await api(`/shops/${shopId}/receipts?min_last_modified=${since}&limit=1&offset=1&sort_on=updated&sort_order=asc`));
    expect(page.results).toHaveLength(1);
    expect(page.count).toBeGreaterThanOrEqual(2);
    expect((await api(`/shops/${shopId}/receipts?limit=101`)).status).toBe(400);
    expect((await api(`/shops/${shopId}/receipts?min_last_modified=${since + 3600}`)).status).toBe(200);
    expect(await json(await api(`/shops/${shopId}/receipts?min_last_modified=${since + 3600}`))).toEqual({ count: 0, results: [] });
  });

  it("returns a receipt with its transactions, and withholds the address when redaction is on", async () => {
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId, quantity: 3 }] });
    const body = await json<{ first_line: string | null; transactions: Array<Record<string, unknown>> }>(await api(`/shops/${shopId}/receipts/${receipt.receipt_id}`));
    expect(body.first_line).toBe("1 Main St");
    expect(body.transactions[0]).toMatchObject({ listing_id: listingId, quantity: 3, sku: "TEE-S", is_digital: false, variations: [{ formatted_name: "Size", formatted_value: "S" }] });
    const transactions = await json<{ count: number; results: Array<{ transaction_id: number }> }>(await api(`/shops/${shopId}/receipts/${receipt.receipt_id}/transactions`));
    expect(transactions).toEqual({ count: 1, results: [expect.objectContaining({ transaction_id: receipt.transactions[0]?.transaction_id })] });
    fake.world.redactAddresses = true;
    const redacted = await json<Record<string, unknown>>(await api(`/shops/${shopId}/receipts/${receipt.receipt_id}`));
    expect(redacted).toMatchObject({ name: null, first_line: null, city: null, zip: null, formatted_address: null, buyer_email: null });
  });

  it("createReceiptShipment adds a shipment and marks the receipt shipped; the 403 switch refuses it", async () => {
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId }] });
    const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "tracking_code=1Z999&carrier_name=ups&send_bcc=false" };
    fake.world.forbidTracking = true;
    const refused = await api(`/shops/${shopId}/receipts/${receipt.receipt_id}/tracking`, form);
    expect(refused.status).toBe(403);
    expect(receipt.shipments).toHaveLength(0);
    fake.world.forbidTracking = false;
    const shipped = await json<{ is_shipped: boolean; shipments: Array<{ receipt_shipping_id: number; tracking_code: string; carrier_name: string }> }>(await api(`/shops/${shopId}/receipts/${receipt.receipt_id}/tracking`, form));
    expect(shipped.is_shipped).toBe(true);
    expect(shipped.shipments).toEqual([expect.objectContaining({ tracking_code: "1Z999", carrier_name: "ups", receipt_shipping_id: expect.any(Number) })]);
    const missing = await api(`/shops/${shopId}/receipts/${receipt.receipt_id}/tracking`, { ...form, body: "carrier_name=ups" });
    expect(missing.status).toBe(400);
  });
});

describe("Etsy fake: listings and inventory", () => {
  it("lists listings by state with their inventory when asked", async () => {
    const active = await json<{ count: number; results: Array<{ listing_id: number; inventory?: { products: unknown[] } }> }>(await api(`/shops/${shopId}/listings?state=active&includes=Inventory`));
    const tee = active.results.find((listing) => listing.listing_id === listingId);
    expect(tee?.inventory?.products).toHaveLength(2);
    const drafts = await json<{ count: number }>(await api(`/shops/${shopId}/listings?state=draft`));
    expect(drafts.count).toBe(0);
    expect((await api(`/shops/${shopId}/listings?state=sold`)).status).toBe(400);
  });

  it("createDraftListing needs Etsy's required fields; PUT inventory rewrites every product id", async () => {
    const incomplete = await api(`/shops/${shopId}/listings`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "title=Mug&quantity=1" });
    expect(incomplete.status).toBe(400);
    const created = await api(`/shops/${shopId}/listings`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ title: "Mug", description: "A mug", quantity: "10", price: "12.50", who_made: "i_did", when_made: "made_to_order", taxonomy_id: "1" }).toString() });
    expect(created.status).toBe(201);
    const draft = await json<{ listing_id: number; state: string }>(created);
    expect(draft.state).toBe("draft");
    const before = await json<{ products: Array<{ product_id: number }> }>(await api(`/listings/${draft.listing_id}/inventory`));
    const put = (body: unknown) => api(`/listings/${draft.listing_id}/inventory`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const products = ["11oz", "15oz"].map((size, index) => ({ sku: `MUG-${size}`, property_values: [{ property_id: 513, property_name: "Size", values: [size] }], offerings: [{ price: 12.5 + index, quantity: 5, is_enabled: true }] }));
    expect((await put({ products, price_on_property: [], sku_on_property: [513] })).status).toBe(400);
    const first = await json<{ products: Array<{ product_id: number; sku: string }> }>(await put({ products, price_on_property: [513], sku_on_property: [513] }));
    expect(first.products.map((product) => product.sku)).toEqual(["MUG-11oz", "MUG-15oz"]);
    const second = await json<{ products: Array<{ product_id: number }> }>(await put({ products, price_on_property: [513], sku_on_property: [513] }));
    const ids = [...before.products, ...first.products, ...second.products].map((product) => product.product_id);
    expect(new Set(ids).size).toBe(ids.length);
    const parens = [{ ...products[0], property_values: [{ property_id: 513, property_name: "Size", values: ["11oz (small)"] }] }];
    expect((await put({ products: parens })).status).toBe(400);
  });

  it("the merchant's updateInventory also gives products new ids", () => {
    const listing = fake.world.findListing(listingId);
    const before = listing?.products.map((product) => product.product_id) ?? [];
    const after = fake.world.updateInventory(listingId, [{ sku: "TEE-S", price: "20.00", properties: { Size: "S" } }, { sku: "TEE-XL", price: "22.00", properties: { Size: "XL" } }]);
    expect(after).toHaveLength(2);
    expect(after.some((id) => before.includes(id))).toBe(false);
  });
});

describe("Etsy fake: order.paid webhooks", () => {
  it("signs order.paid as Standard Webhooks and retries a failed delivery with the same webhook-id", async () => {
    failNextDelivery = true;
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId }], paid: true });
    await fake.webhooks.idle();
    const mine = received.filter((delivery) => delivery.body.includes(`/receipts/${receipt.receipt_id}"`));
    expect(mine).toHaveLength(2);
    expect(mine[0]?.headers["webhook-id"]).toBe(mine[1]?.headers["webhook-id"]);
    const delivery = mine[1] as (typeof mine)[number];
    expect(JSON.parse(delivery.body)).toEqual({ event_type: "order.paid", resource_url: `${fake.origin}/v3/application/shops/${shopId}/receipts/${receipt.receipt_id}`, shop_id: shopId });
    const id = delivery.headers["webhook-id"] as string;
    const timestamp = delivery.headers["webhook-timestamp"] as string;
    const key = Buffer.from(webhookSecret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${delivery.body}`).digest("base64");
    expect(delivery.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(fake.webhooks.attempts.filter((attempt) => attempt.webhookId === id).map((attempt) => attempt.status)).toEqual([500, 200]);
  });

  it("sends nothing for an unpaid receipt until it is paid", async () => {
    const before = received.length;
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId }], paid: false });
    await fake.webhooks.idle();
    expect(received.length).toBe(before);
    fake.world.markPaid(receipt.receipt_id);
    await fake.webhooks.idle();
    expect(received.at(-1)?.body).toContain(`/receipts/${receipt.receipt_id}"`);
  });
});
