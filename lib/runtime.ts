import type { DatabaseHandle, Database } from "@/db/client";
import type PgBoss from "pg-boss";

// Process-wide objects created once by server.ts (or a test) and shared with code compiled into
// Next through globalThis: there is exactly one database client per process.
export type Runtime = {
  database: DatabaseHandle;
  /** The job queue (lib/jobs/queue.ts), as far as code outside it uses it. */
  queue?: RuntimeQueue;
  startedAt: Date;
};

export type RuntimeQueue = {
  /** Wakes the outbox relay after a commit. */
  poke(): void;
  readonly boss: Pick<PgBoss, "retry">;
};

declare global {
  var __inkbridgeRuntime: Runtime | undefined;
}

export function setRuntime(runtime: Runtime | undefined): void {
  globalThis.__inkbridgeRuntime = runtime;
}

export function getRuntime(): Runtime {
  const runtime = globalThis.__inkbridgeRuntime;
  if (!runtime) throw new Error("Inkbridge runtime is not initialised: start the app with `npm start`");
  return runtime;
}

export function getDb(): Database {
  return getRuntime().database.db;
}
