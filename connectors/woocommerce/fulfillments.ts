import { ShopError, type FulfillmentRequest, type FulfillmentResult } from "../types";
import { parseAnswer, wooRequest, type WooSession } from "./client";
import { wooNoteListSchema, wooNoteSchema, wooOrderSchema, wooTrackingListSchema, wooTrackingSchema, type WooNote } from "./schemas";

// WooCommerce has no fulfilment object: a shipment is an order note ending in "(Shipment {shipmentKey})",
// the marker a retry finds it by; then a Shipment Tracking entry where the extension answers, then
// `completed`. The fulfilment id is `{orderId}:{shipmentKey}`, stable across tracking changes.

type Tracking = { carrier: string; trackingNumber: string; trackingUrl?: string };

const SHIPMENT_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;
const MARKER = /\(Shipment ([A-Za-z0-9_.:-]{1,100})\)\s*$/;
const TRACKING_NUMBER = /Tracking number: (\S+?)\.(?:\s|$)/;
// Statuses a shipment does not move: already completed, or no longer an order to complete.
const LEAVE_STATUS = new Set(["completed", "cancelled", "refunded", "failed", "trash"]);

export function shipmentNoteText(tracking: Tracking, shipmentKey: string, changed = false): string {
  const opening = changed ? `The tracking of your shipment has changed: ${tracking.carrier}.` : `Your order has shipped with ${tracking.carrier}.`;
  const link = tracking.trackingUrl ? ` Track it: ${tracking.trackingUrl}` : "";
  return `${opening} Tracking number: ${tracking.trackingNumber}.${link} (Shipment ${shipmentKey})`;
}

/** The shipment a note records, or null for any other note. */
export function parseShipmentNote(note: string): { shipmentKey: string; trackingNumber: string | null } | null {
  const marker = MARKER.exec(note);
  if (!marker) return null;
  return { shipmentKey: marker[1] as string, trackingNumber: TRACKING_NUMBER.exec(note)?.[1] ?? null };
}

export function fulfillmentId(orderId: string, shipmentKey: string): string {
  return `${orderId}:${shipmentKey}`;
}

function parseFulfillmentId(id: string): { orderId: string; shipmentKey: string } | null {
  const match = /^(\d+):(.+)$/.exec(id);
  return match && SHIPMENT_KEY.test(match[2] as string) ? { orderId: match[1] as string, shipmentKey: match[2] as string } : null;
}

async function listNotes(session: WooSession, orderId: string): Promise<WooNote[]> {
  const response = await wooRequest(session, { operation: "listOrderNotes", method: "GET", path: `orders/${orderId}/notes`, params: { type: "any" } });
  return parseAnswer(wooNoteListSchema, response.body, "listOrderNotes");
}

function notesOf(notes: WooNote[], shipmentKey: string): WooNote[] {
  return notes.filter((note) => parseShipmentNote(note.note)?.shipmentKey === shipmentKey).sort((a, b) => a.id - b.id);
}

async function addNote(session: WooSession, orderId: string, note: string, customerNote: boolean): Promise<WooNote> {
  const response = await wooRequest(session, { operation: "createOrderNote", method: "POST", path: `orders/${orderId}/notes`, body: { note, customer_note: customerNote } });
  return parseAnswer(wooNoteSchema, response.body, "createOrderNote");
}

/**
 * The Shipment Tracking extension's entries, or null when the site does not have it (its route answers
 * 404 `rest_no_route`).
 */
async function listTrackings(session: WooSession, orderId: string): Promise<Array<{ tracking_id: string; tracking_number: string }> | null> {
  const response = await wooRequest(session, { operation: "listShipmentTrackings", method: "GET", namespace: "wc-shipment-tracking/v3", path: `orders/${orderId}/shipment-trackings`, accept: [404] });
  if (response.status === 404) return null;
  return parseAnswer(wooTrackingListSchema, response.body, "listShipmentTrackings");
}

async function addTracking(session: WooSession, orderId: string, tracking: Tracking): Promise<void> {
  const response = await wooRequest(session, {
    operation: "createShipmentTracking",
    method: "POST",
    namespace: "wc-shipment-tracking/v3",
    path: `orders/${orderId}/shipment-trackings`,
    body: {
      custom_tracking_provider: tracking.carrier,
      ...(tracking.trackingUrl ? { custom_tracking_link: tracking.trackingUrl } : {}),
      tracking_number: tracking.trackingNumber,
      date_shipped: new Date().toISOString().slice(0, 10),
    },
  });
  parseAnswer(wooTrackingSchema, response.body, "createShipmentTracking");
}

