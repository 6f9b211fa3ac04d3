import { getEnv, parseEnv, setEnv, type Env } from "@/lib/env";
import type { ShopifyCredentials, StoreSession } from "../types";
import { startShopifyFake, type ShopifyFake, type ShopifyFakeOptions } from "./fake";

// For this connector's tests: a fake shop, the environment pointing at it, and sessions on it.

export type ConnectorFake = {
  fake: ShopifyFake;
  shop: string;
  session(credentials?: Partial<ShopifyCredentials>, saved?: ShopifyCredentials[]): StoreSession<"shopify">;
  /** Points SHOPIFY_API_ORIGIN somewhere else (an unreachable port, a misbehaving server). */
  useOrigin(origin: string): void;
  close(): Promise<void>;
};

export const TEST_API_KEY = "test-key";
export const TEST_API_SECRET = "test-secret";

function testEnv(origin: string): Env {
  return parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    AUTH_SECRET: "connector-test-auth-secret-connector-test",
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_SCOPES: "read_orders,read_products,write_products,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders",
    SHOPIFY_API_ORIGIN: origin,
  });
}

export async function startConnectorFake(shop: string, options: Partial<ShopifyFakeOptions> = {}): Promise<ConnectorFake> {
  const fake = await startShopifyFake({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, autoApprove: true, ...options });
  fake.shops.createShop(shop);
  const previous = globalThis.__inkbridgeEnv ? getEnv() : undefined;
  setEnv(testEnv(fake.origin));
  return {
    fake,
    shop,
    session(credentials = {}, saved = []) {
      return {
        storeId: `sto_${shop.split(".")[0]}`,
        platform: "shopify",
        identity: shop,
        credentials: { accessToken: credentials.accessToken ?? fake.shops.createAccessToken(shop), ...credentials },
        webhookUrl: "http://127.0.0.1:9/api/webhooks/shopify",
        async saveCredentials(next) {
          saved.push(next);
        },
      };
    },
    useOrigin(origin) {
      setEnv(testEnv(origin));
    },
    async close() {
      await fake.close();
      if (previous) setEnv(previous);
    },
  };
}
