import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { openPglite, openPostgres, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { installQueueSchema, pgliteTemplate } from "@/db/test-db";
import { createTestCustomer, staffContext } from "@/db/factories";
import { parseEnv, setEnv } from "@/lib/env";
import { createProduct } from "@/lib/services/catalog";
import { connectStore, linkVariant } from "@/lib/services/stores";
import { startShopifyFake, type ShopifyFake, type ShopifyFakeOptions } from "@/connectors/shopify/fake";

// A connected Shopify store on a fresh database, made before the real server first starts (the
// embedded database admits one process at a time): customer, catalog product, the store connected
// by a custom app's token against the fake (webhooks subscribed to the server's future address)
// and its variant linked to the product with one print file. Storms and benchmarks start from it.

export const shopifyKeys = { apiKey: "inkbridge-storm-key", apiSecret: "inkbridge-storm-secret" };

export type ShopifyStage = {
  fake: ShopifyFake;
  shop: string;
  variantId: string;
  storeId: string;
  customerId: string;
  /** DATABASE_URL for the server: empty for the embedded database. */
  databaseUrl: string;
  /** Everything the server needs besides PORT/DATA_DIR (startAppServer sets APP_URL from the port). */
  env: Record<string, string>;
  dropDatabase(): Promise<void>;
};

export type ShopifyStageOptions = {
  database: "pglite" | "postgres";
  postgresUrl?: string;
  /** An existing empty PostgreSQL database to use (kept afterwards) instead of a scratch one next to `postgresUrl`. */
  databaseUrl?: string;
  /** The server's DATA_DIR (the embedded database lives in `pglite/` under it). */
  dataDir: string;
  /** The port the server will listen on: its webhook address is registered with the fake now. */
  port: number;
  fileUrl: string;
  productUid?: string;
  shop?: string;
  fake?: Partial<ShopifyFakeOptions>;
};

/** An empty PostgreSQL database next to `url`'s, with a way to drop it. */
export async function createScratchDatabase(url: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `inkbridge_${label}_${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return {
    url: parsed.toString(),
    async drop() {
      const dropper = postgres(url, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await dropper.end();
    },
  };
}

export async function stageShopifyStore(options: ShopifyStageOptions): Promise<ShopifyStage> {
  const shop = options.shop ?? "storm-prints.myshopify.com";
  const productUid = options.productUid ?? "storm_poster";
  const fake = await startShopifyFake({ ...shopifyKeys, autoApprove: true, ...options.fake });
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  if (options.database === "postgres" && !options.databaseUrl) scratch = await createScratchDatabase(options.postgresUrl!, "shop");
  const databaseUrl = options.database === "postgres" ? (options.databaseUrl ?? scratch!.url) : "";
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SHOPIFY_API_KEY: shopifyKeys.apiKey,
    SHOPIFY_API_SECRET: shopifyKeys.apiSecret,
    SHOPIFY_API_ORIGIN: fake.origin,
  };
  setEnv(parseEnv({ NODE_ENV: "test", DATA_DIR: options.dataDir, PORT: String(options.port), HOST: "127.0.0.1", APP_URL: `http://localhost:${options.port}`, LOG_LEVEL: "silent", FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: new URL(options.fileUrl).host, ...env }));

  let handle: DatabaseHandle | undefined;
  try {
    if (databaseUrl) {
      handle = openPostgres(databaseUrl, { max: 2 });
      await runMigrations(handle);
      // A store's view counts its failed jobs: the queue's tables must exist.
      await installQueueSchema(handle);
    } else {
      handle = await openPglite(path.join(options.dataDir, "pglite"), { loadDataDir: await pgliteTemplate() });
      await runMigrations(handle);
    }
    const ctx = staffContext(handle.db);
    await createProduct({ ctx, input: { productUid, title: "Storm poster", fileTypes: ["default"] } });
    const customer = await createTestCustomer(handle.db, { name: "Storm Prints" });
    fake.shops.createShop(shop, { name: "Storm Prints" });
    const product = fake.shops.createProduct(shop, { title: "Poster", variants: [{ sku: "STORM-POSTER", price: "25", options: { Size: "A3" } }] });
    const store = await connectStore({ ctx, customerId: customer.id, input: { platform: "shopify", shopDomain: shop, accessToken: fake.shops.createAccessToken(shop) } });
    await linkVariant({
      ctx,
      storeId: store.id,
      input: { externalProductId: String(product.id), externalVariantId: String(product.variantIds[0]), productUid, files: [{ type: "default", url: options.fileUrl }] },
    });
    return {
      fake,
      shop,
      variantId: String(product.variantIds[0]),
      storeId: store.id,
      customerId: customer.id,
      databaseUrl,
      env,
      dropDatabase: async () => scratch?.drop(),
    };
  } catch (error) {
    await fake.close();
    await scratch?.drop();
    throw error;
  } finally {
    await handle?.close();
  }
}
