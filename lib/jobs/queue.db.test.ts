import { spawnSync } from "node:child_process";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "@/db/test-db";
import { openPostgres, type DatabaseHandle } from "@/db/client";
import { createLogger } from "@/lib/log";
import { testDatabaseKind } from "@/tests/support/runtime";
import { TcpProxy } from "@/tests/support/tcp-proxy";
import { Queue } from "./queue";
import { jobDefinitions } from "./registry";
import { defineJob, RetryAtError, type JobDefinition } from "./types";

// The database goes away while a job runs: the job's outcome (done, or failed and worth a retry)
// must be recorded once it is back, not lost with the job left "active" until it expires.

let base: DatabaseHandle;
let handle: DatabaseHandle;
let proxy: TcpProxy | undefined;
let down = false;

/** Takes the queue's database away and brings it back: a cut TCP proxy on PostgreSQL, a refusing executor on PGlite. */
async function setDatabaseDown(value: boolean): Promise<void> {
  down = value;
  if (proxy) await (value ? proxy.cut() : proxy.restore());
}

beforeAll(async () => {
  base = await createTestDatabase(testDatabaseKind, process.env.TEST_DATABASE_URL);
  if (base.kind === "postgres") {
    const url = new URL(base.url!);
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = "127.0.0.1";
    url.port = String(await proxy.start());
    handle = openPostgres(url.toString(), { max: 2 });
  } else {
    const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    handle = { ...base, executeSql: (text, values) => (down ? Promise.reject(refused()) : base.executeSql(text, values)) };
  }
});

afterAll(async () => {
  if (handle !== base) await handle?.close().catch(() => undefined);
  await proxy?.stop();
  await base?.close();
});

describe("job queue during a database outage", () => {
  it("records a job's success and a job's failure once the database answers again, running each no more than needed", { timeout: 60_000 }, async () => {
    const runs: string[] = [];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const job = defineJob({
      name: "mail.send",
      payload: z.object({ mailId: z.string() }),
      options: { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 600, batchSize: 2, pollingIntervalSeconds: 0.5 },
      async handle(_ctx, run) {
        runs.push(`${run.payload.mailId}#${run.retryCount}`);
        started();
        await released;
        if (run.payload.mailId === "fails" && run.retryCount === 0) throw new Error("the first attempt fails");
      },
    });
    const queue = new Queue({ database: handle, log: createLogger("silent"), definitions: [job as unknown as JobDefinition], work: true, maintenanceIntervalSeconds: 600 });
    await queue.start();
    try {
      const ids = { succeeds: crypto.randomUUID(), fails: crypto.randomUUID() };
      await queue.boss.insert([
        { id: ids.succeeds, name: "mail.send", data: { mailId: "succeeds" }, retryLimit: 3, retryDelay: 1 },
        { id: ids.fails, name: "mail.send", data: { mailId: "fails" }, retryLimit: 3, retryDelay: 1 },
      ]);
      await running;
      await setDatabaseDown(true);
      release();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await setDatabaseDown(false);

      const state = async (id: string) => (await base.executeSql(`SELECT state FROM pgboss.job WHERE id = $1`, [id])).rows[0]?.state;
      await expect.poll(() => state(ids.succeeds), { timeout: 20_000, interval: 200 }).toBe("completed");
      await expect.poll(() => state(ids.fails), { timeout: 20_000, interval: 200 }).toBe("completed");
      expect(runs.sort()).toEqual(["fails#0", "fails#1", "succeeds#0"]);
    } finally {
      await queue.stop();
    }
  });
});

/** A working queue of `mail.send` jobs that records the mail ids it runs; check-ins left to the test. */
function mailQueue(): { runs: string[]; queue: Queue } {
  const runs: string[] = [];
  const job = defineJob({
    name: "mail.send",
    payload: z.object({ mailId: z.string() }),
    options: { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 600, batchSize: 5, pollingIntervalSeconds: 0.5 },
    async handle(_ctx, run) {
      runs.push(run.payload.mailId);
    },
  });
  const queue = new Queue({
    database: base,
    log: createLogger("silent"),
    definitions: [job as unknown as JobDefinition],
    work: true,
    maintenanceIntervalSeconds: 600,
    presence: { intervalSeconds: 600, deadAfterSeconds: 20 },
  });
  return { runs, queue };
}

