import type { OrderChannel, OrderStatus } from "@/db/schema/enums";
import type { Address } from "@/lib/domain/order";
import type { OrderShipmentView, OrderView } from "@/lib/services/orders";
import type { GelatoChannel, GelatoOrderHeader, GelatoOrderResponse, GelatoOrderSummary, GelatoShipmentUpdateResponse } from "./schemas";

// Stored orders in the shape of Gelato's v4 Get order and Search orders responses.

export type ShippingMethodNames = ReadonlyMap<string, string>;

/** Gelato's financial status: nothing is invoiced here, so an order is pending until canceled. */
export function financialStatusOf(status: OrderStatus): "draft" | "canceled" | "pending" {
  if (status === "draft") return "draft";
  if (status === "canceled") return "canceled";
  return "pending";
}

export function gelatoChannelOf(channel: OrderChannel): GelatoChannel {
  switch (channel) {
    case "gelato_api":
    case "siteflow_api":
      return "api";
    case "shopify":
    case "etsy":
    case "woocommerce":
      return channel;
  }
}

type Extra = Record<string, unknown>;
const stringOr = (value: unknown): string | null => (typeof value === "string" ? value : null);
const numberOr = (value: unknown): number | null => (typeof value === "number" ? value : null);

function toAddress(address: Address | undefined, id: string, orderId: string): GelatoOrderResponse["shippingAddress"] {
  if (!address) return null;
  return {
    id,
    orderId,
    firstName: address.firstName,
    lastName: address.lastName,
    companyName: address.companyName ?? null,
    addressLine1: address.addressLine1,
    addressLine2: address.addressLine2 ?? null,
    city: address.city,
    postCode: address.postCode,
    state: address.state ?? null,
    country: address.country,
    email: address.email ?? null,
    phone: address.phone ?? null,
    isBusiness: address.isBusiness ?? false,
    federalTaxId: address.federalTaxId ?? null,
    stateTaxId: address.stateTaxId ?? null,
    registrationStateCode: address.registrationStateCode ?? null,
  };
}

function toReturnAddress(address: Partial<Address> | null | undefined): GelatoOrderResponse["returnAddress"] {
  if (!address) return null;
  return {
    companyName: address.companyName ?? null,
    addressLine1: address.addressLine1 ?? null,
    addressLine2: address.addressLine2 ?? null,
    city: address.city ?? null,
    postCode: address.postCode ?? null,
    state: address.state ?? null,
    country: address.country ?? null,
    email: address.email ?? null,
    phone: address.phone ?? null,
  };
}

function toShipment(shipment: OrderShipmentView | undefined, itemIds: string[], names: ShippingMethodNames): GelatoOrderResponse["shipment"] {
  if (!shipment) return null;
  const hasTracking = Boolean(shipment.trackingCode || shipment.trackingUrl);
  const packages = hasTracking ? [{ id: shipment.id, orderItemIds: itemIds, trackingCode: shipment.trackingCode, trackingUrl: shipment.trackingUrl }] : [];
  return {
    id: shipment.id,
    shipmentMethodUid: shipment.method,
    shipmentMethodName: shipment.method ? (names.get(shipment.method) ?? shipment.method) : null,
    packageCount: packages.length,
    minDeliveryDays: null,
    maxDeliveryDays: null,
    minDeliveryDate: null,
    maxDeliveryDate: null,
    totalWeight: null,
    fulfillmentCountry: null,
    packages,
  };
}

