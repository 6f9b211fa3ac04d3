// npm run worker: a standalone job worker for deployments on PostgreSQL that run web processes
// (WORKER=off) and workers apart.
import { ConfigError, parseEnv, setEnv } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/log";
import { openPostgres } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { setRuntime } from "@/lib/runtime";
import { Queue } from "@/lib/jobs/queue";
import { jobDefinitions } from "@/lib/jobs/registry";
import { listenForInvalidations } from "@/lib/cache/invalidation";
import { keepRunningOnUnhandledRejections } from "@/lib/process-guards";

let env;
try {
  env = parseEnv();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
if (!env.DATABASE_URL) {
  process.stderr.write("npm run worker needs DATABASE_URL (PostgreSQL); with the embedded database, npm start runs the worker itself.\n");
  process.exit(1);
}
setEnv(env);
const log = createLogger(env.LOG_LEVEL);
setLogger(log);
keepRunningOnUnhandledRejections(log);
const database = openPostgres(env.DATABASE_URL);
await runMigrations(database);
await listenForInvalidations(database);
const queue = new Queue({ database, log, definitions: jobDefinitions, work: true });
setRuntime({ database, queue, startedAt: new Date() });
await queue.start();
log.info({ queues: jobDefinitions.map((definition) => definition.name) }, "worker started");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 15_000).unref();
    queue
      .stop()
      .then(() => database.close())
      .then(() => process.exit(0), () => process.exit(1));
  });
}