describe("jobs left active by a worker that died", () => {
  it("go back to the queue and run again, while a live worker's jobs are left alone", { timeout: 60_000 }, async () => {
    const { runs, queue } = mailQueue();
    await queue.start();
    try {
      const dead = crypto.randomUUID();
      const ids = { dead: crypto.randomUUID(), unclaimed: crypto.randomUUID(), live: crypto.randomUUID(), fresh: crypto.randomUUID() };
      // Rows as a crash leaves them: started a minute ago by a worker that no longer checks in,
      // one fetched but never claimed, one held by this live worker, and one fetched a moment ago.
      await base.executeSql(`INSERT INTO queue_workers (id, host, pid, seen_at) VALUES ($1, 'gone', 1, now() - interval '5 minutes')`, [dead]);
      const insert = (id: string, mailId: string, output: string | null, startedAgo: string) =>
        base.executeSql(
          `INSERT INTO pgboss.job (id, name, data, state, started_on, output, retry_limit, retry_delay)
           VALUES ($1, 'mail.send', jsonb_build_object('mailId', $2::text), 'active', now() - $4::interval, $3::jsonb, 3, 1)`,
          [id, mailId, output, startedAgo],
        );
      await insert(ids.dead, "dead", JSON.stringify({ worker: dead }), "1 minute");
      await insert(ids.unclaimed, "unclaimed", null, "1 minute");
      await insert(ids.live, "live", JSON.stringify({ worker: queue.workerId }), "1 minute");
      await insert(ids.fresh, "fresh", null, "1 second");

      expect(await queue.requeueOrphans()).toBe(2);
      const state = async (id: string) => (await base.executeSql(`SELECT state FROM pgboss.job WHERE id = $1`, [id])).rows[0]?.state;
      await expect.poll(() => state(ids.dead), { timeout: 20_000, interval: 200 }).toBe("completed");
      await expect.poll(() => state(ids.unclaimed), { timeout: 20_000, interval: 200 }).toBe("completed");
      expect(await state(ids.live)).toBe("active");
      expect(await state(ids.fresh)).toBe("active");
      expect(runs.sort()).toEqual(["dead", "unclaimed"]);
      expect((await base.executeSql(`SELECT count(*)::int AS n FROM queue_workers WHERE id = $1`, [dead])).rows[0]).toEqual({ n: 0 });
    } finally {
      await queue.stop();
    }
  });
});

