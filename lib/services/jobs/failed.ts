import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { AppError, notFound } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";

export type FailedJobView = {
  id: string;
  queue: string;
  data: unknown;
  error: string | null;
  retryCount: number;
  createdAt: string;
  failedAt: string | null;
};

type JobRow = { id: string; name: string; data: unknown; output: unknown; retry_count: number; created_on: Date | string; completed_on: Date | string | null };

function errorText(output: unknown): string | null {
  if (!output || typeof output !== "object") return output ? String(output) : null;
  const value = output as { message?: unknown; value?: unknown };
  if (typeof value.message === "string") return value.message;
  return JSON.stringify(output).slice(0, 500);
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** Jobs that used up their retries, newest first: the dead state staff act on. */
export async function listFailedJobs({ ctx, input }: { ctx: ServiceContext; input: { queue?: string; limit?: number } }): Promise<FailedJobView[]> {
  authorize(ctx, "read");
  const limit = Math.min(input.limit ?? 100, 500);
  const rows = await queryRows<JobRow>(
    ctx.db,
    sql`select id::text as id, name, data, output, retry_count, created_on, completed_on from pgboss.job
        where state = 'failed' ${input.queue ? sql`and name = ${input.queue}` : sql``}
        order by completed_on desc nulls last limit ${limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    queue: row.name,
    data: row.data,
    error: errorText(row.output),
    retryCount: row.retry_count,
    createdAt: iso(row.created_on)!,
    failedAt: iso(row.completed_on),
  }));
}

export async function countFailedJobs({ ctx }: { ctx: ServiceContext }): Promise<Record<string, number>> {
  authorize(ctx, "read");
  const rows = await queryRows<{ name: string; n: number | string }>(ctx.db, sql`select name, count(*) as n from pgboss.job where state = 'failed' group by name`);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}

/** Puts a failed job back in the queue with a fresh set of retries. */
export async function retryJob({ ctx, jobId }: { ctx: ServiceContext; jobId: string }): Promise<void> {
  authorize(ctx, "write");
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) throw notFound("Job", jobId);
  const [row] = await queryRows<{ name: string }>(ctx.db, sql`select name from pgboss.job where id = ${jobId}::uuid and state = 'failed'`);
  if (!row) throw notFound("Failed job", jobId);
  const queue = getRuntime().queue;
  if (!queue) throw new AppError("unavailable", "The job queue is not running in this process");
  await queryRows(ctx.db, sql`update pgboss.job set retry_count = 0, retry_limit = greatest(retry_limit, 1) where id = ${jobId}::uuid and state = 'failed'`);
  await queue.boss.retry(row.name, jobId);
  await audit(ctx, { action: "job.retry", entityType: "job", entityId: jobId, after: { queue: row.name } });
}
