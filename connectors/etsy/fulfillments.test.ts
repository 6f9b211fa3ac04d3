import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopError } from "../types";
import { TRACKING_FORBIDDEN_MESSAGE } from "./fulfillments";
import { etsyConnector } from "./index";
import { startConnectorFake, type ConnectorFake } from "./testing";

let harness: ConnectorFake;
let listingId = 0;

beforeAll(async () => {
  harness = await startConnectorFake();
  listingId = harness.fake.world.createListing(harness.shopId, { title: "Tee", products: [{ sku: "TEE", price: "20" }] }).listingId;
});
afterAll(() => harness.close());

function receipt() {
  return harness.fake.world.placeReceipt(harness.shopId, { lines: [{ listingId }], paid: true });
}

const request = (externalOrderId: string, trackingNumber = "RM123456785GB") => ({ externalOrderId, shipmentKey: "shp_1", carrier: "Royal Mail", trackingNumber, notifyCustomer: true });

describe("Etsy fulfilment", () => {
  it("posts createReceiptShipment with Etsy's carrier slug once; a retry finds the shipment", async () => {
    const placed = receipt();
    const first = await etsyConnector.createFulfillment(harness.session(), request(String(placed.receipt_id)));
    const again = await etsyConnector.createFulfillment(harness.session(), request(String(placed.receipt_id)));
    expect(first.created).toBe(true);
    expect(again).toEqual({ externalFulfillmentId: first.externalFulfillmentId, created: false });
    expect(placed.shipments).toEqual([expect.objectContaining({ carrier_name: "royal-mail", tracking_code: "RM123456785GB" })]);
    expect(first.externalFulfillmentId).toBe(`${placed.receipt_id}/${placed.shipments[0]?.receipt_shipping_id}`);
    expect(placed.is_shipped).toBe(true);
  });

  it("a 403 from Etsy (tracking not allowed for this app) is forbidden, says what to do, and posts nothing", async () => {
    const placed = receipt();
    harness.fake.world.forbidTracking = true;
    try {
      const error = await etsyConnector.createFulfillment(harness.session(), request(String(placed.receipt_id))).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ShopError);
      expect(error).toMatchObject({ kind: "forbidden", message: TRACKING_FORBIDDEN_MESSAGE, details: { status: 403 } });
      expect((error as ShopError).retryable).toBe(false);
    } finally {
      harness.fake.world.forbidTracking = false;
    }
    expect(placed.shipments).toHaveLength(0);
  });

  it("refuses a canceled receipt without calling createReceiptShipment", async () => {
    const placed = receipt();
    harness.fake.world.cancelReceipt(placed.receipt_id);
    await expect(etsyConnector.createFulfillment(harness.session(), request(String(placed.receipt_id)))).rejects.toMatchObject({ kind: "rejected" });
    expect(placed.shipments).toHaveLength(0);
  });

  it("updateTracking refuses an id that is not an Etsy shipment id", async () => {
    await expect(etsyConnector.updateTracking(harness.session(), "12345", { carrier: "UPS", trackingNumber: "1Z" })).rejects.toMatchObject({ kind: "not_found" });
  });
});
