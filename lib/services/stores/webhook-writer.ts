import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { groupCommit } from "@/lib/group-commit";

// Stores received shop deliveries. Each delivery is its webhook_events row, its store.webhook
// outbox row and the store's lastWebhookAt, written by one statement. Deliveries that arrive
// while a write is in flight are gathered and written together by the next statement
// (lib/group-commit.ts). A delivery is acknowledged only when the statement that carried it has
// committed.

export type DeliveryRow = {
  id: string;
  platform: string;
  delivery_id: string;
  store_id: string | null;
  customer_id: string | null;
  identity: string;
  topic: string;
  headers: Record<string, string>;
  raw_body: string;
  status: "received" | "ignored";
  outcome: string | null;
  external_order_id: string | null;
  /** The store.webhook job to queue with it (active stores only). */
  job: { job_id: string; payload: { eventId: string; storeId: string } } | null;
};

const writer = groupCommit<DeliveryRow>({
  maxInFlight: 2,
  maxItems: 100,
  maxBytes: 4 * 1024 * 1024,
  // A repeat of a delivery id already in the batch waits for the next statement, where it meets
  // the first as a stored row: which of the two is the stored one stays well defined.
  keyOf: (row) => `${row.platform}\u0000${row.delivery_id}`,
  sizeOf: (row) => row.raw_body.length,
  idOf: (row) => row.id,
  write: (db, rows) => writeDeliveries(db as Database, rows),
});

/** Stores one delivery; resolves true once it is durable, false when its (platform, delivery id) was already stored. */
export function storeDelivery(db: Database, row: DeliveryRow): Promise<boolean> {
  return writer.submit(db, row);
}

/** One statement for any number of deliveries; returns the ids of the rows stored (repeats are left out). */
async function writeDeliveries(db: Database, rows: DeliveryRow[]): Promise<Set<string>> {
  const stored = await queryRows<{ id: string }>(
    db,
    sql`
    with x as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, platform text, delivery_id text, store_id text,
        customer_id text, identity text, topic text, headers jsonb, raw_body text, status text, outcome text, external_order_id text, job jsonb)
    ), event as (
      insert into webhook_events (id, platform, delivery_id, store_id, customer_id, identity, topic, headers, raw_body, status, outcome, external_order_id)
      select x.id, x.platform, x.delivery_id, x.store_id, x.customer_id, x.identity, x.topic, x.headers, x.raw_body, x.status, x.outcome, x.external_order_id
      from x
      on conflict (platform, delivery_id) do nothing
      returning id, store_id, status
    ), job as (
      insert into job_outbox (job_id, queue, payload)
      select (x.job->>'job_id')::uuid, 'store.webhook', x.job->'payload'
      from x join event on event.id = x.id
      where x.job is not null and jsonb_typeof(x.job) = 'object'
    ), touched as (
      update stores set last_webhook_at = now()
      where id in (select store_id from event where status = 'received' and store_id is not null)
        and (last_webhook_at is null or last_webhook_at < now() - interval '10 seconds')
    )
    select id from event`,
  );
  return new Set(stored.map((row) => row.id));
}
