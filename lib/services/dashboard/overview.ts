import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { OrderChannel, OrderStatus } from "@/db/schema/enums";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";

export type DayCount = { day: string; total: number } & Partial<Record<OrderChannel, number>>;
export type StuckOrder = { id: string; externalId: string; customerId: string; customerName: string; status: OrderStatus; since: string };
export type FailingEndpoint = { triggerId: string; customerId: string; customerName: string; target: string; failed: number; retrying: number; lastError: string | null; lastAttemptAt: string | null };

export type Dashboard = {
  perDay: DayCount[];
  byStatus: Partial<Record<OrderStatus, number>>;
  receivedToday: number;
  shippedToday: number;
  stuck: StuckOrder[];
  failedJobs: Record<string, number>;
  failingEndpoints: FailingEndpoint[];
};

// How long an order may sit in a status before the dashboard calls it stuck.
export const stuckAfter: Partial<Record<OrderStatus, string>> = {
  created: "15 minutes",
  passed: "24 hours",
  on_hold: "72 hours",
  in_production: "48 hours",
  printed: "24 hours",
};

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

export async function getDashboard({ ctx, days = 14 }: { ctx: ServiceContext; days?: number }): Promise<Dashboard> {
  authorize(ctx, "orders:read");
  const span = Math.min(Math.max(days, 1), 90);
  const perDayRows = await queryRows<{ day: string; channel: OrderChannel; n: string | number }>(
    ctx.db,
    sql`select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, channel, count(*) as n
        from orders where created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - ${`${span - 1} days`}::interval
        group by 1, 2`,
  );
  const perDay: DayCount[] = [];
  const today = new Date();
  for (let offset = span - 1; offset >= 0; offset--) {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - offset)).toISOString().slice(0, 10);
    const entry: DayCount = { day, total: 0 };
    for (const row of perDayRows.filter((candidate) => candidate.day === day)) {
      entry[row.channel] = Number(row.n);
      entry.total += Number(row.n);
    }
    perDay.push(entry);
  }

  const statusRows = await queryRows<{ status: OrderStatus; n: string | number }>(ctx.db, sql`select status, count(*) as n from orders group by status`);
  const byStatus = Object.fromEntries(statusRows.map((row) => [row.status, Number(row.n)])) as Dashboard["byStatus"];

  const [todayRow] = await queryRows<{ received: string | number; shipped: string | number }>(
    ctx.db,
    sql`select
          (select count(*) from orders where created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') as received,
          (select count(*) from order_events where type = 'order.shipped' and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') as shipped`,
  );

  const stuckConditions = Object.entries(stuckAfter).map(([status, interval]) => sql`(o.status = ${status} and o.status_changed_at < now() - ${interval}::interval)`);
  const stuckRows = await queryRows<{ id: string; external_id: string; customer_id: string; customer_name: string; status: OrderStatus; status_changed_at: string | Date }>(
    ctx.db,
    sql`select o.id, o.external_id, o.customer_id, c.name as customer_name, o.status, o.status_changed_at
        from orders o join customers c on c.id = o.customer_id
        where ${sql.join(stuckConditions, sql` or `)}
        order by o.status_changed_at asc limit 20`,
  );

  let failedJobs: Record<string, number> = {};
  try {
    const jobRows = await queryRows<{ name: string; n: string | number }>(ctx.db, sql`select name, count(*) as n from pgboss.job where state = 'failed' group by name`);
    failedJobs = Object.fromEntries(jobRows.map((row) => [row.name, Number(row.n)]));
  } catch {
    // the queue schema is created at start; before that there is nothing to show
  }

  const endpointRows = await queryRows<{
    trigger_id: string;
    customer_id: string;
    customer_name: string;
    url: string | null;
    email: string | null;
    failed: string | number;
    retrying: string | number;
    last_error: string | null;
    last_attempt_at: string | Date | null;
  }>(
    ctx.db,
    sql`select t.id as trigger_id, t.customer_id, c.name as customer_name, t.url, t.email,
          count(*) filter (where d.status = 'failed') as failed,
          count(*) filter (where d.status = 'retrying') as retrying,
          (array_agg(d.last_error order by d.updated_at desc))[1] as last_error,
          max(d.updated_at) as last_attempt_at
        from postback_deliveries d
        join postback_triggers t on t.id = d.trigger_id
        join customers c on c.id = t.customer_id
        where d.status in ('failed', 'retrying') and d.updated_at > now() - interval '7 days'
        group by t.id, t.customer_id, c.name, t.url, t.email
        order by max(d.updated_at) desc limit 20`,
  );

  return {
    perDay,
    byStatus,
    receivedToday: Number(todayRow?.received ?? 0),
    shippedToday: Number(todayRow?.shipped ?? 0),
    stuck: stuckRows.map((row) => ({
      id: row.id,
      externalId: row.external_id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      status: row.status,
      since: iso(row.status_changed_at)!,
    })),
    failedJobs,
    failingEndpoints: endpointRows.map((row) => ({
      triggerId: row.trigger_id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      target: row.url ?? row.email ?? "",
      failed: Number(row.failed),
      retrying: Number(row.retrying),
      lastError: row.last_error,
      lastAttemptAt: iso(row.last_attempt_at),
    })),
  };
}
