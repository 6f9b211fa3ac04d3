import type { SqlExecutor } from "@/db/client";
import type { Logger } from "@/lib/log";
import { waitForQuietIntake } from "@/lib/intake-pressure";

/**
 * The tables whose rows change all day: queued and finished jobs, the outbox (every row inserted
 * and deleted), deliveries (settled once), orders, items and events (every status change),
 * workers' check-ins and the stores' last delivery times.
 */
export const HOT_TABLES = ["pgboss.job", "job_outbox", "webhook_events", "orders", "order_items", "order_events", "queue_workers", "stores"] as const;

/** How long the intake must have been quiet before a table is vacuumed, and the longest wait for that. */
const QUIET_MS = 2000;
const MAX_WAIT_MS = 10 * 60_000;

/**
 * Vacuums and analyses each hot table on its own, each after a quiet moment of the intake (a
 * vacuum of a busy table holds the embedded database's thread for a few hundred milliseconds).
 * Returns the tables done; tables that do not exist yet are passed over.
 */
export async function vacuumHotTables(executeSql: SqlExecutor, options: { quietMs?: number; maxWaitMs?: number; isStopped?: () => boolean } = {}): Promise<string[]> {
  const done: string[] = [];
  for (const table of HOT_TABLES) {
    if (options.isStopped?.()) break;
    const { rows } = await executeSql(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
    if (!rows[0]?.present) continue;
    await waitForQuietIntake(options.quietMs ?? QUIET_MS, options.maxWaitMs ?? MAX_WAIT_MS);
    if (options.isStopped?.()) break;
    await executeSql(`VACUUM (ANALYZE) ${table}`);
    done.push(table);
  }
  return done;
}

/**
 * The embedded database runs without PostgreSQL's autovacuum: left alone, dead row versions pile
 * up in the tables that change all day (the data folder only grows), the planner keeps the
 * statistics of an empty database, and old transaction ids are never frozen. Every interval
 * (10 minutes) the hot tables are vacuumed and analysed, one at a time in quiet moments.
 */
export function startEmbeddedHousekeeping(options: { executeSql: SqlExecutor; log: Logger; intervalMs?: number }): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      const started = performance.now();
      running = vacuumHotTables(options.executeSql, { isStopped: () => stopped })
        .then((tables) => options.log.debug({ tables: tables.length, ms: Math.round(performance.now() - started) }, "embedded database vacuumed"))
        .catch((error) => options.log.warn({ err: error }, "embedded database housekeeping failed; will retry"))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    timer.unref();
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
