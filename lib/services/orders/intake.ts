import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { OrderChannel, OrderStatus } from "@/db/schema/enums";
import { queryRows } from "@/db/client";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto";
import { getMetrics } from "@/lib/metrics";
import { jobIdFor } from "@/lib/jobs/enqueue";
import { actorId, actorLabel, afterCommit, type ServiceContext } from "../context";
import { getRuntime } from "@/lib/runtime";
import type { PreparedOrder } from "./prepare";
import { loadOrderView, type OrderView } from "./view";

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

  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`
    with new_order as (
      insert into orders (id, uid, created_at, updated_at, status_changed_at, customer_id, channel, connector_id, store_id, external_id, order_type, status, currency,
        customer_reference_id, recipient_name, priority, tags, routing_rule_key, hold_for_approval, metadata, extra,
        lookup_trace, raw_body, payload_hash)
      values (${orderId}, ${uid}::uuid, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${customerId}, ${channel}, ${input.connectorId}, ${input.storeId ?? null}, ${order.externalId},
        ${order.orderType}, ${status}, ${order.currency ?? null}, ${order.customerReferenceId ?? null}, ${recipientName},
        ${order.priority}, array(select jsonb_array_elements_text(${JSON.stringify(order.tags)}::jsonb)), ${order.routingRuleKey ?? null},
        ${order.holdForApproval ? "yes" : "no"}, ${JSON.stringify(order.metadata)}::jsonb, ${JSON.stringify(order.extra)}::jsonb,
        ${JSON.stringify(prepared.trace)}::jsonb, ${input.rawBody}, ${payloadHash})
      on conflict (customer_id, channel, (coalesce(store_id, '')), external_id) do nothing
      returning id
    ), new_items as (
      insert into order_items (id, order_id, position, external_item_id, source_product_key, product_uid, quantity, files,
        shipment_index, status, options, extra)
      select x.id, new_order.id, x.position, x.external_item_id, x.source_product_key, x.product_uid, x.quantity, x.files,
        x.shipment_index, ${status}, x.options, x.extra
      from new_order, jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(id text, position int, external_item_id text,
        source_product_key text, product_uid text, quantity int, files jsonb, shipment_index int, options jsonb, extra jsonb)
    ), new_shipments as (
      insert into order_shipments (id, order_id, shipment_index, address, return_address, method, source_method, carrier, extra)
      select x.id, new_order.id, x.shipment_index, x.address, x.return_address, x.method, x.source_method, x.carrier, x.extra
      from new_order, jsonb_to_recordset(${JSON.stringify(shipments)}::jsonb) as x(id text, shipment_index int, address jsonb,
        return_address jsonb, method text, source_method text, carrier text, extra jsonb)
    ), new_event as (
      insert into order_events (id, created_at, order_id, customer_id, type, to_status, actor_type, actor_id, actor_label, message, data)
      select ${eventId}, ${now.toISOString()}::timestamptz, new_order.id, ${customerId}, 'order.received', ${status}, ${ctx.actor.type}, ${actorId(ctx.actor)},
        ${actorLabel(ctx.actor)}, ${`Received through ${channelLabel(channel)}`}, '{}'::jsonb
      from new_order
    ), new_jobs as (
      insert into job_outbox (job_id, queue, payload)
      select (x.job_id)::uuid, x.queue, x.payload from new_order, jsonb_to_recordset(${JSON.stringify(jobs)}::jsonb) as x(job_id text, queue text, payload jsonb)
    )
    select id from new_order`,
  );

  if (rows.length === 1) {
    getMetrics().ordersReceived.inc({ channel });
    if (jobs.length) afterCommit(ctx, () => queueOf()?.poke());
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
    return { order: view, created: true };
  }

  const [existing] = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.customerId, customerId), eq(orders.channel, channel), eq(orders.externalId, order.externalId), input.storeId ? eq(orders.storeId, input.storeId) : sql`${orders.storeId} is null`));
  if (!existing) throw new Error("Order insert conflicted but no order was found");
  if (existing.payloadHash !== payloadHash) {
    throw new AppError("conflict", `An order with the reference ${order.externalId} already exists with different content`, {
      reason: "duplicate_order_reference",
      details: [{ path: "externalId", message: "already used by another order" }],
    });
  }
  return { order: (await loadOrderView(ctx.db, existing.id))!, created: false };
}

function queueOf() {
  try {
    return getRuntime().queue;
  } catch {
    return undefined;
  }
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
