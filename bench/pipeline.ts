// Order processing throughput: inserts N orders whose artwork is served by a local file server
// (listed in FILE_FETCH_ALLOW), then runs the worker and reports created → passed per second.
//
//   npx tsx bench/pipeline.ts [--orders 5000] [--db pglite|postgres|both] [--files 1]
//                             [--shared-files] [--batch 100] [--workers 2] [--out results.json]
//                             [--baseline]
//
// --baseline also runs a bare processor on a fresh copy of the same orders: plain SQL and plain
// fetch doing the least the step needs (read the batch, fetch each file's first bytes and check
// the magic number, mark passed with an event), so the ratio shows what the machine allows.
//
// PostgreSQL runs in a fresh database created next to DATABASE_URL's (dropped afterwards).
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Session } from "node:inspector";
import { sql } from "drizzle-orm";
import { openPglite, queryRows, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createTestDatabase } from "@/db/test-db";
import { createTestCustomer, staffContext } from "@/db/factories";
import { parseEnv, setEnv } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/log";
import { setRuntime } from "@/lib/runtime";
import { Queue } from "@/lib/jobs/queue";
import { jobDefinitions } from "@/lib/jobs/registry";
import type { JobDefinition } from "@/lib/jobs/types";
import { mapLimit } from "@/lib/concurrency";
import { createContext } from "@/lib/services/context";
import { createProduct } from "@/lib/services/catalog";
import { canonicalPaths, intakeOrder, prepareOrder } from "@/lib/services/orders";
import type { CanonicalOrderInput } from "@/lib/domain/order";

const { values: args } = parseArgs({
  options: {
    orders: { type: "string", default: "5000" },
    db: { type: "string", default: process.env.DATABASE_URL ? "both" : "pglite" },
    files: { type: "string", default: "1" },
    "shared-files": { type: "boolean", default: false },
    batch: { type: "string" },
    workers: { type: "string" },
    out: { type: "string" },
    profile: { type: "string" },
    baseline: { type: "boolean", default: false },
  },
});

type Result = {
  database: "pglite" | "postgres";
  processor: "inkbridge" | "baseline";
  orders: number;
  filesPerOrder: number;
  uniqueFiles: boolean;
  batchSize: number;
  workers: number;
  intakePerSecond: number;
  processSeconds: number;
  passedPerSecond: number;
  /** CPU time of this process (worker, queue, HTTP client) per order; the database's is not included. */
  cpuMsPerOrder: number;
  /** CPU time of the PostgreSQL backends serving this run, per order (PGlite runs inside the process). */
  databaseCpuMsPerOrder: number;
  fileRequests: number;
};

