import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { etsyConnector } from "./index";
import { ORDER_PAGE_SIZE } from "./orders";
import { startConnectorFake, type ConnectorFake } from "./testing";
import { WITHHELD_ADDRESS_REASON } from "./transform";

// The fake's clock is ours to move, so receipts change at distinct seconds.
let clock = Date.now();
let harness: ConnectorFake;
let listingId = 0;

beforeAll(async () => {
  harness = await startConnectorFake({ now: () => clock });
  listingId = harness.fake.world.createListing(harness.shopId, { title: "Tee", products: [{ sku: "TEE", price: "20" }] }).listingId;
});
afterAll(() => harness.close());

async function walk(since: Date, between?: (page: number) => void): Promise<string[]> {
  const session = harness.session();
  const seen: string[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const result: Awaited<ReturnType<typeof etsyConnector.listOrdersUpdatedSince>> = await etsyConnector.listOrdersUpdatedSince(session, since, cursor);
    seen.push(...result.orders.map((order) => order.externalId));
    cursor = result.nextCursor;
    page += 1;
    between?.(page);
  } while (cursor && page < 20);
  return seen;
}

describe("Etsy orders", () => {
  it("listOrdersUpdatedSince misses nothing when a receipt already returned changes during the walk", async () => {
    clock += 3600_000;
    const since = new Date(clock);
    const placed: number[] = [];
    for (let index = 0; index < ORDER_PAGE_SIZE + 10; index += 1) {
      clock += 1000;
      placed.push(harness.fake.world.placeReceipt(harness.shopId, { lines: [{ listingId }], paid: index !== 4 }).receipt_id);
    }
    const seen = await walk(since, (page) => {
      if (page !== 1) return;
      // After the first page the buyer pays receipt #5: it moves to the end of the "updated" order.
      clock += 1000;
      harness.fake.world.markPaid(placed[4] as number);
    });
    expect(new Set(seen)).toEqual(new Set(placed.map(String)));
    expect(seen.filter((id) => id === String(placed[4]))).toHaveLength(2);
  });

  it("rejects a cursor it did not make", async () => {
    await expect(etsyConnector.listOrdersUpdatedSince(harness.session(), new Date(), "bm90IGEgY3Vyc29y")).rejects.toMatchObject({ kind: "rejected" });
  });

  it("a receipt with a withheld address is payable without an address, with the reason in plain words", async () => {
    const receipt = harness.fake.world.placeReceipt(harness.shopId, { lines: [{ listingId }], paid: true });
    harness.fake.world.redactAddresses = true;
    try {
      const order = await etsyConnector.getOrder(harness.session(), String(receipt.receipt_id));
      expect(order).toMatchObject({ status: "payable", shippingAddress: null, statusReason: WITHHELD_ADDRESS_REASON });
    } finally {
      harness.fake.world.redactAddresses = false;
    }
  });

  it("getOrder answers null for an id that is not an Etsy receipt id, without calling Etsy", async () => {
    const before = harness.fake.requestCount(harness.userId);
    expect(await etsyConnector.getOrder(harness.session(), "#1001")).toBeNull();
    expect(harness.fake.requestCount(harness.userId)).toBe(before);
  });
});
