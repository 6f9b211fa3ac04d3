import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { groupCommit } from "@/lib/group-commit";
import type { ServiceContext } from "../context";
import { notifyCondition } from "./events";

// Writes received orders. Each order is one row set (the order, its items, shipments, first
// event and jobs) stored by a single statement, so it is atomic by construction. Orders that
// arrive while a write is in flight are gathered and written together by the next statement
// (lib/group-commit.ts).

export type OrderRowSet = {
  order: Record<string, unknown> & { id: string; customer_id: string; channel: string; store_id: string | null; external_id: string; raw_body: string };
  items: Array<Record<string, unknown>>;
  shipments: Array<Record<string, unknown>>;
  jobs: Array<Record<string, unknown>>;
};

const writer = groupCommit<OrderRowSet>({
  maxInFlight: 2,
  maxItems: 64,
  maxBytes: 4 * 1024 * 1024,
  // A second copy of the same order waits for the next statement, so it meets the first as an
  // existing order rather than inside one insert.
  keyOf: ({ order }) => `${order.customer_id}\u0000${order.channel}\u0000${order.store_id ?? ""}\u0000${order.external_id}`,
  sizeOf: ({ order }) => order.raw_body.length,
  idOf: ({ order }) => order.id,
  write: (db, sets) => writeBatch(db as Database, sets),
});

/**
 * Stores one order's rows; resolves true when stored, false when an order with the same
 * (customer, channel, store, external id) already exists. Inside a transaction the rows are
 * written in it, on their own.
 */
export function storeOrder(ctx: ServiceContext, rows: OrderRowSet): Promise<boolean> {
  if (ctx.transaction) return writeBatch(ctx.db, [rows]).then((ids) => ids.has(rows.order.id));
  return writer.submit(ctx.db, rows);
}

/** One statement for any number of orders; returns the ids of the orders stored. */
async function writeBatch(db: Database, sets: OrderRowSet[]): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with o as (
      select * from jsonb_to_recordset(${JSON.stringify(sets.map((set) => set.order))}::jsonb) as x(id text, uid uuid, created_at timestamptz,
        customer_id text, channel text, connector_id text, store_id text, external_id text, order_type text, status text, currency text,
        customer_reference_id text, recipient_name text, priority text, tags jsonb, routing_rule_key text, hold_for_approval text,
        metadata jsonb, extra jsonb, lookup_trace jsonb, raw_body text, payload_hash text, event_id text, event_message text,
        actor_type text, actor_id text, actor_label text, notify_job_id uuid)
    ), new_order as (
      insert into orders (id, uid, created_at, updated_at, status_changed_at, customer_id, channel, connector_id, store_id, external_id, order_type, status, currency,
        customer_reference_id, recipient_name, priority, tags, routing_rule_key, hold_for_approval, metadata, extra,
        lookup_trace, raw_body, payload_hash)
      select o.id, o.uid, o.created_at, o.created_at, o.created_at, o.customer_id, o.channel, o.connector_id, o.store_id, o.external_id,
        o.order_type, o.status, o.currency, o.customer_reference_id, o.recipient_name, o.priority,
        array(select jsonb_array_elements_text(o.tags)), o.routing_rule_key, o.hold_for_approval, o.metadata, o.extra,
        o.lookup_trace, o.raw_body, o.payload_hash
      from o
      on conflict (customer_id, channel, (coalesce(store_id, '')), external_id) do nothing
      returning id
    ), new_items as (
      insert into order_items (id, order_id, position, external_item_id, source_product_key, product_uid, quantity, files,
        shipment_index, status, options, extra)
      select x.id, x.order_id, x.position, x.external_item_id, x.source_product_key, x.product_uid, x.quantity, x.files,
        x.shipment_index, x.status, x.options, x.extra
      from jsonb_to_recordset(${JSON.stringify(sets.flatMap((set) => set.items))}::jsonb) as x(id text, order_id text, position int,
        external_item_id text, source_product_key text, product_uid text, quantity int, files jsonb, shipment_index int, status text,
        options jsonb, extra jsonb)
      join new_order n on n.id = x.order_id
    ), new_shipments as (
      insert into order_shipments (id, order_id, shipment_index, address, return_address, method, source_method, carrier, extra)
      select x.id, x.order_id, x.shipment_index, x.address, x.return_address, x.method, x.source_method, x.carrier, x.extra
      from jsonb_to_recordset(${JSON.stringify(sets.flatMap((set) => set.shipments))}::jsonb) as x(id text, order_id text, shipment_index int,
        address jsonb, return_address jsonb, method text, source_method text, carrier text, extra jsonb)
      join new_order n on n.id = x.order_id
    ), new_event as (
      insert into order_events (id, created_at, order_id, customer_id, type, to_status, actor_type, actor_id, actor_label, message, data)
      select o.event_id, o.created_at, o.id, o.customer_id, 'order.received', o.status, o.actor_type, o.actor_id, o.actor_label, o.event_message, '{}'::jsonb
      from o join new_order n on n.id = o.id
    ), new_jobs as (
      insert into job_outbox (job_id, queue, payload)
      select (x.job_id)::uuid, x.queue, x.payload
      from jsonb_to_recordset(${JSON.stringify(sets.flatMap((set) => set.jobs))}::jsonb) as x(order_id text, job_id text, queue text, payload jsonb)
      join new_order n on n.id = x.order_id
    ), new_notify as (
      -- order.received is announced only when a trigger listens, so most intakes queue no extra job
      insert into job_outbox (job_id, queue, payload)
      select o.notify_job_id, 'order.notify', jsonb_build_object('eventId', o.event_id)
      from o join new_order n on n.id = o.id
      where ${notifyCondition(sql`o.customer_id`, sql`'order.received'`)}
    )
    select id from new_order`,
  );
  return new Set(rows.map((row) => row.id));
}
