import type { OrderStatus } from "@/db/schema/enums";
import type { Address } from "@/lib/domain/order";
import type { OrderItemView, OrderShipmentView, OrderSummaryView, OrderView } from "@/lib/services/orders";
import type { SiteflowStatus } from "./schemas";

// Stored orders back in Site Flow's shape: the fields kept in `extra` as they were sent, then
// the canonical values (ids, status, resolved addresses) on top.

const statuses: Record<OrderStatus, SiteflowStatus> = {
  draft: "pending",
  on_hold: "pending",
  not_connected: "pending",
  created: "dataready",
  passed: "printready",
  in_production: "printready",
  printed: "complete",
  shipped: "shipped",
  in_transit: "shipped",
  delivered: "shipped",
  returned: "shipped",
  canceled: "cancelled",
  failed: "error",
};

export function siteflowStatus(status: OrderStatus): SiteflowStatus {
  return statuses[status];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);
const sent = (extra: Json): Json => (isRecord(extra.siteflow) ? extra.siteflow : {});
const record = (value: unknown): Json => (isRecord(value) ? value : {});

function without(value: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function toShipTo(address: Partial<Address>): Json {
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  const fields: Json = {
    name: name || undefined,
    companyName: address.companyName,
    address1: address.addressLine1,
    address2: address.addressLine2,
    address3: address.addressLine3,
    town: address.city,
    state: address.state,
    postcode: address.postCode,
    isoCountry: address.country,
    phone: address.phone,
    email: address.email,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}

function toItem(item: OrderItemView): Json {
  const original = sent(item.extra);
  const components = Array.isArray(original.components) ? original.components : [];
  const usedSku = original.sku !== undefined || original.sourceProductId === undefined;
  return {
    ...without(original, ["components"]),
    _id: item.id,
    sourceItemId: item.externalItemId,
    ...(usedSku ? { sku: item.sourceProductKey } : {}),
    quantity: item.quantity,
    shipmentIndex: item.shipmentIndex,
    status: siteflowStatus(item.status),
    components: item.files.map((file, index) => {
      const component = record(components[index]);
      return { ...component, code: component.code ?? file.type, path: file.url };
    }),
  };
}

function toShipment(shipment: OrderShipmentView): Json {
  const original = sent(shipment.extra);
  return {
    ...without(original, ["shipTo", "returnAddress", "carrier"]),
    _id: shipment.id,
    shipmentIndex: shipment.shipmentIndex,
    shipTo: { ...record(original.shipTo), ...toShipTo(shipment.address) },
    ...(shipment.returnAddress ? { returnAddress: { ...record(original.returnAddress), ...toShipTo(shipment.returnAddress) } } : {}),
    carrier: { ...record(original.carrier), ...(shipment.method ? { serviceId: shipment.method } : {}) },
    ...(shipment.trackingCode ? { trackingNumber: shipment.trackingCode } : {}),
    ...(shipment.trackingUrl ? { trackingUrl: shipment.trackingUrl } : {}),
    ...(shipment.shippedAt ? { shippedAt: shipment.shippedAt } : {}),
  };
}

export type SiteflowOrderView = {
  _id: string;
  destination: Json & { name: string };
  orderData: Json & { sourceOrderId: string; status: SiteflowStatus };
  createdAt: string;
  updatedAt: string;
};

/** A stored order as Site Flow returns it from submit, get, update and cancel. */
export function toSiteflowOrder(order: OrderView, account: string): SiteflowOrderView {
  const original = sent(order.extra);
  const destination = record(original.destination);
  const orderData = record(original.orderData);
  return {
    _id: order.id,
    destination: { ...destination, name: typeof destination.name === "string" ? destination.name : account },
    orderData: {
      ...orderData,
      sourceOrderId: order.externalId,
      ...(order.currency ? { currency: order.currency } : {}),
      ...(order.tags.length > 0 ? { tags: order.tags } : {}),
      status: siteflowStatus(order.status),
      date: orderData.date ?? order.createdAt,
      items: order.items.map(toItem),
      shipments: order.shipments.map(toShipment),
    },
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/** One line of the order list: ids, status and dates (GET /order/{id} has the rest). */
export function toSiteflowSummary(order: OrderSummaryView, account: string): SiteflowOrderView {
  return {
    _id: order.id,
    destination: { name: account },
    orderData: {
      sourceOrderId: order.externalId,
      status: siteflowStatus(order.status),
      date: order.createdAt,
      ...(order.currency ? { currency: order.currency } : {}),
      ...(order.tags.length > 0 ? { tags: order.tags } : {}),
    },
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
