import { ShopError, type FulfillmentRequest, type FulfillmentResult } from "../types";
import { etsyRequest, etsyRequestOrNull, type EtsySession } from "./client";
import { etsyReceiptSchema, type EtsyReceipt, type EtsyShipment } from "./schemas";
import { parseFulfillmentId, toFulfillmentId } from "./transform";

export const TRACKING_FORBIDDEN_MESSAGE =
  "Etsy does not let this app post tracking for this shop (Etsy allows it only for apps it has approved for fulfilment); mark the order shipped in Etsy by hand, with the tracking number";

type Tracking = { carrier: string; trackingNumber: string };

/** Etsy's carrier names are lower-case slugs (`usps`, `royal-mail`); unknown carriers are accepted as written. */
export function toCarrierName(carrier: string): string {
  return carrier.trim().toLowerCase().replace(/\s+/g, "-");
}

async function readReceipt(session: EtsySession, receiptId: string): Promise<EtsyReceipt> {
  const receipt = /^\d{1,19}$/.test(receiptId) ? await etsyRequestOrNull(session, { operation: "getShopReceipt", method: "GET", path: `/shops/${session.identity}/receipts/${receiptId}` }, etsyReceiptSchema) : null;
  if (!receipt) throw new ShopError("not_found", `Etsy has no receipt ${receiptId} in shop ${session.identity}`);
  return receipt;
}

function findShipment(receipt: EtsyReceipt, trackingNumber: string): EtsyShipment | undefined {
  return receipt.shipments.find((shipment) => shipment.tracking_code === trackingNumber);
}

// createReceiptShipment emails the buyer each time; `send_bcc` would copy the seller, which nobody asked for.
async function postShipment(session: EtsySession, receipt: EtsyReceipt, tracking: Tracking): Promise<EtsyShipment> {
  let answer: EtsyReceipt;
  try {
    answer = await etsyRequest(
      session,
      {
        operation: "createReceiptShipment",
        method: "POST",
        path: `/shops/${session.identity}/receipts/${receipt.receipt_id}/tracking`,
        form: { tracking_code: tracking.trackingNumber, carrier_name: toCarrierName(tracking.carrier), send_bcc: false },
      },
      etsyReceiptSchema,
    );
  } catch (error) {
    if (error instanceof ShopError && error.kind === "forbidden") throw new ShopError("forbidden", TRACKING_FORBIDDEN_MESSAGE, { ...error.details, field: "tracking" });
    throw error;
  }
  const shipment = findShipment(answer, tracking.trackingNumber);
  if (!shipment) throw new ShopError("unavailable", `Etsy accepted the tracking for receipt ${receipt.receipt_id} but does not show it`);
  return shipment;
}

/**
 * One Etsy shipment per Inkbridge shipment: Etsy keeps no reference of ours, so the receipt's shipments are
 * read first and one with the same tracking code is the one an earlier (crashed) attempt made.
 */
export async function createFulfillment(session: EtsySession, request: FulfillmentRequest): Promise<FulfillmentResult> {
  const receipt = await readReceipt(session, request.externalOrderId);
  const existing = findShipment(receipt, request.trackingNumber);
  if (existing) return { externalFulfillmentId: toFulfillmentId(receipt.receipt_id, existing), created: false };
  if (receipt.status.toLowerCase() === "canceled") throw new ShopError("rejected", `Etsy receipt ${receipt.receipt_id} is canceled`);
  const shipment = await postShipment(session, receipt, request);
  return { externalFulfillmentId: toFulfillmentId(receipt.receipt_id, shipment), created: true };
}

/**
 * Etsy cannot change a shipment's tracking: the corrected tracking is posted as another shipment of the
 * receipt (the buyer gets the new code by email). Posting the same code twice is avoided as above.
 */
export async function updateTracking(session: EtsySession, externalFulfillmentId: string, tracking: Tracking & { trackingUrl?: string }): Promise<void> {
  const parsed = parseFulfillmentId(externalFulfillmentId);
  if (!parsed) throw new ShopError("not_found", `Not an Etsy shipment id: ${externalFulfillmentId}`);
  const receipt = await readReceipt(session, parsed.receiptId);
  if (findShipment(receipt, tracking.trackingNumber)) return;
  await postShipment(session, receipt, tracking);
}
