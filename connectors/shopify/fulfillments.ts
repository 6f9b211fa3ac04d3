import { ShopError, type FulfillmentRequest, type FulfillmentResult } from "../types";
import { defineOperation, shopifyGraphql, throwOnUserErrors, type ShopifySession } from "./client";
import { shopifyFulfillmentCreateDataSchema, shopifyFulfillmentStateDataSchema, shopifyTrackingUpdateDataSchema, type ShopifyFulfillmentOrder } from "./schemas";
import { legacyId, toGid } from "./transform";

// Look before you create: the order's fulfilments tell whether this shipment (its tracking number) was
// already sent, e.g. by an attempt that crashed before it could record the answer.
export const FULFILLMENT_STATE = defineOperation({
  name: "InkbridgeFulfillmentState",
  query: `query InkbridgeFulfillmentState($id: ID!) {
  order(id: $id) {
    fulfillments(first: 20) { id status trackingInfo(first: 3) { number } }
    fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } } } }
  }
}`,
  cost: 598,
  data: shopifyFulfillmentStateDataSchema,
});

export const FULFILLMENT_CREATE = defineOperation({
  name: "InkbridgeFulfillmentCreate",
  query: `mutation InkbridgeFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } }
}`,
  cost: 10,
  data: shopifyFulfillmentCreateDataSchema,
});

export const TRACKING_UPDATE = defineOperation({
  name: "InkbridgeTrackingUpdate",
  query: `mutation InkbridgeTrackingUpdate($id: ID!, $tracking: FulfillmentTrackingInput!) {
  fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $tracking) { fulfillment { id } userErrors { field message } }
}`,
  cost: 10,
  data: shopifyTrackingUpdateDataSchema,
});

const OPEN_STATUSES = new Set(["OPEN", "IN_PROGRESS"]);

type FulfillmentOrderLines = { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] };

// The requested lines (by Shopify line item id) spread over the open fulfillment orders that still hold them.
function planLines(openOrders: ShopifyFulfillmentOrder[], lines: NonNullable<FulfillmentRequest["lines"]>): FulfillmentOrderLines[] {
  const groups = new Map<string, { id: string; quantity: number }[]>();
  for (const line of lines) {
    let wanted = line.quantity;
    for (const fulfillmentOrder of openOrders) {
      for (const item of fulfillmentOrder.lineItems.nodes) {
        if (wanted === 0 || item.remainingQuantity === 0 || legacyId(item.lineItem.id) !== line.externalLineId) continue;
        const quantity = Math.min(wanted, item.remainingQuantity);
        groups.set(fulfillmentOrder.id, [...(groups.get(fulfillmentOrder.id) ?? []), { id: item.id, quantity }]);
        wanted -= quantity;
      }
    }
    if (wanted > 0) throw new ShopError("rejected", `Line ${line.externalLineId} has ${wanted} fewer items open for fulfilment than requested`, { field: "lines" });
  }
  return [...groups].map(([fulfillmentOrderId, fulfillmentOrderLineItems]) => ({ fulfillmentOrderId, fulfillmentOrderLineItems }));
}

function trackingInput(tracking: { carrier: string; trackingNumber: string; trackingUrl?: string }): Record<string, string> {
  return { company: tracking.carrier, number: tracking.trackingNumber, ...(tracking.trackingUrl ? { url: tracking.trackingUrl } : {}) };
}

/** One fulfilment per shipment: a retry finds the fulfilment carrying this tracking number and makes none. */
export async function createFulfillment(session: ShopifySession, request: FulfillmentRequest): Promise<FulfillmentResult> {
  const orderId = toGid("Order", request.externalOrderId);
  if (!orderId) throw new ShopError("not_found", `No Shopify order ${request.externalOrderId}`);
  const state = await shopifyGraphql(session, FULFILLMENT_STATE, { id: orderId });
  if (!state.order) throw new ShopError("not_found", `Shopify no longer has order ${request.externalOrderId}`);

  const existing = state.order.fulfillments.find((fulfillment) => fulfillment.status !== "CANCELLED" && fulfillment.trackingInfo.some((info) => info.number === request.trackingNumber));
  if (existing) return { externalFulfillmentId: legacyId(existing.id), created: false };

  const open = state.order.fulfillmentOrders.nodes.filter((fulfillmentOrder) => OPEN_STATUSES.has(fulfillmentOrder.status) && fulfillmentOrder.lineItems.nodes.some((item) => item.remainingQuantity > 0));
  if (open.length === 0) throw new ShopError("rejected", `Order ${request.externalOrderId} has nothing left to fulfil in Shopify`);
  const lineItemsByFulfillmentOrder = request.lines?.length ? planLines(open, request.lines) : open.map((fulfillmentOrder) => ({ fulfillmentOrderId: fulfillmentOrder.id }));

  const data = await shopifyGraphql(session, FULFILLMENT_CREATE, {
    fulfillment: { lineItemsByFulfillmentOrder, trackingInfo: trackingInput(request), notifyCustomer: request.notifyCustomer },
  });
  if (!data.fulfillmentCreate) throw new ShopError("rejected", "Shopify returned no fulfilment");
  throwOnUserErrors("fulfillmentCreate", data.fulfillmentCreate.userErrors);
  if (!data.fulfillmentCreate.fulfillment) throw new ShopError("rejected", "Shopify returned no fulfilment");
  return { externalFulfillmentId: legacyId(data.fulfillmentCreate.fulfillment.id), created: true };
}

/** A later tracking change; Shopify's default applies (the customer is not notified again). */
export async function updateTracking(session: ShopifySession, externalFulfillmentId: string, tracking: { carrier: string; trackingNumber: string; trackingUrl?: string }): Promise<void> {
  const id = toGid("Fulfillment", externalFulfillmentId);
  if (!id) throw new ShopError("not_found", `No Shopify fulfilment ${externalFulfillmentId}`);
  const data = await shopifyGraphql(session, TRACKING_UPDATE, { id, tracking: trackingInput(tracking) });
  if (!data.fulfillmentTrackingInfoUpdate) throw new ShopError("rejected", "Shopify returned no fulfilment");
  throwOnUserErrors("fulfillmentTrackingInfoUpdate", data.fulfillmentTrackingInfoUpdate.userErrors);
}
