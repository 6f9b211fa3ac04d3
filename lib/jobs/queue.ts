import { randomUUID } from "node:crypto";
import os from "node:os";
import PgBoss from "pg-boss";
import type { DatabaseHandle } from "@/db/client";
import { isDatabaseUnavailable, isDeadlock } from "@/db/errors";
import type { Logger } from "@/lib/log";
import { intakeFirstMaxMsFor, setIntakeFirstMaxMs, yieldToIntake } from "@/lib/intake-pressure";
import { systemContext } from "@/lib/services/context";
import { startEmbeddedHousekeeping } from "./embedded-housekeeping";
import type { JobDefinition, JobName, JobRun } from "./types";
import { NonRetryableError, RetryAtError } from "./types";

export type QueueOptions = {
  database: DatabaseHandle;
  log: Logger;
  definitions: JobDefinition[];
  /** Run handlers in this process (npm start with WORKER=on, npm run worker). */
  work: boolean;
  maintenanceIntervalSeconds?: number;
  /** How often a working process checks in, and how long without it before its jobs go back. */
  presence?: { intervalSeconds: number; deadAfterSeconds: number };
};

/**
 * New jobs wake their workers through the relay (notifyWorker), so polling only finds retries and
 * delayed jobs. Each poll is a query, and on the embedded database it holds the one connection.
 */
const DEFAULT_POLLING_SECONDS = 2;

/** Whether a process with this pid runs on this host (EPERM: it does, under another user). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// pg-boss hands these to node-postgres' pool; its typings leave out the connect timeout, whose
// default is to wait for the operating system (minutes) when the database host stops answering.
function postgresPool(connectionString: string) {
  return { connectionString, max: 4, application_name: "inkbridge-queue", connectionTimeoutMillis: 10_000 };
}

type OutboxRow = { id: string | number; job_id: string; queue: string; payload: unknown; start_after: string | Date | null };

/**
 * pg-boss on the app's own database, plus the relay that moves jobs from the transactional
 * outbox into pg-boss in batches. Handlers are wrapped so each job in a batch succeeds or fails
 * on its own, and NonRetryableError goes straight to the failed state.
 */
export class Queue {
  readonly boss: PgBoss;
  private readonly database: DatabaseHandle;
  private readonly log: Logger;
  private readonly definitions: Map<string, JobDefinition>;
  private readonly work: boolean;
  private readonly workerIds = new Map<string, string[]>();
  private relayTimer: NodeJS.Timeout | undefined;
  private relayRunning: Promise<void> | undefined;
  private relayAgain = false;
  private stopped = false;
  /** This process's identity in queue_workers; claims on running jobs carry it. */
  readonly workerId = randomUUID();
  private readonly presence: { intervalSeconds: number; deadAfterSeconds: number };
  private presenceTimer: NodeJS.Timeout | undefined;
  private presenceRunning: Promise<void> | undefined;
  private housekeeping: { stop(): Promise<void> } | undefined;

  constructor(options: QueueOptions) {
    this.database = options.database;
    this.log = options.log.child({ component: "queue" });
    this.definitions = new Map(options.definitions.map((definition) => [definition.name, definition]));
    this.work = options.work;
    this.presence = options.presence ?? { intervalSeconds: 5, deadAfterSeconds: 30 };
    const common = {
      schema: "pgboss",
      supervise: options.work,
      schedule: options.work,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 10,
      archiveCompletedAfterSeconds: 3600,
      archiveFailedAfterSeconds: 14 * 86400,
      deleteAfterDays: 14,
    } satisfies PgBoss.ConstructorOptions;
    this.boss =
      this.database.kind === "pglite"
        ? new PgBoss({ ...common, db: { executeSql: this.database.executeSql as never } })
        : new PgBoss({ ...common, ...postgresPool(this.database.url!) });
    this.boss.on("error", (error) => this.log.error({ err: error }, "queue error"));
  }

