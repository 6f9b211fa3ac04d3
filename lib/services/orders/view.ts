import { asc, eq, inArray } from "drizzle-orm";
import { orderEvents, orderItems, orderShipments, orders } from "@/db/schema";
import type { Database } from "@/db/client";
import type { Address, LookupTraceEntry, OrderFile } from "@/lib/domain/order";
import type { ActorType, OrderChannel, OrderStatus, OrderType } from "@/db/schema/enums";

export type OrderItemView = {
  id: string;
  position: number;
  externalItemId: string | null;
  sourceProductKey: string | null;
  productUid: string | null;
  quantity: number;
  files: OrderFile[];
  shipmentIndex: number;
  status: OrderStatus;
  statusReason: string | null;
  options: Record<string, string>;
  extra: Record<string, unknown>;
};

export type OrderShipmentView = {
  id: string;
  shipmentIndex: number;
  address: Address;
  returnAddress: Partial<Address> | null;
  method: string | null;
  sourceMethod: string | null;
  carrier: string | null;
  trackingCode: string | null;
  trackingUrl: string | null;
  shippedAt: string | null;
  extra: Record<string, unknown>;
};

export type OrderEventView = {
  id: string;
  type: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  actorType: ActorType;
  actor: string | null;
  message: string | null;
  data: Record<string, unknown>;
  createdAt: string;
};

export type OrderSummaryView = {
  id: string;
  uid: string;
  customerId: string;
  channel: OrderChannel;
  connectorId: string | null;
  storeId: string | null;
  externalId: string;
  orderType: OrderType;
  status: OrderStatus;
  statusReason: string | null;
  currency: string | null;
  customerReferenceId: string | null;
  recipientName: string | null;
  priority: "normal" | "rush";
  tags: string[];
  routingRuleKey: string | null;
  metadata: { key: string; value: string }[];
  createdAt: string;
  updatedAt: string;
  statusChangedAt: string;
};

export type OrderView = OrderSummaryView & {
  extra: Record<string, unknown>;
  lookupTrace: LookupTraceEntry[];
  items: OrderItemView[];
  shipments: OrderShipmentView[];
  events: OrderEventView[];
};

type OrderRow = typeof orders.$inferSelect;

export function toOrderSummary(row: OrderRow): OrderSummaryView {
  return {
    id: row.id,
    uid: row.uid,
    customerId: row.customerId,
    channel: row.channel,
    connectorId: row.connectorId,
    storeId: row.storeId,
    externalId: row.externalId,
    orderType: row.orderType,
    status: row.status,
    statusReason: row.statusReason,
    currency: row.currency,
    customerReferenceId: row.customerReferenceId,
    recipientName: row.recipientName,
    priority: row.priority,
    tags: row.tags,
    routingRuleKey: row.routingRuleKey,
    metadata: row.metadata,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    statusChangedAt: row.statusChangedAt.toISOString(),
  };
}

/** Full views (items, shipments, events) of the given orders, in the order of `rows`. */
export async function loadOrderViews(db: Database, rows: OrderRow[]): Promise<OrderView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [items, shipments, events] = await Promise.all([
    db.select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.position)),
    db.select().from(orderShipments).where(inArray(orderShipments.orderId, ids)).orderBy(asc(orderShipments.shipmentIndex)),
    db.select().from(orderEvents).where(inArray(orderEvents.orderId, ids)).orderBy(asc(orderEvents.id)),
  ]);
  return rows.map((row) => ({
    ...toOrderSummary(row),
    extra: row.extra,
    lookupTrace: row.lookupTrace,
    items: items
      .filter((item) => item.orderId === row.id)
      .map((item) => ({
        id: item.id,
        position: item.position,
        externalItemId: item.externalItemId,
        sourceProductKey: item.sourceProductKey,
        productUid: item.productUid,
        quantity: item.quantity,
        files: item.files,
        shipmentIndex: item.shipmentIndex,
        status: item.status,
        statusReason: item.statusReason,
        options: item.options,
        extra: item.extra,
      })),
    shipments: shipments
      .filter((shipment) => shipment.orderId === row.id)
      .map((shipment) => ({
        id: shipment.id,
        shipmentIndex: shipment.shipmentIndex,
        address: shipment.address,
        returnAddress: shipment.returnAddress ?? null,
        method: shipment.method,
        sourceMethod: shipment.sourceMethod,
        carrier: shipment.carrier,
        trackingCode: shipment.trackingCode,
        trackingUrl: shipment.trackingUrl,
        shippedAt: shipment.shippedAt?.toISOString() ?? null,
        extra: shipment.extra,
      })),
    events: events
      .filter((event) => event.orderId === row.id)
      .map((event) => ({
        id: event.id,
        type: event.type,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        actorType: event.actorType,
        actor: event.actorLabel,
        message: event.message,
        data: event.data,
        createdAt: event.createdAt.toISOString(),
      })),
  }));
}

export async function loadOrderView(db: Database, orderId: string): Promise<OrderView | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) return undefined;
  return (await loadOrderViews(db, [row]))[0];
}