/** A CPU profile of the processing phase only (`--profile <path prefix>`), for Chrome DevTools. */
async function startProfiler(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  await post("Profiler.enable");
  await post("Profiler.start");
  return {
    async stop() {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      session.disconnect();
      return profile;
    },
  };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** CPU time used so far by the PostgreSQL backends connected to this run's database (Linux /proc). */
async function databaseCpuMs(database: DatabaseHandle): Promise<number> {
  if (database.kind !== "postgres") return 0;
  const { rows } = await database.executeSql(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`, []);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${String(pid)}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a backend that has gone, or a database on another machine
    }
  }
  return (ticks / 100) * 1000;
}

const here = path.dirname(fileURLToPath(import.meta.url));

async function startFileServer(): Promise<{ child: ChildProcess; port: number; stats(): Promise<number>; stop(): void }> {
  const child = fork(path.join(here, "support/file-server.mjs"), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) => child.once("message", (message) => resolve((message as { port: number }).port)));
  return {
    child,
    port,
    stats: () =>
      new Promise((resolve) => {
        child.once("message", (message) => resolve((message as { requests: number }).requests));
        child.send("stats");
      }),
    stop: () => child.send("stop"),
  };
}

async function openDatabase(kind: "pglite" | "postgres", dataDir: string): Promise<DatabaseHandle> {
  if (kind === "postgres") {
    if (!process.env.DATABASE_URL) throw new Error("--db postgres needs DATABASE_URL");
    return createTestDatabase("postgres", process.env.DATABASE_URL);
  }
  const handle = await openPglite(path.join(dataDir, "pglite"));
  await runMigrations(handle);
  return handle;
}

/** The bare processor: two loops (like the two workers) over batches of 100 orders each. */
async function bareProcess(database: DatabaseHandle, orderCount: number): Promise<void> {
  let done = 0;
  const loop = async (worker: number) => {
    for (;;) {
      const { rows } = await database.executeSql(
        `SELECT o.id, o.customer_id, coalesce(jsonb_agg(f->>'url') FILTER (WHERE f IS NOT NULL), '[]') AS urls
           FROM orders o JOIN order_items i ON i.order_id = o.id LEFT JOIN LATERAL jsonb_array_elements(i.files) f ON true
          WHERE o.status = 'created' AND abs(hashtext(o.id)) % 2 = $1
          GROUP BY o.id ORDER BY o.id LIMIT 100`,
        [worker],
      );
      if (rows.length === 0) return;
      await mapLimit(rows, 16, async (row) => {
        for (const url of row.urls as string[]) {
          const response = await fetch(url, { headers: { range: "bytes=0-1023" } });
          const head = Buffer.from(await response.arrayBuffer());
          if (!head.subarray(0, 5).equals(Buffer.from("%PDF-"))) throw new Error(`not a PDF: ${url}`);
        }
      });
      const ids = rows.map((row) => String(row.id));
      await database.executeSql(
        `WITH moved AS (UPDATE orders SET status = 'passed', status_changed_at = now() WHERE id = ANY($1::text[]) RETURNING id, customer_id)
         INSERT INTO order_events (id, order_id, customer_id, type, from_status, to_status, actor_type)
         SELECT 'evt_' || md5(random()::text || id), id, customer_id, 'order.passed', 'created', 'passed', 'system' FROM moved`,
        [ids],
      );
      done += ids.length;
      if (done >= orderCount) return;
    }
  };
  await Promise.all([loop(0), loop(1)]);
}

async function run(kind: "pglite" | "postgres", processor: "inkbridge" | "baseline"): Promise<Result> {
  const orderCount = Number(args.orders);
  const filesPerOrder = Number(args.files);
  const files = await startFileServer();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-bench-"));
  const env = parseEnv({
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    FILE_FETCH_HTTP: "on",
    FILE_FETCH_ALLOW: `127.0.0.1:${files.port}`,
  });
  setEnv(env);
  const log = createLogger("silent");
  setLogger(log);
  const database = await openDatabase(kind, dataDir);
  const base = jobDefinitions.find((definition) => definition.name === "order.process")!;
  const batchSize = Number(args.batch ?? base.options.batchSize ?? 1);
  const workers = Number(args.workers ?? base.options.workers ?? 1);
  const definitions = jobDefinitions.map((definition) =>
    definition.name === "order.process" ? ({ ...definition, options: { ...definition.options, batchSize, workers } } as JobDefinition) : definition,
  );

  // Install the queue's schema first, so the measured part is processing only.
  const installer = new Queue({ database, log, definitions, work: false });
  await installer.start();
  await installer.stop();
  setRuntime({ database, startedAt: new Date() });

  const staff = staffContext(database.db);
  const customer = await createTestCustomer(database.db);
  await createProduct({ ctx: staff, input: { productUid: "flat_a4_poster", title: "A4 poster", fileTypes: ["default", "back"] } });
  const ctx = createContext({ type: "connector", connectorId: "con_bench", customerId: customer.id }, { db: database.db });
  const fileTypes = ["default", "back"];
  const intakeStarted = performance.now();
  await mapLimit(
    Array.from({ length: orderCount }, (_, index) => index),
    kind === "postgres" ? 16 : 4,
    async (index) => {
      const input: CanonicalOrderInput = {
        channel: "gelato_api",
        externalId: `BENCH-${index}`,
        items: [
          {
            externalItemId: "line-1",
            productUid: "flat_a4_poster",
            quantity: 1,
            files: Array.from({ length: filesPerOrder }, (_, fileIndex) => ({
              type: fileTypes[fileIndex % fileTypes.length]!,
              url: `http://127.0.0.1:${files.port}/art/${args["shared-files"] ? "shared" : index}-${fileIndex}.pdf`,
            })),
          },
        ],
        shipments: [{ shipmentIndex: 0, address: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB" } }],
      };
      const prepared = await prepareOrder(database.db, customer.id, input, canonicalPaths);
      await intakeOrder({ ctx, customerId: customer.id, channel: "gelato_api", connectorId: "con_bench", prepared, rawBody: JSON.stringify(input), payload: input });
    },
  );
  const intakeSeconds = (performance.now() - intakeStarted) / 1000;

  const queue = processor === "inkbridge" ? new Queue({ database, log, definitions, work: true }) : undefined;
  setRuntime({ database, queue, startedAt: new Date() });
  const profiler = args.profile ? await startProfiler() : undefined;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const databaseCpuBefore = await databaseCpuMs(database);
  if (queue) await queue.start();
  else await bareProcess(database, orderCount);
  for (;;) {
    const [row] = await queryRows<{ done: number; failed: number }>(
      database.db,
      sql`select count(*) filter (where status = 'passed')::int as done, count(*) filter (where status in ('failed', 'not_connected'))::int as failed from orders`,
    );
    if (row!.failed > 0) throw new Error(`${row!.failed} orders did not pass`);
    if (row!.done >= orderCount) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const processSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const databaseCpu = (await databaseCpuMs(database)) - databaseCpuBefore;
  if (profiler) writeFileSync(`${args.profile}-${kind}.cpuprofile`, JSON.stringify(await profiler.stop()));
  const fileRequests = await files.stats();
  await queue?.stop();
  setRuntime(undefined);
  await database.close();
  files.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    database: kind,
    processor,
    orders: orderCount,
    filesPerOrder,
    uniqueFiles: !args["shared-files"],
    batchSize,
    workers,
    intakePerSecond: Math.round(orderCount / intakeSeconds),
    processSeconds: Math.round(processSeconds * 100) / 100,
    passedPerSecond: Math.round(orderCount / processSeconds),
    cpuMsPerOrder: round3((cpu.user + cpu.system) / 1000 / orderCount),
    databaseCpuMsPerOrder: kind === "postgres" ? round3(databaseCpu / orderCount) : 0,
    fileRequests,
  };
}