function toItem(item: OrderView["items"][number]): GelatoOrderResponse["items"][number] {
  const extra: Extra = item.extra;
  const fileDetails = Array.isArray(extra.files) ? (extra.files as Extra[]) : [];
  const options = Array.isArray(extra.options) ? (extra.options as Array<{ id?: string; type: string; productUid: string; quantity: number }>) : [];
  return {
    id: item.id,
    itemReferenceId: item.externalItemId,
    productUid: item.productUid,
    productName: stringOr(extra.productName),
    productVariant: (extra.productVariant as Record<string, string | number | boolean> | undefined) ?? null,
    pageCount: numberOr(extra.pageCount),
    quantity: item.quantity,
    fulfillmentStatus: item.status,
    files: item.files.map((file, index) => {
      const details = fileDetails[index] ?? {};
      return {
        id: stringOr(details.id),
        type: file.type,
        url: file.url,
        threadColors: Array.isArray(details.threadColors) ? (details.threadColors as string[]) : [],
        isVisible: typeof details.isVisible === "boolean" ? details.isVisible : true,
        ...(details.fitMethod !== undefined ? { fitMethod: stringOr(details.fitMethod) } : {}),
        ...(details.fillMethod !== undefined ? { fillMethod: stringOr(details.fillMethod) } : {}),
        ...(details.mimeType !== undefined ? { mimeType: stringOr(details.mimeType) } : {}),
        ...(Array.isArray(details.metadata) ? { metadata: details.metadata as Array<{ key: string; value: string }> } : {}),
      };
    }),
    processedFileUrl: null,
    previews: [],
    options: options.map((option) => ({ id: option.id ?? null, type: option.type, productUid: option.productUid, quantity: option.quantity })),
    retailPriceInclVat: numberOr(extra.retailPriceInclVat),
  };
}

function toHeader(order: OrderView): GelatoOrderHeader {
  return {
    id: order.uid,
    orderType: order.orderType,
    orderReferenceId: order.externalId,
    customerReferenceId: order.customerReferenceId,
    fulfillmentStatus: order.status,
    financialStatus: financialStatusOf(order.status),
    currency: order.currency,
    channel: gelatoChannelOf(order.channel),
    storeId: order.storeId,
  };
}

/** An order in the shape of Gelato's `GET /v4/orders/{id}`. */
export function toGelatoOrder(order: OrderView, names: ShippingMethodNames): GelatoOrderResponse {
  const shipment = order.shipments[0];
  return {
    ...toHeader(order),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    orderedAt: order.createdAt,
    items: order.items.map(toItem),
    shipment: toShipment(shipment, order.items.map((item) => item.id), names),
    billingEntity: null,
    shippingAddress: toAddress(shipment?.address, shipment?.id ?? "", order.uid),
    returnAddress: toReturnAddress(shipment?.returnAddress),
    receipts: [],
    connectedOrderIds: [],
    metadata: order.metadata,
    retailCurrency: stringOr(order.extra.retailCurrency),
    retailShippingPriceInclVat: numberOr(order.extra.retailShippingPriceInclVat),
  };
}

/** An order in the shape of one entry of Gelato's `POST /v4/orders:search`. */
export function toGelatoOrderSummary(order: OrderView): GelatoOrderSummary {
  const address = order.shipments[0]?.address;
  return {
    ...toHeader(order),
    country: address?.country ?? null,
    firstName: address?.firstName ?? null,
    lastName: address?.lastName ?? null,
    itemsCount: order.items.length,
    totalInclVat: null,
    connectedOrderIds: [],
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    orderedAt: order.createdAt,
  };
}

/** The answer to `PUT /v4/orders/{id}/shipment`, as GelatoConnect gives it. */
export function toGelatoShipmentUpdate(order: OrderView, names: ShippingMethodNames): GelatoShipmentUpdateResponse {
  const shipment = order.shipments[0];
  const packageCount = shipment?.trackingCode || shipment?.trackingUrl ? 1 : 0;
  return {
    shippingAddress: toAddress(shipment?.address, shipment?.id ?? "", order.uid),
    shipment: {
      shipmentMethodUid: shipment?.method ?? null,
      shipmentMethodName: shipment?.method ? (names.get(shipment.method) ?? shipment.method) : null,
      fulfillmentCountry: null,
      fulfillmentFacilityId: null,
      packageCount,
      initialMinDeliveryDate: null,
      initialMaxDeliveryDate: null,
      serviceType: null,
    },
  };
}
