// Product sync against the Shopify fake with Shopify's real cost limits (bucket 2,000 points,
// 100 points/s restored): wall time next to the least the cost budget allows, and heap growth.
//
//   npx tsx bench/product-sync.ts [--variants 10000] [--db pglite|postgres] [--out results.json]
//
// The least time: every point spent beyond the full bucket has to be restored first, so
// (Σ actual cost − 2,000) / 100 seconds, from the costs the fake charged.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openPglite, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createTestDatabase } from "@/db/test-db";
import { createTestCustomer, staffContext } from "@/db/factories";
import { parseEnv, setEnv } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/log";
import { setRuntime } from "@/lib/runtime";
import { Queue } from "@/lib/jobs/queue";
import { jobDefinitions } from "@/lib/jobs/registry";
import { systemContext } from "@/lib/services/context";
import { connectStore, syncStoreProducts } from "@/lib/services/stores";
import { startShopifyFake } from "@/connectors/shopify/fake";
import { DEFAULT_THROTTLE } from "@/connectors/shopify/fake/throttle";

const { values: args } = parseArgs({
  options: {
    variants: { type: "string", default: "10000" },
    db: { type: "string", default: "pglite" },
    out: { type: "string" },
  },
});

export type ProductSyncBenchResult = {
  database: string;
  variants: number;
  pages: number;
  wallSeconds: number;
  minimumSeconds: number;
  ratio: number;
  throttledAnswers: number;
  heapStartMb: number;
  heapPeakGrowthMb: number;
  rssPeakGrowthMb: number;
};

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function run(): Promise<ProductSyncBenchResult> {
  const total = Number(args.variants);
  const kind = args.db === "postgres" ? "postgres" : "pglite";
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-bench-sync-"));
  const apiKey = "bench-key";
  const apiSecret = "bench-secret";
  const fake = await startShopifyFake({ apiKey, apiSecret, autoApprove: true });
  setEnv(parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir, LOG_LEVEL: "silent", SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: apiSecret, SHOPIFY_API_ORIGIN: fake.origin }));
  const log = createLogger("silent");
  setLogger(log);
  let database: DatabaseHandle;
  if (kind === "postgres") {
    if (!process.env.DATABASE_URL) throw new Error("--db postgres needs DATABASE_URL");
    database = await createTestDatabase("postgres", process.env.DATABASE_URL);
  } else {
    database = await openPglite(path.join(dataDir, "pglite"));
    await runMigrations(database);
  }
  // The queue's schema (the store view reads failing jobs from it).
  const installer = new Queue({ database, log, definitions: jobDefinitions, work: false });
  await installer.start();
  await installer.stop();
  setRuntime({ database, startedAt: new Date() });
  try {
    const shop = "bench-sync.myshopify.com";
    fake.shops.createShop(shop);
    const perProduct = 50;
    for (let product = 0; product * perProduct < total; product++) {
      const count = Math.min(perProduct, total - product * perProduct);
      fake.shops.createProduct(shop, {
        title: `Bench design ${product}`,
        variants: Array.from({ length: count }, (_, index) => ({ sku: `B${product}-${index}`, price: "20", options: { Size: `S${index}` } })),
      });
    }
    const customer = await createTestCustomer(database.db);
    const store = await connectStore({
      ctx: staffContext(database.db),
      customerId: customer.id,
      input: { platform: "shopify", shopDomain: shop, accessToken: fake.shops.createAccessToken(shop), registerWebhooks: false },
    });
    // A full bucket at the start, as for an app that has been idle.
    fake.shops.setThrottle(shop, { ...DEFAULT_THROTTLE, currentlyAvailable: DEFAULT_THROTTLE.capacity });
    const requestsBefore = fake.shops.graphqlRequests(shop).length;

    global.gc?.();
    const heapStart = process.memoryUsage().heapUsed;
    const rssStart = process.memoryUsage().rss;
    let heapPeak = heapStart;
    let rssPeak = rssStart;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      heapPeak = Math.max(heapPeak, usage.heapUsed);
      rssPeak = Math.max(rssPeak, usage.rss);
    }, 100);
    const started = performance.now();
    const outcome = await syncStoreProducts(systemContext("bench", { db: database.db }), store.id);
    const wallSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const requests = fake.shops.graphqlRequests(shop).slice(requestsBefore);
    const spent = requests.reduce((sum, request) => sum + (request.actualQueryCost ?? 0), 0);
    const minimumSeconds = Math.max(0, (spent - DEFAULT_THROTTLE.capacity) / DEFAULT_THROTTLE.restoreRate);
    if (outcome.done !== total) throw new Error(`synced ${outcome.done} of ${total} variants`);
    return {
      database: kind,
      variants: outcome.done,
      pages: outcome.pages,
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      minimumSeconds: Math.round(minimumSeconds * 100) / 100,
      ratio: minimumSeconds > 0 ? Math.round((wallSeconds / minimumSeconds) * 100) / 100 : 0,
      throttledAnswers: requests.filter((request) => request.errorCodes.includes("THROTTLED")).length,
      heapStartMb: mb(heapStart),
      heapPeakGrowthMb: mb(heapPeak - heapStart),
      rssPeakGrowthMb: mb(rssPeak - rssStart),
    };
  } finally {
    setRuntime(undefined);
    await database.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const result = await run();
console.log(
  `product sync (${result.database}): ${result.variants} variants in ${result.pages} pages, ${result.wallSeconds} s; cost budget allows ${result.minimumSeconds} s → ${result.ratio}× (target ≤ 1.2×); ` +
    `${result.throttledAnswers} THROTTLED; heap +${result.heapPeakGrowthMb} MB peak (start ${result.heapStartMb} MB), rss +${result.rssPeakGrowthMb} MB`,
);
if (args.out) writeFileSync(args.out, JSON.stringify({ results: [result] }, null, 2));
