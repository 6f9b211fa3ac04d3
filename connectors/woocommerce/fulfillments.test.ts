import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFulfillment, parseShipmentNote, shipmentNoteText, updateTracking } from "./fulfillments";
import { startWooTestSite, type WooTestSite } from "./testing";

let site: WooTestSite;
let productId = 0;

function placeOrder(status: "processing" | "cancelled" = "processing"): string {
  const order = site.fake.site.placeOrder({ lines: [{ productId, quantity: 1 }], shipping: { first_name: "Ada", last_name: "L", address_1: "1 Way", city: "London", postcode: "N1", country: "GB" } });
  if (status === "cancelled") site.fake.site.setStatus(order.id, "cancelled");
  return String(order.id);
}

const ups = { carrier: "UPS", trackingNumber: "1Z999AA10123456784", trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784" };

beforeAll(async () => {
  site = await startWooTestSite();
  productId = site.fake.site.createProduct({ name: "Poster", sku: "POSTER", regularPrice: "10.00" }).id;
});

afterAll(() => site.close());

describe("createFulfillment", () => {
  it("adds a customer note with carrier, number and URL, a Shipment Tracking entry, then completes the order", async () => {
    const externalOrderId = placeOrder();
    const result = await createFulfillment(site.session(), { externalOrderId, shipmentKey: "shp_a", ...ups, notifyCustomer: true });
    expect(result).toEqual({ externalFulfillmentId: `${externalOrderId}:shp_a`, created: true });
    const order = site.fake.site.getOrder(Number(externalOrderId));
    const notes = order.notes.filter((note) => parseShipmentNote(note.note));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ customerNote: true });
    expect(notes[0]?.note).toBe("Your order has shipped with UPS. Tracking number: 1Z999AA10123456784. Track it: https://www.ups.com/track?tracknum=1Z999AA10123456784 (Shipment shp_a)");
    expect(order.trackings).toMatchObject([{ customProvider: "UPS", customLink: ups.trackingUrl, trackingNumber: ups.trackingNumber }]);
    expect(order.status).toBe("completed");
  });

  it("after a crash between the note and the status, a retry finds the note and finishes the rest", async () => {
    const externalOrderId = placeOrder();
    site.fake.site.addNote(Number(externalOrderId), shipmentNoteText(ups, "shp_b"), true);
    const result = await createFulfillment(site.session(), { externalOrderId, shipmentKey: "shp_b", ...ups, notifyCustomer: true });
    expect(result.created).toBe(false);
    const order = site.fake.site.getOrder(Number(externalOrderId));
    expect(order.notes.filter((note) => parseShipmentNote(note.note))).toHaveLength(1);
    expect(order.trackings).toHaveLength(1);
    expect(order.status).toBe("completed");
  });

  it("without the Shipment Tracking extension: the note and the status only; a private note when the customer is not to be told", async () => {
    site.fake.setShipmentTracking(false);
    try {
      const externalOrderId = placeOrder();
      await createFulfillment(site.session(), { externalOrderId, shipmentKey: "shp_c", carrier: "DHL", trackingNumber: "JD01", notifyCustomer: false });
      const order = site.fake.site.getOrder(Number(externalOrderId));
      expect(order.notes.filter((note) => parseShipmentNote(note.note))).toMatchObject([{ customerNote: false }]);
      expect(order.trackings).toEqual([]);
      expect(order.status).toBe("completed");
    } finally {
      site.fake.setShipmentTracking(true);
    }
  });

  it("does not complete an order cancelled in the shop", async () => {
    const externalOrderId = placeOrder("cancelled");
    await createFulfillment(site.session(), { externalOrderId, shipmentKey: "shp_d", ...ups, notifyCustomer: true });
    expect(site.fake.site.getOrder(Number(externalOrderId)).status).toBe("cancelled");
  });

  it("refuses a shipment key that cannot be written into a note", async () => {
    await expect(createFulfillment(site.session(), { externalOrderId: placeOrder(), shipmentKey: "shp x)", ...ups, notifyCustomer: true })).rejects.toMatchObject({ kind: "rejected", details: { field: "shipmentKey" } });
  });
});

describe("updateTracking", () => {
  it("replaces the shipment's note and tracking entry; a retry changes nothing more", async () => {
    const session = site.session();
    const externalOrderId = placeOrder();
    const { externalFulfillmentId } = await createFulfillment(session, { externalOrderId, shipmentKey: "shp_e", ...ups, notifyCustomer: true });
    const next = { carrier: "UPS", trackingNumber: "1Z999AA10000000001", trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10000000001" };
    await updateTracking(session, externalFulfillmentId, next);
    await updateTracking(session, externalFulfillmentId, next);
    const order = site.fake.site.getOrder(Number(externalOrderId));
    const notes = order.notes.filter((note) => parseShipmentNote(note.note));
    expect(notes.map((note) => parseShipmentNote(note.note))).toEqual([{ shipmentKey: "shp_e", trackingNumber: next.trackingNumber }]);
    expect(notes[0]?.note).toMatch(/^The tracking of your shipment has changed: UPS\./);
    expect(order.trackings.map((tracking) => tracking.trackingNumber)).toEqual([next.trackingNumber]);
  });

  it("raises not_found for a fulfilment the order does not have", async () => {
    await expect(updateTracking(site.session(), `${placeOrder()}:shp_none`, ups)).rejects.toMatchObject({ kind: "not_found" });
    await expect(updateTracking(site.session(), "not-an-id", ups)).rejects.toMatchObject({ kind: "not_found" });
  });
});