  async start(): Promise<void> {
    if (this.work) setIntakeFirstMaxMs(intakeFirstMaxMsFor(this.database.kind));
    await this.boss.start();
    for (const definition of this.definitions.values()) await this.setUpQueue(definition);
    if (!this.work) return;
    if (this.database.kind === "pglite") {
      // The embedded database has one process by construction (the data-dir lock), so a job
      // still marked active was cut off by a crash: run it again now instead of after expiry.
      await this.database.executeSql(`UPDATE pgboss.job SET state = 'retry', start_after = now(), output = NULL WHERE state = 'active'`, []);
    }
    for (const definition of this.definitions.values()) {
      const { options } = definition;
      if (options.schedule) await this.boss.schedule(definition.name, options.schedule, {}, { tz: "UTC" });
      const ids: string[] = [];
      const batchSize = options.batchSize ?? 1;
      for (let i = 0; i < (options.workers ?? 1); i++) {
        let id = "";
        id = await this.boss.work(
          definition.name,
          // includeMetadata: without it pg-boss leaves out retryCount, and every run looks like the first.
          { batchSize, pollingIntervalSeconds: options.pollingIntervalSeconds ?? DEFAULT_POLLING_SECONDS, includeMetadata: true },
          async (jobs) => {
            await this.runJobs(definition, jobs);
            // A full batch means more may be waiting: fetch again at once rather than after the polling interval.
            if (jobs.length >= batchSize && id) this.boss.notifyWorker(id);
          },
        );
        ids.push(id);
      }
      this.workerIds.set(definition.name, ids);
    }
    await this.checkIn();
    // Jobs a killed predecessor on this host left active run again now, not after its silence
    // (the embedded database has put back every active job above already).
    if (this.database.kind === "postgres") {
      await this.requeueOrphans().catch((error) => this.log.warn({ err: error }, "could not look for jobs left by stopped workers; will retry"));
    }
    this.schedulePresence();
    this.scheduleRelay(0);
    if (this.database.kind === "pglite") this.housekeeping = startEmbeddedHousekeeping({ executeSql: this.database.executeSql, log: this.log });
  }

