import { describe, it } from "vitest";
import { runShopifyStorm, type ShopifyStormReport } from "../support/shopify-storm";
import { expectShopifyStormExactlyOnce } from "../support/storm-assertions";

// The short form of the Shopify webhook storm (the full one is `npm run test:chaos`). Orders come
// at 10 a second (about 25 deliveries with duplicates): the storm tests crashes, not overload.
const postgresUrl = process.env.TEST_DATABASE_URL;
const summarize = (database: string, report: ShopifyStormReport) =>
  console.log(
    `[${database}] ${report.storedOrders} orders from ${report.deliveries.webhookIds} deliveries (${report.deliveries.attempts} attempts, ${report.deliveries.duplicates} duplicates, ${report.deliveries.failedAttempts} failed), ${report.kills} kills, ${report.seconds} s (placing ${report.phases.placing}, settling ${report.phases.settling}, shipping ${report.phases.shipping})`,
  );

describe("Shopify webhook storm (short)", () => {
  it("embedded database: 120 shop orders with duplicate and late deliveries through 3+ SIGKILLs, one order and one fulfilment each", { timeout: 600_000 }, async () => {
    const report = await runShopifyStorm({ orders: 120, minKills: 3, placeSeconds: 20, database: "pglite", log: (line) => console.log(`[pglite] ${line}`) });
    summarize("pglite", report);
    expectShopifyStormExactlyOnce(report, 3);
  });

  it.runIf(Boolean(postgresUrl))("PostgreSQL: the same storm", { timeout: 600_000 }, async () => {
    const report = await runShopifyStorm({ orders: 120, minKills: 3, placeSeconds: 20, database: "postgres", postgresUrl, log: (line) => console.log(`[postgres] ${line}`) });
    summarize("postgres", report);
    expectShopifyStormExactlyOnce(report, 3);
  });
});
