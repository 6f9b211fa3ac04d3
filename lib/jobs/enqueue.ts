import { createHash, randomUUID } from "node:crypto";
import { jobOutbox } from "@/db/schema";
import { afterCommit, type ServiceContext } from "@/lib/services/context";
import { getRuntime } from "@/lib/runtime";
import type { JobName, JobPayloads } from "./types";

/** A UUID derived from a key, so the same logical job is never queued twice. */
export function jobIdFor(name: string, key: string): string {
  const hex = createHash("sha256").update(`${name}\u0000${key}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type EnqueueOptions = {
  /** Idempotency key: enqueuing the same (name, key) twice queues one job. */
  key?: string;
  startAfter?: Date;
};

/**
 * Queues a job in the caller's transaction (through the outbox). The job exists exactly when the
 * change that asked for it commits; the relay moves it to the queue right after.
 */
export async function enqueue<N extends JobName>(ctx: ServiceContext, name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
  const jobId = options.key ? jobIdFor(name, options.key) : randomUUID();
  await ctx.db.insert(jobOutbox).values({ jobId, queue: name, payload, startAfter: options.startAfter ?? null });
  afterCommit(ctx, pokeQueue);
  return jobId;
}

export async function enqueueMany<N extends JobName>(
  ctx: ServiceContext,
  name: N,
  jobs: Array<{ payload: JobPayloads[N]; key?: string; startAfter?: Date }>,
): Promise<void> {
  if (jobs.length === 0) return;
  await ctx.db.insert(jobOutbox).values(
    jobs.map((job) => ({
      jobId: job.key ? jobIdFor(name, job.key) : randomUUID(),
      queue: name,
      payload: job.payload,
      startAfter: job.startAfter ?? null,
    })),
  );
  afterCommit(ctx, pokeQueue);
}

/** Wakes the outbox relay of this process's queue, when there is one (scripts and some tests have none). */
export function pokeQueue(): void {
  try {
    getRuntime().queue?.poke();
  } catch {
    // no runtime: the relay's timer picks the jobs up
  }
}
