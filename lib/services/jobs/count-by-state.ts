import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { ServiceContext } from "../context";

export type JobCount = { queue: string; state: string; count: number };

/** Jobs in the queue by queue and state (pg-boss's own maintenance queues left out), for metrics. */
export async function countJobsByState({ ctx }: { ctx: ServiceContext }): Promise<JobCount[]> {
  const rows = await queryRows<{ name: string; state: string; n: string | number }>(
    ctx.db,
    sql`select name, state, count(*) as n from pgboss.job where name not like '\_\_%' group by name, state`,
  );
  return rows.map((row) => ({ queue: row.name, state: row.state, count: Number(row.n) }));
}
