import type { z } from "zod";
import type { ServiceContext } from "@/lib/services/context";

// Payload of every queue, by name. A job's definition and its enqueue calls share this map.
export type JobPayloads = {
  "mail.send": { mailId: string };
  "maintenance.cleanup": Record<string, never>;
  "order.process": { orderId: string };
  "order.notify": { eventId: string };
  "postback.deliver": { deliveryId: string; attempt: number };
  "store.webhook": { eventId: string; storeId: string };
  "store.reconcile": { storeId?: string };
  "store.fulfil": { orderId: string; storeId: string };
  "store.sync-products": { storeId: string };
  "store.alerts": { storeId: string };
};

export type JobName = keyof JobPayloads;

export type JobRun<P> = { id: string; payload: P; retryCount: number };

export type JobOptions = {
  /** Retries after the first failure; backoff doubles `retryDelaySeconds` each time. */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** A job active longer than this is presumed crashed and retried. */
  expireInSeconds: number;
  batchSize?: number;
  /** Parallel fetch loops in one worker process. */
  workers?: number;
  pollingIntervalSeconds?: number;
  /** Cron schedule (UTC) for recurring jobs. */
  schedule?: string;
};

export type JobDefinition<N extends JobName = JobName> = {
  name: N;
  payload: z.ZodType<JobPayloads[N]>;
  options: JobOptions;
  /** Handles one job. Must be idempotent: it may run again after a crash or a retry. */
  handle?: (ctx: ServiceContext, run: JobRun<JobPayloads[N]>) => Promise<void>;
  /** Handles a batch; returns the ids that failed, with their errors. */
  handleBatch?: (ctx: ServiceContext, runs: JobRun<JobPayloads[N]>[]) => Promise<Map<string, unknown>>;
};

/** A failure not worth retrying: a bad payload, or a 4xx from a platform. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetryableError";
  }
}

/**
 * A failure that should be tried again at a known moment (a lease held by another worker ends
 * then) rather than after the queue's backoff, which would wait ever longer.
 */
export class RetryAtError extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
    this.name = "RetryAtError";
  }
}

export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<N> {
  return definition;
}