describe("a worker on this host whose process is gone", () => {
  it("has its jobs put back at once, without waiting for its silence; a live neighbour keeps its own", { timeout: 60_000 }, async () => {
    const { runs, queue } = mailQueue();
    // Jobs the test above left active (a live worker's, since stopped) are not this test's.
    await base.executeSql(`DELETE FROM pgboss.job WHERE name = 'mail.send' AND state = 'active'`);
    await queue.start();
    try {
      // A child process that has exited: its pid is free. The neighbour is this test process.
      const exited = spawnSync(process.execPath, ["-e", "0"]).pid!;
      const killed = crypto.randomUUID();
      const neighbour = crypto.randomUUID();
      await base.executeSql(`INSERT INTO queue_workers (id, host, pid, seen_at) VALUES ($1, $2, $3, now())`, [killed, os.hostname(), exited]);
      await base.executeSql(`INSERT INTO queue_workers (id, host, pid, seen_at) VALUES ($1, $2, $3, now())`, [neighbour, os.hostname(), process.pid]);
      const ids = { killed: crypto.randomUUID(), neighbour: crypto.randomUUID() };
      const insert = (id: string, mailId: string, worker: string) =>
        base.executeSql(
          `INSERT INTO pgboss.job (id, name, data, state, started_on, output, retry_limit, retry_delay)
           VALUES ($1, 'mail.send', jsonb_build_object('mailId', $2::text), 'active', now() - interval '1 second', jsonb_build_object('worker', $3::text), 3, 1)`,
          [id, mailId, worker],
        );
      await insert(ids.killed, "killed", killed);
      await insert(ids.neighbour, "neighbour", neighbour);

      expect(await queue.requeueOrphans()).toBe(1);
      const state = async (id: string) => (await base.executeSql(`SELECT state FROM pgboss.job WHERE id = $1`, [id])).rows[0]?.state;
      await expect.poll(() => state(ids.killed), { timeout: 20_000, interval: 200 }).toBe("completed");
      expect(await state(ids.neighbour)).toBe("active");
      expect(runs).toEqual(["killed"]);
      expect((await base.executeSql(`SELECT id FROM queue_workers WHERE id = ANY($1::uuid[])`, [[killed, neighbour]])).rows).toEqual([{ id: neighbour }]);
    } finally {
      await base.executeSql(`DELETE FROM pgboss.job WHERE name = 'mail.send' AND state = 'active'`);
      await queue.stop();
    }
  });
});

describe("processes starting side by side on a new database", () => {
  it("all set up the queues, though they create the same ones at the same moment", { timeout: 60_000 }, async () => {
    const fresh = await createTestDatabase(testDatabaseKind, process.env.TEST_DATABASE_URL);
    const queues = Array.from({ length: 3 }, () => new Queue({ database: fresh, log: createLogger("silent"), definitions: jobDefinitions, work: false, maintenanceIntervalSeconds: 600 }));
    try {
      const outcomes = await Promise.allSettled(queues.map((queue) => queue.start()));
      expect(outcomes.filter((outcome) => outcome.status === "rejected").map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);
      const { rows } = await fresh.executeSql(`SELECT name FROM pgboss.queue ORDER BY name`, []);
      expect(rows.map((row) => (row as { name: string }).name)).toEqual(jobDefinitions.map((definition) => definition.name).sort());
    } finally {
      await Promise.all(queues.map((queue) => queue.stop().catch(() => undefined)));
      await fresh.close();
    }
  });
});

describe("a job that names when to try again", () => {
  it("runs again at that moment, not after the queue's backoff", { timeout: 60_000 }, async () => {
    const runs: number[] = [];
    const retryAt = { value: new Date() };
    const job = defineJob({
      name: "mail.send",
      payload: z.object({ mailId: z.string() }),
      // The queue's own retry would wait a minute.
      options: { retryLimit: 3, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 600, pollingIntervalSeconds: 0.5 },
      async handle() {
        runs.push(Date.now());
        if (runs.length === 1) {
          retryAt.value = new Date(Date.now() + 2000);
          throw new RetryAtError("held by another worker", retryAt.value);
        }
      },
    });
    const queue = new Queue({ database: base, log: createLogger("silent"), definitions: [job as unknown as JobDefinition], work: true, maintenanceIntervalSeconds: 600 });
    await queue.start();
    try {
      const id = crypto.randomUUID();
      await queue.boss.insert([{ id, name: "mail.send", data: { mailId: "held" }, retryLimit: 3, retryDelay: 60, retryBackoff: true }]);
      await expect.poll(() => runs.length, { timeout: 20_000, interval: 100 }).toBe(2);
      expect(runs[1]! - retryAt.value.getTime()).toBeGreaterThanOrEqual(-50);
      expect(runs[1]! - retryAt.value.getTime()).toBeLessThan(5000);
      const [row] = (await base.executeSql(`SELECT state, retry_count FROM pgboss.job WHERE id = $1`, [id])).rows;
      expect(row).toMatchObject({ retry_count: 1 });
    } finally {
      await queue.stop();
    }
  });
});
