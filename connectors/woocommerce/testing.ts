import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getEnv, parseEnv, setEnv, type Env } from "@/lib/env";
import type { StoreSession, WooCommerceCredentials } from "../types";
import { startWooFake, type KeyPermissions, type WooFake, type WooFakeOptions } from "./fake";

// For this connector's tests: a fake site, SHOP_FETCH_ALLOW letting the client reach it, a receiver
// for its webhooks, and sessions on it.

export type ReceivedDelivery = { headers: Record<string, string>; rawBody: Buffer };

export type WooTestSite = {
  fake: WooFake;
  webhookUrl: string;
  received: ReceivedDelivery[];
  /** The receiver's answer from now on (WooCommerce counts anything but 200–302 as a failure). */
  answerWith(status: number): void;
  session(options?: { permissions?: KeyPermissions; credentials?: Partial<WooCommerceCredentials>; identity?: string }): StoreSession<"woocommerce">;
  close(): Promise<void>;
};

export const TEST_WEBHOOK_SECRET = "woo-test-webhook-secret";

export function testEnv(allow: string[]): Env {
  return parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    AUTH_SECRET: "connector-test-auth-secret-connector-test",
    SHOP_FETCH_ALLOW: allow.join(","),
  });
}

export async function startWooTestSite(options: WooFakeOptions = {}): Promise<WooTestSite> {
  const fake = await startWooFake({ webhookDelivery: { delayMs: 10, timeoutMs: 2000 }, ...options });
  const received: ReceivedDelivery[] = [];
  let status = 200;
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      received.push({ headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/woocommerce/sto_test`;
  const previous = globalThis.__inkbridgeEnv ? getEnv() : undefined;
  setEnv(testEnv([new URL(fake.siteUrl).host]));
  return {
    fake,
    webhookUrl,
    received,
    answerWith(next) {
      status = next;
    },
    session(sessionOptions = {}) {
      const key = fake.site.createKey(sessionOptions.permissions ?? "read_write");
      return {
        storeId: "sto_test",
        platform: "woocommerce",
        identity: sessionOptions.identity ?? fake.siteUrl,
        credentials: { consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, webhookSecret: TEST_WEBHOOK_SECRET, ...sessionOptions.credentials },
        webhookUrl,
        async saveCredentials() {},
      };
    },
    async close() {
      await fake.close();
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      if (previous) setEnv(previous);
    },
  };
}
