import { describe, it } from "vitest";
import { runCrashStorm } from "../support/crash-storm";
import { expectExactlyOnce } from "../support/storm-assertions";

const postgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

describe("crash storm (full)", () => {
  for (const database of ["pglite", "postgres"] as const) {
    it(`${database}: 5,000 orders over both APIs, 30 % duplicates, 20+ SIGKILLs`, { timeout: 1_800_000 }, async () => {
      const report = await runCrashStorm({ orders: 5000, minKills: 20, database, postgresUrl, log: (line) => console.log(`[${database}] ${line}`) });
      console.log(`[${database}] ${report.requests} requests, ${report.retriedRequests} retried, ${report.kills} kills, ${report.seconds} s`);
      expectExactlyOnce(report, 20);
    });
  }
});
