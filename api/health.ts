import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { getRuntime } from "@/lib/runtime";
import { queryRows } from "@/db/client";
import { getMetrics } from "@/lib/metrics";
import { version } from "@/lib/version";

async function databaseOk(): Promise<boolean> {
  const check = getRuntime().database.executeSql("SELECT 1 AS ok", []).then(() => true);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
  return Promise.race([check, timeout]).catch(() => false);
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  // GET /api/health – liveness and database reachability
  app.get("/api/health", { schema: { tags: ["Health"], summary: "Health check" } }, async (_request, reply) => {
    const ok = await databaseOk();
    return reply
      .status(ok ? 200 : 503)
      .header("cache-control", "no-store")
      .send(ok ? { status: "ok", database: "ok", version } : { status: "error", database: "unreachable", version });
  });

  // GET /api/metrics – Prometheus text format
  app.get("/api/metrics", { schema: { hide: true } }, async (_request, reply) => {
    const metrics = getMetrics();
    try {
      const rows = await queryRows<{ name: string; state: string; n: string | number }>(
        getRuntime().database.db,
        sql`select name, state, count(*) as n from pgboss.job where name not like '\_\_%' group by name, state`,
      );
      metrics.jobs.reset();
      for (const row of rows) metrics.jobs.set({ queue: row.name, state: row.state }, Number(row.n));
    } catch {
      // The queue schema may not exist yet; the other metrics still answer.
    }
    return reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
