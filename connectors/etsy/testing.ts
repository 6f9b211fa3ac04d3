import { getEnv, parseEnv, setEnv, type Env } from "@/lib/env";
import type { EtsyCredentials, StoreSession } from "../types";
import { startEtsyFake, type EtsyFake, type EtsyFakeOptions } from "./fake";

// For this connector's tests: a fake Etsy with one shop, the environment pointing at it, and sessions on it.

export const TEST_KEYSTRING = "testkeystring1234567890ab";
export const TEST_SHARED_SECRET = "testsharedsecret";
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.alloc(24, 9).toString("base64")}`;

export type ConnectorFake = {
  fake: EtsyFake;
  shopId: number;
  userId: number;
  session(credentials?: Partial<EtsyCredentials>, saved?: EtsyCredentials[]): StoreSession<"etsy">;
  /** Points ETSY_API_ORIGIN somewhere else (an unreachable port, a misbehaving server). */
  useOrigin(origin: string): void;
  close(): Promise<void>;
};

export function testEnv(origin: string, overrides: Record<string, string> = {}): Env {
  return parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    AUTH_SECRET: "connector-test-auth-secret-connector-test",
    ETSY_KEYSTRING: TEST_KEYSTRING,
    ETSY_SHARED_SECRET: TEST_SHARED_SECRET,
    ETSY_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    ETSY_API_ORIGIN: origin,
    ...overrides,
  });
}

export function makeSession(shopId: number | string, credentials: EtsyCredentials, saved: EtsyCredentials[] = [], onSave?: () => void): StoreSession<"etsy"> {
  return {
    storeId: `sto_etsy_${shopId}`,
    platform: "etsy",
    identity: String(shopId),
    credentials,
    webhookUrl: "http://127.0.0.1:9/api/webhooks/etsy",
    async saveCredentials(next) {
      onSave?.();
      saved.push(next);
    },
  };
}

export async function startConnectorFake(options: Partial<EtsyFakeOptions> = {}): Promise<ConnectorFake> {
  const fake = await startEtsyFake({ keystring: TEST_KEYSTRING, sharedSecret: TEST_SHARED_SECRET, autoApprove: true, allowHttpRedirects: true, ...options });
  const { shop, user } = fake.world.createUserWithShop({ shopName: "TestPrintShop" });
  const previous = globalThis.__inkbridgeEnv ? getEnv() : undefined;
  setEnv(testEnv(fake.origin));
  return {
    fake,
    shopId: shop.shop_id,
    userId: user.user_id,
    session(credentials = {}, saved = []) {
      const tokens = fake.world.createTokens(shop.shop_id, TEST_KEYSTRING);
      return makeSession(shop.shop_id, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString(), ...credentials }, saved);
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
