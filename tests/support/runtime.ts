import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { parseEnv, setEnv, type Env } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/log";
import { setRuntime } from "@/lib/runtime";
import { createTestDatabase, type TestDatabaseKind } from "@/db/test-db";
import type { DatabaseHandle, Database } from "@/db/client";
import { Queue } from "@/lib/jobs/queue";
import { jobDefinitions } from "@/lib/jobs/registry";
import { startServer, type RunningServer } from "@/server";
import { listenForInvalidations } from "@/lib/cache/invalidation";

export const testDatabaseKind = (process.env.TEST_DB_KIND ?? "pglite") as TestDatabaseKind;

/** An environment like production's defaults, but with its own temporary DATA_DIR. */
export function testEnv(overrides: Record<string, string> = {}): Env {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-test-"));
  return parseEnv({ NODE_ENV: "test", DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...overrides });
}

export type TestRuntime = {
  readonly env: Env;
  readonly database: DatabaseHandle;
  readonly db: Database;
  readonly queue: Queue | undefined;
};

/**
 * A database of this test file's own (cloned from the migrated template), published as the
 * process runtime the services use. With `queue`, the job worker runs too.
 */
export function useTestRuntime(options: { queue?: boolean; env?: Record<string, string> } = {}): TestRuntime {
  const state: { env?: Env; database?: DatabaseHandle; queue?: Queue } = {};
  beforeAll(async () => {
    state.env = testEnv(options.env);
    setEnv(state.env);
    const log = createLogger("silent");
    setLogger(log);
    state.database = await createTestDatabase(testDatabaseKind, process.env.TEST_DATABASE_URL);
    if (options.queue) state.queue = new Queue({ database: state.database, log, definitions: jobDefinitions, work: true, maintenanceIntervalSeconds: 2 });
    setRuntime({ database: state.database, queue: state.queue, startedAt: new Date() });
    await listenForInvalidations(state.database);
    await state.queue?.start();
  });
  afterAll(async () => {
    await state.queue?.stop();
    setRuntime(undefined);
    await state.database?.close();
    if (state.env) rmSync(state.env.dataDir, { recursive: true, force: true });
  });
  return {
    get env() {
      return state.env!;
    },
    get database() {
      return state.database!;
    },
    get db() {
      return state.database!.db;
    },
    get queue() {
      return state.queue;
    },
  };
}

/**
 * Start-up work on a busy machine can block the event loop past the load-shedding threshold, and
 * the first sample after it answers 503: wait until the server takes requests.
 */
async function waitUntilServing(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/health`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("The test server kept answering 503 after start");
}

export type TestServer = TestRuntime & { readonly url: string; readonly server: RunningServer };

/** The machine-facing HTTP server (Fastify, no Next) on a random port, on this file's database. */
export function useTestServer(options: { env?: Record<string, string>; worker?: boolean } = {}): TestServer {
  const state: { env?: Env; database?: DatabaseHandle; server?: RunningServer } = {};
  beforeAll(async () => {
    state.env = testEnv({ WORKER: options.worker === false ? "off" : "on", ...options.env });
    state.database = await createTestDatabase(testDatabaseKind, process.env.TEST_DATABASE_URL);
    state.server = await startServer({ env: state.env, database: state.database, next: "none", logger: createLogger("silent") });
    await waitUntilServing(state.server.url);
  });
  afterAll(async () => {
    await state.server?.stop();
    await state.database?.close();
    if (state.env) rmSync(state.env.dataDir, { recursive: true, force: true });
  });
  return {
    get env() {
      return state.env!;
    },
    get database() {
      return state.database!;
    },
    get db() {
      return state.database!.db;
    },
    get queue() {
      return state.server!.queue;
    },
    get url() {
      return state.server!.url;
    },
    get server() {
      return state.server!;
    },
  };
}

/**
 * How many generated inputs a fuzz suite runs. The parsers and routes are the same on both
 * databases, so when PostgreSQL runs the full count, PGlite runs a quarter of it; alone, PGlite
 * runs them all.
 */
export function fuzzRuns(full: number): number {
  const pgliteBesidePostgres = process.env.TEST_DB_KIND === "pglite" && Boolean(process.env.TEST_DATABASE_URL);
  return pgliteBesidePostgres ? Math.ceil(full / 4) : full;
}