/** Idempotent per shipment: the note (found by its marker), the tracking entry (by number) and the status each look before they act. */
export async function createFulfillment(session: WooSession, request: FulfillmentRequest): Promise<FulfillmentResult> {
  const orderId = request.externalOrderId;
  if (!/^\d+$/.test(orderId)) throw new ShopError("not_found", `No WooCommerce order ${orderId}`);
  if (!SHIPMENT_KEY.test(request.shipmentKey)) throw new ShopError("rejected", `Shipment key ${request.shipmentKey} cannot be written into a note`, { field: "shipmentKey" });
  const orderResponse = await wooRequest(session, { operation: "getOrder", method: "GET", path: `orders/${orderId}`, accept: [404] });
  if (orderResponse.status === 404) throw new ShopError("not_found", `WooCommerce has no order ${orderId}`, { status: 404 });
  const order = parseAnswer(wooOrderSchema, orderResponse.body, "getOrder");

  const existing = notesOf(await listNotes(session, orderId), request.shipmentKey);
  const created = existing.length === 0;
  if (created) await addNote(session, orderId, shipmentNoteText(request, request.shipmentKey), request.notifyCustomer);

  const trackings = await listTrackings(session, orderId);
  if (trackings && !trackings.some((entry) => entry.tracking_number === request.trackingNumber)) await addTracking(session, orderId, request);

  if (!LEAVE_STATUS.has(order.status)) {
    const response = await wooRequest(session, { operation: "completeOrder", method: "PUT", path: `orders/${orderId}`, body: { status: "completed" } });
    parseAnswer(wooOrderSchema, response.body, "completeOrder");
  }
  return { externalFulfillmentId: fulfillmentId(orderId, request.shipmentKey), created };
}

/**
 * A new note with the changed tracking replaces the shipment's old one (and its tracking entry), so the
 * order shows one current note per shipment. A retry finds the new note and only tidies up.
 */
export async function updateTracking(session: WooSession, externalFulfillmentId: string, tracking: Tracking): Promise<void> {
  const id = parseFulfillmentId(externalFulfillmentId);
  if (!id) throw new ShopError("not_found", `Not a WooCommerce fulfilment id: ${externalFulfillmentId}`);
  const notesResponse = await wooRequest(session, { operation: "listOrderNotes", method: "GET", path: `orders/${id.orderId}/notes`, params: { type: "any" }, accept: [404] });
  if (notesResponse.status === 404) throw new ShopError("not_found", `WooCommerce has no order ${id.orderId}`, { status: 404 });
  const notes = notesOf(parseAnswer(wooNoteListSchema, notesResponse.body, "listOrderNotes"), id.shipmentKey);
  if (notes.length === 0) throw new ShopError("not_found", `Order ${id.orderId} has no note for shipment ${id.shipmentKey}`);

  const current = notes.find((note) => parseShipmentNote(note.note)?.trackingNumber === tracking.trackingNumber);
  const kept = current ?? (await addNote(session, id.orderId, shipmentNoteText(tracking, id.shipmentKey, true), notes.some((note) => note.customer_note)));
  const oldNumbers = new Set(notes.filter((note) => note.id !== kept.id).map((note) => parseShipmentNote(note.note)?.trackingNumber).filter((number): number is string => Boolean(number) && number !== tracking.trackingNumber));

  const trackings = await listTrackings(session, id.orderId);
  if (trackings) {
    if (!trackings.some((entry) => entry.tracking_number === tracking.trackingNumber)) await addTracking(session, id.orderId, tracking);
    for (const entry of trackings.filter((candidate) => oldNumbers.has(candidate.tracking_number))) {
      await wooRequest(session, { operation: "deleteShipmentTracking", method: "DELETE", namespace: "wc-shipment-tracking/v3", path: `orders/${id.orderId}/shipment-trackings/${entry.tracking_id}`, accept: [404] });
    }
  }
  for (const note of notes.filter((candidate) => candidate.id !== kept.id)) {
    await wooRequest(session, { operation: "deleteOrderNote", method: "DELETE", path: `orders/${id.orderId}/notes/${note.id}`, params: { force: "true" }, accept: [404] });
  }
}
