import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { OrderChannel, OrderStatus } from "@/db/schema/enums";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto";
import { getMetrics } from "@/lib/metrics";
import { jobIdFor, pokeQueue } from "@/lib/jobs/enqueue";
import { actorId, actorLabel, afterCommit, type ServiceContext } from "../context";
import { storeOrder } from "./intake-writer";
import type { PreparedOrder } from "./prepare";
import { loadOrderView, type OrderView } from "./view";

/**
 * The order (or orders, for several external ids) a customer's channel and store know by external
 * id, written the way the unique index `orders_source_key` is built (coalesce of the store), so
 * the lookup is an index probe.
 */
export function orderSourceIs(customerId: string, channel: OrderChannel, storeId: string | null, externalId: string | readonly string[]): SQL {
  return and(
    eq(orders.customerId, customerId),
    eq(orders.channel, channel),
    sql`coalesce(${orders.storeId}, '') = ${storeId ?? ""}`,
    typeof externalId === "string" ? eq(orders.externalId, externalId) : inArray(orders.externalId, [...externalId]),
  )!;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableStringify(inner)}`).join(",")}}`;
}

export type IntakeInput = {
  ctx: ServiceContext;
  customerId: string;
  channel: OrderChannel;
  connectorId: string | null;
  storeId?: string | null;
  prepared: PreparedOrder;
  /** The request body exactly as received. */
  rawBody: string;
  /** The parsed request; its canonical JSON decides whether a repeat is "the same order". */
  payload: unknown;
};

export type IntakeResult = { order: OrderView; created: boolean };

/**
 * Stores an order, its items, shipments, raw body, first event and processing job in one
 * statement (so one round trip, atomic by construction) before the caller answers. Idempotent
 * on (customer, channel, store, external id): the unique index decides between concurrent
 * duplicates; a repeat with the same content returns the stored order, different content is a
 * conflict.
 */
export async function intakeOrder(input: IntakeInput): Promise<IntakeResult> {
  const { ctx, customerId, channel, prepared } = input;
  if (prepared.problems.length > 0) {
    throw new AppError("validation_failed", "The order is not valid", { details: prepared.problems, reason: "order_invalid" });
  }
  const stored = await insertOrder(input);
  if (stored) return { order: stored, created: true };

  const payloadHash = sha256Hex(stableStringify(input.payload));
  const [existing] = await ctx.db
    .select()
    .from(orders)
    .where(orderSourceIs(customerId, channel, input.storeId ?? null, prepared.order.externalId));
  if (!existing) throw new Error("Order insert conflicted but no order was found");
  if (existing.payloadHash !== payloadHash) {
    throw new AppError("conflict", `An order with the reference ${prepared.order.externalId} already exists with different content`, {
      reason: "duplicate_order_reference",
      details: [{ path: "externalId", message: "already used by another order" }],
    });
  }
  return { order: (await loadOrderView(ctx.db, existing.id))!, created: false };
}

/**
 * Writes a new order (through the group-commit writer outside a transaction); returns the stored
 * order, or null when the source already has an order with this external id (nothing written).
 */
