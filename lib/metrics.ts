import { Counter, Histogram, Registry, Gauge, collectDefaultMetrics } from "prom-client";

// Prometheus metrics for /api/metrics. One registry per process, shared through globalThis.
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "inkbridge_" });
  return {
    registry,
    httpRequests: new Histogram({
      name: "inkbridge_http_request_duration_seconds",
      help: "HTTP requests served by the machine-facing API, by route and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    ordersReceived: new Counter({
      name: "inkbridge_orders_received_total",
      help: "Orders stored, by channel",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "inkbridge_webhook_deliveries_total",
      help: "Inbound shop webhook deliveries, by platform and outcome",
      labelNames: ["platform", "outcome"] as const,
      registers: [registry],
    }),
    ingestLatency: new Histogram({
      name: "inkbridge_webhook_ingest_latency_seconds",
      help: "From a shop delivery's receipt to its processing (order taken or settled), by platform and outcome",
      labelNames: ["platform", "outcome"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    syncDuration: new Histogram({
      name: "inkbridge_store_sync_duration_seconds",
      help: "Store reconciliation passes, by platform and outcome (ok or the platform error kind)",
      labelNames: ["platform", "outcome"] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    syncErrors: new Counter({
      name: "inkbridge_store_sync_errors_total",
      help: "Store reconciliation passes that failed, by platform and error kind",
      labelNames: ["platform", "kind"] as const,
      registers: [registry],
    }),
    platformCalls: new Counter({
      name: "inkbridge_platform_api_calls_total",
      help: "Calls to shop platforms' APIs, by platform and outcome (ok, throttled, error)",
      labelNames: ["platform", "outcome"] as const,
      registers: [registry],
    }),
    platformThrottled: new Counter({
      name: "inkbridge_platform_api_throttled_total",
      help: "Platform API calls answered with throttling (429 or the platform's own signal), by platform",
      labelNames: ["platform"] as const,
      registers: [registry],
    }),
    storesByState: new Gauge({
      name: "inkbridge_stores",
      help: "Connected stores by health state (sampled at most every 15 s)",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
    postbacks: new Counter({
      name: "inkbridge_postbacks_total",
      help: "Postback delivery attempts, by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    jobs: new Gauge({
      name: "inkbridge_jobs",
      help: "Jobs in the queue, by queue and state (sampled at most every 15 s)",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Gauges that need a database query are sampled at most this often, however often scrapes come. */
export const gaugeMaxAgeMs = 15_000;

type GaugeSampler = { sampledAt: number; running: Promise<void> | undefined };

declare global {
  var __inkbridgeGaugeSampler: GaugeSampler | undefined;
}

export type GaugeSample = { jobs: Array<{ queue: string; state: string; count: number }>; stores: Record<string, number> };

/**
 * Refreshes the job and store gauges from `load` unless they were sampled less than `gaugeMaxAgeMs` ago;
 * scrapes that arrive while a sample runs wait for that one. A failed sample keeps the last values.
 */
export async function sampleJobGauges(load: () => Promise<GaugeSample>, now = Date.now()): Promise<void> {
  const sampler = (globalThis.__inkbridgeGaugeSampler ??= { sampledAt: Number.NEGATIVE_INFINITY, running: undefined });
  if (sampler.running) return sampler.running;
  if (now - sampler.sampledAt < gaugeMaxAgeMs) return;
  sampler.sampledAt = now;
  const { jobs, storesByState } = getMetrics();
  sampler.running = load()
    .then((sample) => {
      jobs.reset();
      for (const row of sample.jobs) jobs.set({ queue: row.queue, state: row.state }, row.count);
      for (const [state, count] of Object.entries(sample.stores)) storesByState.set({ state }, count);
    })
    .catch(() => undefined)
    .finally(() => {
      sampler.running = undefined;
    });
  return sampler.running;
}

/** Forgets when the gauges were last sampled (tests). */
export function resetGaugeSampler(): void {
  globalThis.__inkbridgeGaugeSampler = undefined;
}

declare global {
  var __inkbridgeMetrics: Metrics | undefined;
}

export function getMetrics(): Metrics {
  globalThis.__inkbridgeMetrics ??= createMetrics();
  return globalThis.__inkbridgeMetrics;
}
