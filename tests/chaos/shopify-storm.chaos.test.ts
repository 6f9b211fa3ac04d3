import { describe, it } from "vitest";
import { runShopifyStorm } from "../support/shopify-storm";
import { expectShopifyStormExactlyOnce } from "../support/storm-assertions";

// Orders come at 10 a second (about 25 deliveries with duplicates, more with the retries after each
// restart): the storm tests crashes, not overload.
const postgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

describe("Shopify webhook storm (full)", () => {
  for (const database of ["pglite", "postgres"] as const) {
    it(`${database}: 2,000 shop orders over orders/create and orders/updated, 30 % duplicates, late deliveries, 10+ SIGKILLs`, { timeout: 1_800_000 }, async () => {
      const report = await runShopifyStorm({ orders: 2000, minKills: 10, shippingKills: 3, placeSeconds: 200, database, postgresUrl, log: (line) => console.log(`[${database}] ${line}`) });
      console.log(
        `[${database}] ${report.storedOrders} orders, ${report.deliveries.webhookIds} deliveries in ${report.deliveries.attempts} attempts (${report.deliveries.duplicates} duplicates, ${report.deliveries.failedAttempts} failed), ${report.kills} kills, ${report.seconds} s`,
      );
      expectShopifyStormExactlyOnce(report, 10);
    });
  }
});