export async function insertOrder(input: IntakeInput): Promise<OrderView | null> {
  const { ctx, customerId, channel, prepared } = input;
  const order = prepared.order;
  const orderId = createId("order");
  const uid = randomUUID();
  const now = new Date();
  const eventId = createId("event");
  const payloadHash = sha256Hex(stableStringify(input.payload));
  const status: OrderStatus = order.orderType === "draft" ? "draft" : "created";
  const firstAddress = order.shipments[0]?.address;
  const recipientName = firstAddress ? `${firstAddress.firstName} ${firstAddress.lastName}`.trim() : null;
  const items = order.items.map((item, position) => ({
    id: createId("item"),
    position,
    external_item_id: item.externalItemId ?? null,
    source_product_key: item.sourceProductKey ?? null,
    product_uid: item.productUid ?? null,
    quantity: item.quantity,
    files: item.files,
    shipment_index: item.shipmentIndex,
    options: item.options,
    extra: item.extra,
  }));
  const shipments = order.shipments.map((shipment) => ({
    id: createId("shipment"),
    shipment_index: shipment.shipmentIndex,
    address: shipment.address,
    return_address: shipment.returnAddress ?? null,
    method: shipment.method ?? null,
    source_method: shipment.sourceMethod ?? null,
    carrier: shipment.carrier ?? null,
    extra: shipment.extra,
  }));
  const jobs =
    status === "created" ? [{ job_id: jobIdFor("order.process", `${orderId}:intake`), queue: "order.process", payload: { orderId } }] : [];

  const inserted = await storeOrder(ctx, {
    order: {
      id: orderId,
      uid,
      created_at: now.toISOString(),
      customer_id: customerId,
      channel,
      connector_id: input.connectorId,
      store_id: input.storeId ?? null,
      external_id: order.externalId,
      order_type: order.orderType,
      status,
      currency: order.currency ?? null,
      customer_reference_id: order.customerReferenceId ?? null,
      recipient_name: recipientName,
      priority: order.priority,
      tags: order.tags,
      routing_rule_key: order.routingRuleKey ?? null,
      hold_for_approval: order.holdForApproval ? "yes" : "no",
      metadata: order.metadata,
      extra: order.extra,
      lookup_trace: prepared.trace,
      raw_body: input.rawBody,
      payload_hash: payloadHash,
      event_id: eventId,
      event_message: `Received through ${channelLabel(channel)}`,
      actor_type: ctx.actor.type,
      actor_id: actorId(ctx.actor),
      actor_label: actorLabel(ctx.actor),
      notify_job_id: jobIdFor("order.notify", eventId),
    },
    items: items.map((item) => ({ ...item, order_id: orderId, status })),
    shipments: shipments.map((shipment) => ({ ...shipment, order_id: orderId })),
    jobs: jobs.map((job) => ({ ...job, order_id: orderId })),
  });

  if (inserted) {
    getMetrics().ordersReceived.inc({ channel });
    if (jobs.length) afterCommit(ctx, pokeQueue);
    // The stored order is exactly what was just written: answer from memory, not another read.
    const iso = now.toISOString();
    const view: OrderView = {
      id: orderId,
      uid,
      customerId,
      channel,
      connectorId: input.connectorId,
      storeId: input.storeId ?? null,
      externalId: order.externalId,
      orderType: order.orderType,
      status,
      statusReason: null,
      currency: order.currency ?? null,
      customerReferenceId: order.customerReferenceId ?? null,
      recipientName,
      priority: order.priority,
      tags: order.tags,
      routingRuleKey: order.routingRuleKey ?? null,
      metadata: order.metadata,
      createdAt: iso,
      updatedAt: iso,
      statusChangedAt: iso,
      extra: order.extra,
      lookupTrace: prepared.trace,
      items: items.map((item) => ({
        id: item.id,
        position: item.position,
        externalItemId: item.external_item_id,
        sourceProductKey: item.source_product_key,
        productUid: item.product_uid,
        quantity: item.quantity,
        files: item.files,
        shipmentIndex: item.shipment_index,
        status,
        statusReason: null,
        options: item.options,
        extra: item.extra,
      })),
      shipments: shipments.map((shipment) => ({
        id: shipment.id,
        shipmentIndex: shipment.shipment_index,
        address: shipment.address,
        returnAddress: shipment.return_address,
        method: shipment.method,
        sourceMethod: shipment.source_method,
        carrier: shipment.carrier,
        trackingCode: null,
        trackingUrl: null,
        shippedAt: null,
        extra: shipment.extra,
      })),
      events: [
        {
          id: eventId,
          type: "order.received",
          fromStatus: null,
          toStatus: status,
          actorType: ctx.actor.type,
          actor: actorLabel(ctx.actor),
          message: `Received through ${channelLabel(channel)}`,
          data: {},
          createdAt: iso,
        },
      ],
    };
    return view;
  }
  return null;
}

export function channelLabel(channel: OrderChannel): string {
  switch (channel) {
    case "gelato_api":
      return "the Gelato API";
    case "siteflow_api":
      return "the SiteFlow API";
    case "shopify":
      return "Shopify";
    case "etsy":
      return "Etsy";
    case "woocommerce":
      return "WooCommerce";
  }
}
