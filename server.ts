import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { ConfigError, parseEnv, setEnv, type Env } from "@/lib/env";
import { createLogger, setLogger, type Logger } from "@/lib/log";
import { openPglite, openPostgres, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { acquireDataDirLock, LockHeldError, type DataDirLock } from "@/db/lock";
import { setRuntime } from "@/lib/runtime";
import { Queue } from "@/lib/jobs/queue";
import { jobDefinitions } from "@/lib/jobs/registry";
import { ensureBootstrapAdmin } from "@/lib/services/account/bootstrap";
import { buildApi, type NextHandler } from "@/api/app";
import { listenForInvalidations } from "@/lib/cache/invalidation";
import { keepRunningOnUnhandledRejections } from "@/lib/process-guards";
import { resetEtsyRateLimiter, useSharedEtsyRateLimiter } from "@/lib/services/stores/etsy-rate";
import { serveBackups } from "@/lib/backup";

const root = path.dirname(fileURLToPath(import.meta.url));

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  database: DatabaseHandle;
  queue: Queue;
  stop(): Promise<void>;
};

export type StartOptions = {
  env?: Env;
  /** Serve the console and portal through Next: a production build, the dev server, or not at all. */
  next?: "build" | "dev" | "none";
  logger?: Logger;
  /** An already open database (tests); otherwise DATABASE_URL or the embedded one in DATA_DIR. */
  database?: DatabaseHandle;
};

/** Opens the one database, migrates, starts the queue, then serves Fastify with Next behind it. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? parseEnv();
  setEnv(env);
  const log = options.logger ?? createLogger(env.LOG_LEVEL);
  setLogger(log);
  keepRunningOnUnhandledRejections(log);

  let lock: DataDirLock | undefined;
  let database: DatabaseHandle;
  if (options.database) {
    database = options.database;
  } else if (env.DATABASE_URL) {
    database = openPostgres(env.DATABASE_URL);
  } else {
    lock = acquireDataDirLock(env.dataDir);
    database = await openPglite(path.join(env.dataDir, "pglite"));
  }
  try {
    await runMigrations(database);
    await listenForInvalidations(database);
    const admin = await ensureBootstrapAdmin(database.db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    if (admin.created && env.NODE_ENV !== "test") {
      if (admin.generatedPassword) {
        // Printed once, on the very first start, so the operator can sign in.
        process.stdout.write(
          `\n  First admin created. Sign in at ${env.APP_URL}/sign-in\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n  (shown once; change it under Settings)\n\n`,
        );
      } else {
        log.info({ email: admin.email }, "first admin created from ADMIN_EMAIL");
      }
    }

    // Etsy limits calls per app: every process counts them in one place.
    useSharedEtsyRateLimiter(database.db);
    const queue = new Queue({ database, log, definitions: jobDefinitions, work: env.WORKER === "on" });
    setRuntime({ database, queue, startedAt: new Date() });
    await queue.start();
    // npm run backup asks the process that owns the embedded database for a consistent copy.
    const backups = lock ? await serveBackups({ dataDir: env.dataDir, pglite: database.pglite!, onError: (error) => log.error({ err: error }, "backup failed") }) : undefined;

    // Next learns the real port (it renders redirects of server actions through it), so it is
    // prepared after Fastify listens; the few requests before that get a 503 with Retry-After.
    let nextHandler: NextHandler | undefined;
    const app = await buildApi({
      logger: log,
      next:
        options.next === "none"
          ? undefined
          : async (req, res) => {
              if (nextHandler) return nextHandler(req, res);
              res.writeHead(503, { "retry-after": "1", "content-type": "text/plain" }).end("Starting up, retry in a second");
            },
    });
    await app.listen({ port: env.PORT, host: env.HOST });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const url = `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${port}`;
    if (options.next !== "none") {
      const { default: next } = await import("next");
      const nextApp = next({ dev: options.next === "dev", dir: root, quiet: false, hostname: "localhost", port });
      await nextApp.prepare();
      const handle = nextApp.getRequestHandler();
      nextHandler = (req, res) => handle(req, res);
    }
    log.info({ url, appUrl: env.APP_URL, database: database.kind, worker: env.WORKER }, "Inkbridge is listening");

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await app.close().catch((error) => log.error({ err: error }, "closing HTTP failed"));
        await backups?.close();
        await queue.stop().catch((error) => log.error({ err: error }, "stopping the queue failed"));
        await resetEtsyRateLimiter();
        if (!options.database) await database.close().catch((error) => log.error({ err: error }, "closing the database failed"));
        setRuntime(undefined);
        lock?.release();
      })());
    return { app, url, database, queue, stop };
  } catch (error) {
    if (!options.database) await database.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

export async function main(options: { dev?: boolean } = {}): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer({ next: options.dev ? "dev" : "build" });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof LockHeldError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    process.stdout.write(`Received ${signal}, shutting down…\n`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
