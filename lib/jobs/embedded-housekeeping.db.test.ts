import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/test-db";
import type { DatabaseHandle } from "@/db/client";
import { asIntake } from "@/lib/intake-pressure";
import { testDatabaseKind } from "@/tests/support/runtime";
import { HOT_TABLES, vacuumHotTables } from "./embedded-housekeeping";

// The embedded database has no autovacuum: the queue vacuums and analyses the hot tables itself,
// in quiet moments of the intake.

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase(testDatabaseKind, process.env.TEST_DATABASE_URL);
});

afterAll(async () => {
  await handle?.close();
});

const vacuumed = async () =>
  (await handle.executeSql(`SELECT schemaname || '.' || relname AS name FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL`)).rows.map((row) =>
    String(row.name).replace(/^public\./, ""),
  );

describe("embedded database housekeeping", () => {
  it("vacuums and analyses every hot table that exists, passing over those that do not", async () => {
    const done = await vacuumHotTables(handle.executeSql, { quietMs: 0 });
    // The queue's own schema is created when the queue first starts; the app's tables are there.
    expect(done).toEqual(HOT_TABLES.filter((table) => table !== "pgboss.job" || done.includes("pgboss.job")));
    expect(done).toEqual(expect.arrayContaining(["job_outbox", "webhook_events", "orders", "order_items"]));
    // The queue's job table is partitioned by queue: its own statistics row never shows a vacuum.
    expect(await vacuumed()).toEqual(expect.arrayContaining(done.filter((table) => table !== "pgboss.job")));
  });

  it("waits for the intake to be quiet before each table, and goes ahead after the longest wait", async () => {
    let release!: () => void;
    const request = asIntake(() => new Promise<void>((resolve) => (release = resolve)));
    const started = Date.now();
    const pass = vacuumHotTables(handle.executeSql, { quietMs: 100, maxWaitMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    let finished = false;
    void pass.then(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(false);
    release();
    await request;
    expect((await pass).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    // With a request that never ends, the pass still runs once the longest wait is over.
    void asIntake(() => new Promise<void>(() => undefined));
    const bounded = Date.now();
    expect((await vacuumHotTables(handle.executeSql, { quietMs: 100, maxWaitMs: 200 })).length).toBeGreaterThan(0);
    expect(Date.now() - bounded).toBeLessThan(200 * HOT_TABLES.length + 2000);
  });
});
