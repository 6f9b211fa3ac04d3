import { describe, it } from "vitest";
import { describeScaleOut, runScaleOutStorm } from "../support/scale-out-storm";
import { expectScaleOutExactlyOnce } from "../support/storm-assertions";

// The full scale-out storm: 2 web processes and 2 workers on PostgreSQL and Redis, every channel at
// once for two minutes, a web process and a worker SIGKILLed (and started again) every ~20 s.
const postgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("scale-out storm (full)", () => {
  it("2,000 API orders, 600 Shopify, 400 WooCommerce and 400 Etsy orders through 5 SIGKILLs of a web process and of a worker, each once", { timeout: 1_800_000 }, async () => {
    const report = await runScaleOutStorm({
      postgresUrl,
      redisUrl,
      apiOrders: 2000,
      shopifyOrders: 600,
      wooOrders: 400,
      etsyReceipts: 400,
      stormSeconds: 120,
      killRounds: 5,
      shipPerChannel: 40,
      log: (line) => console.log(`[scale-out] ${line}`),
    });
    console.log(`[scale-out] ${describeScaleOut(report)}`);
    expectScaleOutExactlyOnce(report, { web: 5, worker: 5 });
  });
});
