import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import type { Database } from "@/db/client";
import { orders, storeFulfillments, webhookEvents } from "@/db/schema";
import { startShopifyFake, type ShopifyFake, type ShopifyFakeOptions } from "@/connectors/shopify/fake";
import { loadOrderView, type OrderView } from "@/lib/services/orders";
import { samplePdf, serveFile, startArtworkServer } from "./artwork-server";
import { useTestRuntime } from "./runtime";

// A Shopify fake wired to a test server: the env the server needs to reach it, and waits on
// what its webhooks cause.

export const shopifyApiKey = "inkbridge-test-key";
export const shopifyApiSecret = "inkbridge-test-secret";

export type ShopifyHarness = { fake: ShopifyFake; env: Record<string, string> };

/**
 * Starts the fake before the test server: the returned `env` object is filled in by the time
 * `useTestServer({ env })`'s own beforeAll reads it, so register this first.
 */
export function shopifyEnv(base: Record<string, string> = {}): Record<string, string> {
  return { SHOPIFY_API_KEY: shopifyApiKey, SHOPIFY_API_SECRET: shopifyApiSecret, ...base };
}

/**
 * The fake runs in the test process, on the same thread as the embedded database and the server it
 * delivers to, so its 5 s answer deadline would time the test machine rather than the intake: tests
 * give it 30 s, and retry within seconds instead of hours.
 */
export async function startFakeFor(env: Record<string, string>, options: Partial<ShopifyFakeOptions> = {}): Promise<ShopifyFake> {
  const fake = await startShopifyFake({
    apiKey: shopifyApiKey,
    apiSecret: shopifyApiSecret,
    autoApprove: true,
    webhookDelivery: { retryDelaysMs: [200, 400, 800, 1600, 3200, 3200, 3200, 3200], timeoutMs: 30_000 },
    ...options,
  });
  env.SHOPIFY_API_ORIGIN = fake.origin;
  return fake;
}

export const shippingAddress = {
  firstName: "Ada",
  lastName: "Lovelace",
  address1: "12 St James's Square",
  city: "London",
  zip: "SW1Y 4JH",
  countryCode: "GB",
  country: "United Kingdom",
};

export async function findShopOrder(db: Database, storeId: string, externalId: string | number): Promise<OrderView | undefined> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.storeId, storeId), eq(orders.externalId, String(externalId))));
  if (rows.length > 1) throw new Error(`${rows.length} orders for shop order ${externalId}`);
  return rows[0] ? loadOrderView(db, rows[0].id) : undefined;
}

/** Waits until the shop order exists in Inkbridge with the status. */
export async function waitForShopOrder(db: Database, storeId: string, externalId: string | number, status: string, timeout = 20_000): Promise<OrderView> {
  await expect.poll(async () => (await findShopOrder(db, storeId, externalId))?.status, { timeout, interval: 100 }).toBe(status);
  return (await findShopOrder(db, storeId, externalId))!;
}

export async function webhookEventsOf(db: Database, externalId: string | number) {
  return db.select().from(webhookEvents).where(eq(webhookEvents.externalOrderId, String(externalId)));
}

export async function fulfilmentsOf(db: Database, orderId: string) {
  return db.select().from(storeFulfillments).where(eq(storeFulfillments.orderId, orderId));
}

/**
 * A database test's set-up for Shopify stores: a local artwork server (in FILE_FETCH_ALLOW, so
 * links may point at it), the Shopify fake, and the test runtime on that environment. Hooks are
 * registered in that order and closed after the file. `art(name)` is a file's URL on the server.
 */
export async function useShopifyRuntime(files: Record<string, { body: Buffer; type: string }> = { "poster.pdf": { body: samplePdf, type: "application/pdf" } }) {
  const server = await startArtworkServer({ host: "127.0.0.1" });
  for (const [name, file] of Object.entries(files)) server.route(`/art/${name}`, serveFile(file.body, { "content-type": file.type }));
  const env = shopifyEnv({ FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${server.port}` });
  let fake: ShopifyFake | undefined;
  beforeAll(async () => {
    fake = await startFakeFor(env);
  });
  const runtime = useTestRuntime({ env });
  afterAll(async () => {
    await fake?.close();
    await server.close();
  });
  return {
    runtime,
    env,
    art: (name: string) => `${server.url}/art/${name}`,
    /** The fake, once the file's hooks have started it. */
    get fake(): ShopifyFake {
      return fake!;
    },
  };
}
