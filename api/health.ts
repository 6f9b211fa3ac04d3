import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { getEnv } from "@/lib/env";
import { isLoopbackAddress } from "@/lib/net";
import { getRuntime } from "@/lib/runtime";
import { getMetrics, sampleJobGauges } from "@/lib/metrics";
import { systemContext } from "@/lib/services/context";
import { countJobsByState } from "@/lib/services/jobs/count-by-state";
import { countStoresByState } from "@/lib/services/stores/overview";
import { version } from "@/lib/version";

async function databaseOk(): Promise<boolean> {
  const { database } = getRuntime();
  // The embedded database runs in this process, so open means reachable; a query would wait for
  // whatever transaction holds it (a 20 MB import writes for seconds) and call a busy database down.
  if (database.kind === "pglite") return !database.pglite?.closed;
  const check = database.executeSql("SELECT 1 AS ok", []).then(() => true);
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

  // GET /api/metrics – Prometheus text format (METRICS_TOKEN as a Bearer token, or loopback clients)
  app.get("/api/metrics", { schema: { hide: true }, onRequest: requireMetricsAccess }, async (_request, reply) => {
    const metrics = getMetrics();
    // The queue schema may not exist yet; the other metrics still answer.
    await sampleJobGauges(async () => {
      const ctx = systemContext("metrics");
      const [jobs, stores] = await Promise.all([countJobsByState({ ctx }), countStoresByState({ ctx }).catch(() => ({}))]);
      return { jobs, stores };
    });
    return reply.header("cache-control", "no-store").header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** With METRICS_TOKEN set, only its Bearer token; without it, only clients on loopback. */
async function requireMetricsAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = getEnv().METRICS_TOKEN;
  if (token) {
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    if (given && timingSafeEqual(digest(given), digest(token))) return;
    return reply
      .status(401)
      .header("www-authenticate", 'Bearer realm="metrics"')
      .send({ error: { code: "unauthorized", message: "Send METRICS_TOKEN as a Bearer token" } });
  }
  if (isLoopbackAddress(request.ip)) return;
  return reply.status(403).send({ error: { code: "forbidden", message: "Metrics answer loopback clients only; set METRICS_TOKEN to scrape from elsewhere" } });
}
