import { describe, it } from "vitest";
import { describeScaleOut, runScaleOutStorm } from "../support/scale-out-storm";
import { expectScaleOutExactlyOnce } from "../support/storm-assertions";

// The short form of the scale-out storm (the full one is `npm run test:chaos`): PostgreSQL only, so
// vitest.config.ts lists this file only when TEST_DATABASE_URL is set.
const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) throw new Error("The scale-out storm runs on PostgreSQL: set TEST_DATABASE_URL");
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("scale-out storm (short)", () => {
  it("2 web processes and 2 workers on PostgreSQL and Redis take every channel at once through a SIGKILL of each, one order, one processing, one postback and one fulfilment each", { timeout: 600_000 }, async () => {
    const report = await runScaleOutStorm({
      postgresUrl,
      redisUrl,
      apiOrders: 120,
      shopifyOrders: 40,
      wooOrders: 30,
      etsyReceipts: 30,
      stormSeconds: 20,
      killRounds: 1,
      shipPerChannel: 5,
      log: (line) => console.log(`[scale-out] ${line}`),
    });
    console.log(`[scale-out] ${describeScaleOut(report)}`);
    expectScaleOutExactlyOnce(report, { web: 1, worker: 1 });
  });
});
