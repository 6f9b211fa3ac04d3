import { describe, it } from "vitest";
import { runCrashStorm, type StormReport } from "../support/crash-storm";
import { expectExactlyOnce } from "../support/storm-assertions";

// The short form of the crash storm (the full one is `npm run test:chaos`).
const postgresUrl = process.env.TEST_DATABASE_URL;
const summarize = (database: string, report: StormReport) =>
  console.log(`[${database}] ${report.storedOrders} orders, ${report.requests} requests, ${report.retriedRequests} retried, ${report.kills} kills, ${report.seconds} s`);

describe("crash storm (short)", () => {
  it("embedded database: 150 orders with duplicates through 3+ SIGKILLs, each stored, processed and posted back once", { timeout: 600_000 }, async () => {
    const report = await runCrashStorm({ orders: 150, minKills: 3, database: "pglite" });
    summarize("pglite", report);
    expectExactlyOnce(report, 3);
  });

  it.runIf(Boolean(postgresUrl))("PostgreSQL: the same storm", { timeout: 600_000 }, async () => {
    const report = await runCrashStorm({ orders: 150, minKills: 3, database: "postgres", postgresUrl });
    summarize("postgres", report);
    expectExactlyOnce(report, 3);
  });
});