  /**
   * Creates the definition's queue, or brings an existing one in step with the code. Processes
   * started side by side on a new database create the same queues at once, and PostgreSQL may
   * break the resulting deadlock by failing one of them: that one tries again.
   */
  private async setUpQueue(definition: JobDefinition): Promise<void> {
    const { options } = definition;
    const settings: PgBoss.Queue = {
      name: definition.name,
      policy: "standard",
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
      expireInSeconds: options.expireInSeconds,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.boss.createQueue(definition.name, settings);
        // createQueue leaves an existing queue as it was; keep its policy in step with the code.
        await this.boss.updateQueue(definition.name, settings);
        return;
      } catch (error) {
        if (attempt >= 10 || !isDeadlock(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
      }
    }
  }

  private schedulePresence(): void {
    if (this.stopped) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceRunning = this.checkIn()
        .then(() => this.requeueOrphans())
        .then(() => undefined)
        .catch((error) => this.log.warn({ err: error }, "worker check-in failed; will retry"))
        .finally(() => {
          this.presenceRunning = undefined;
          this.schedulePresence();
        });
    }, this.presence.intervalSeconds * 1000);
    this.presenceTimer.unref();
  }

  private async checkIn(): Promise<void> {
    await this.database.executeSql(
      `INSERT INTO queue_workers (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [this.workerId, os.hostname(), process.pid],
    );
  }

  /**
   * Puts back the active jobs of workers that stopped checking in (killed, or cut off from the
   * database for longer than deadAfterSeconds) or whose process on this host is gone. Jobs are
   * claimed within one round trip of being fetched, so an unclaimed job that has been active that
   * long was fetched by a process that died before it could claim it. A job put back loses its
   * claim, so once fetched again it is not taken for the dead worker's before its new claim lands.
   * A job put back runs again; every handler is idempotent.
   */
  async requeueOrphans(): Promise<number> {
    const deadAfter = this.presence.deadAfterSeconds;
    await this.database.executeSql(`DELETE FROM queue_workers WHERE seen_at < now() - make_interval(secs => $1)`, [deadAfter]);
    await this.forgetDeadNeighbours();
    const { rows } = await this.database.executeSql(
      `UPDATE pgboss.job SET state = 'retry', start_after = now(), output = NULL
        WHERE state = 'active'
          AND (output->>'worker' IS NOT NULL OR started_on < now() - make_interval(secs => $1))
          AND NOT EXISTS (SELECT 1 FROM queue_workers w WHERE w.id::text = pgboss.job.output->>'worker')
        RETURNING id, name`,
      [deadAfter],
    );
    if (rows.length > 0) this.log.warn({ jobs: rows.length }, "re-queued jobs left active by a worker that stopped");
    return rows.length;
  }

  /**
   * Workers on this host whose process is gone (killed, crashed) are known at once, without waiting
   * for their silence: a process restarted after a SIGKILL takes its predecessor's jobs back within
   * its first check-in. Processes with one host name share one process table (a machine, a
   * container); a pid taken over by another process only defers the worker to the silence rule.
   */
  private async forgetDeadNeighbours(): Promise<void> {
    const { rows } = await this.database.executeSql(`SELECT id, pid FROM queue_workers WHERE host = $1 AND id <> $2`, [os.hostname(), this.workerId]);
    const dead = (rows as Array<{ id: string; pid: number }>).filter((row) => !processAlive(Number(row.pid))).map((row) => row.id);
    if (dead.length > 0) await this.database.executeSql(`DELETE FROM queue_workers WHERE id = ANY($1::uuid[])`, [dead]);
  }

  /** Marks fetched jobs as this process's, so they can be told apart from a dead worker's. */
  private async claim(name: string, ids: string[]): Promise<void> {
    await this.untilDatabaseAnswers(() =>
      this.database.executeSql(
        `UPDATE pgboss.job SET output = jsonb_build_object('worker', $1::text) WHERE name = $2 AND id = ANY($3::uuid[]) AND state = 'active'`,
        [this.workerId, name, ids],
      ),
    );
  }

  /** Wake the relay (after a commit that queued jobs). */
  poke(): void {
    if (this.stopped || !this.work) return;
    if (this.relayRunning) {
      this.relayAgain = true;
      return;
    }
    this.scheduleRelay(0);
  }

  private scheduleRelay(delayMs: number): void {
    if (this.stopped) return;
    if (this.relayTimer) clearTimeout(this.relayTimer);
    this.relayTimer = setTimeout(() => {
      this.relayTimer = undefined;
      this.relayRunning = this.relay()
        .then(() => undefined)
        .catch((error) => this.log.warn({ err: error }, "job relay failed; will retry"))
        .finally(() => {
          this.relayRunning = undefined;
          const again = this.relayAgain;
          this.relayAgain = false;
          this.scheduleRelay(again ? 0 : 250);
        });
    }, delayMs);
    this.relayTimer.unref();
  }

  /** Moves outbox rows into pg-boss. Job ids are fixed per row, so a repeat after a crash is harmless. */
  async relay(limit = 1000): Promise<number> {
    let moved = 0;
    for (;;) {
      // Moving jobs is work after the intake too: during a burst it waits, and then moves more at once.
      await yieldToIntake();
      const { rows } = await this.database.executeSql(
        `SELECT id, job_id, queue, payload, start_after FROM job_outbox ORDER BY id LIMIT $1`,
        [limit],
      );
      const batch = rows as OutboxRow[];
      if (batch.length === 0) return moved;
      const jobs = batch.map((row) => {
        const definition = this.definitions.get(row.queue);
        return {
          id: row.job_id,
          name: row.queue,
          data: row.payload as object,
          startAfter: row.start_after ? new Date(row.start_after).toISOString() : undefined,
          retryLimit: definition?.options.retryLimit,
          retryDelay: definition?.options.retryDelaySeconds,
          retryBackoff: definition?.options.retryBackoff,
          expireInSeconds: definition?.options.expireInSeconds,
        };
      });
      await this.boss.insert(jobs);
      await this.database.executeSql(`DELETE FROM job_outbox WHERE id = ANY($1::bigint[])`, [batch.map((row) => String(row.id))]);
      moved += batch.length;
      for (const name of new Set(batch.map((row) => row.queue))) {
        for (const id of this.workerIds.get(name) ?? []) this.boss.notifyWorker(id);
      }
      if (batch.length < limit) return moved;
    }
  }

  private async runJobs(definition: JobDefinition, jobs: PgBoss.Job<unknown>[]): Promise<void> {
    const log = this.log.child({ queue: definition.name });
    await this.claim(definition.name, jobs.map((job) => job.id));
    // Claimed first, so a batch that stands back is not taken for a dead worker's.
    await yieldToIntake();
    const runs: JobRun<never>[] = [];
    const failures = new Map<string, unknown>();
    for (const job of jobs) {
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) failures.set(job.id, new NonRetryableError(`Invalid payload: ${parsed.error.message}`));
      else runs.push({ id: job.id, payload: parsed.data as never, retryCount: (job as { retryCount?: number }).retryCount ?? 0 });
    }
    const ctx = systemContext(`job:${definition.name}`, { db: this.database.db, log });
    if (runs.length > 0 && definition.handleBatch) {
      try {
        for (const [id, error] of await definition.handleBatch(ctx, runs)) failures.set(id, error);
      } catch (error) {
        for (const run of runs) failures.set(run.id, error);
      }
    } else {
      for (const run of runs) {
        try {
          await definition.handle!({ ...ctx, log: log.child({ jobId: run.id }) }, run);
        } catch (error) {
          failures.set(run.id, error);
        }
      }
    }
    // The outcome is recorded here rather than left to pg-boss, which does not retry the write: a job
    // whose outcome was lost to a database outage would sit "active" until it expires.
    for (const [id, error] of failures) await this.failJob(definition.name, id, error);
    const succeeded = jobs.map((job) => job.id).filter((id) => !failures.has(id));
    if (succeeded.length > 0) await this.untilDatabaseAnswers(() => this.boss.complete(definition.name, succeeded));
  }

  private async failJob(name: string, id: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof NonRetryableError);
    this.log.warn({ queue: name, jobId: id, err: error instanceof Error ? { message: error.message, name: error.name } : error, retryable }, "job failed");
    await this.untilDatabaseAnswers(async () => {
      if (!retryable) {
        await this.database.executeSql(`UPDATE pgboss.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`, [name, id]);
      }
      await this.boss.fail(name, id, { message, name: error instanceof Error ? error.name : "Error" });
      if (error instanceof RetryAtError) {
        await this.database.executeSql(`UPDATE pgboss.job SET start_after = $3 WHERE name = $1 AND id = $2 AND state = 'retry'`, [name, id, error.retryAt.toISOString()]);
      }
    });
  }

  /** Runs a queue write again and again while the database is unreachable (until the queue stops). */
  private async untilDatabaseAnswers(write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (this.stopped || !isDatabaseUnavailable(error)) throw error;
        if (attempt === 0) this.log.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, "database unreachable; will record the job outcome when it answers");
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 2000)));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relayTimer) clearTimeout(this.relayTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    await Promise.all([this.relayRunning, this.presenceRunning, this.housekeeping?.stop()]);
    await this.boss.stop({ graceful: true, timeout: 5000, close: this.database.kind === "postgres", wait: true });
    if (this.work) await this.database.executeSql(`DELETE FROM queue_workers WHERE id = $1`, [this.workerId]).catch(() => undefined);
  }

  isWorking(name: JobName): boolean {
    return this.workerIds.has(name);
  }
}