const kinds: Array<"pglite" | "postgres"> = args.db === "both" ? ["pglite", "postgres"] : [args.db as "pglite" | "postgres"];
const results: Result[] = [];
for (const kind of kinds) {
  if (args.baseline) results.push(await run(kind, "baseline"));
  results.push(await run(kind, "inkbridge"));
}
console.table(
  results.map((result) => ({
    database: result.database,
    processor: result.processor,
    orders: result.orders,
    "files/order": result.filesPerOrder,
    "batch×workers": `${result.batchSize}×${result.workers}`,
    "intake/s": result.intakePerSecond,
    "created→passed/s": result.passedPerSecond,
    seconds: result.processSeconds,
    "worker CPU ms/order": result.cpuMsPerOrder,
    "database CPU ms/order": result.databaseCpuMsPerOrder,
    // On a busy machine the rate shows the share of CPU it got; this is what two idle cores allow.
    "idle 2-core estimate/s": Math.round(Math.min(1000 / result.cpuMsPerOrder, 2000 / (result.cpuMsPerOrder + result.databaseCpuMsPerOrder))),
    "file requests": result.fileRequests,
  })),
);
if (args.out) {
  mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ benchmark: "pipeline", at: new Date().toISOString(), results }, null, 2));
}
process.exit(0);
