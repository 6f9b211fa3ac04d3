import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";
import { getEnv, parseEnv, setEnv, type Env } from "@/lib/env";
import { runConnectorContract, type CapturedDelivery, type ContractOrderKind } from "../contract";
import { getConnector } from "../registry";
import type { ShopifyCredentials, StoreSession } from "../types";
import { buildAuthorizeUrl, exchangeCode, validateCallback } from "./auth";
import { startShopifyFake, type ShopifyFake } from "./fake";

const apiKey = "contract-key";
const apiSecret = "contract-secret";
const shop = "contract-shop.myshopify.com";
const address = { firstName: "Jon", lastName: "Doe", address1: "123 Main St", city: "Ottawa", province: "Ontario", provinceCode: "ON", zip: "K2P 1L4", country: "Canada", countryCode: "CA" };

let fake: ShopifyFake;
let receiver: Server;
let webhookUrl = "";
let variantId = 0;
let previousEnv: Env | undefined;
const deliveries: CapturedDelivery[] = [];

function makeSession(credentials: ShopifyCredentials, saved: ShopifyCredentials[] = [], onSave?: () => void): StoreSession<"shopify"> {
  return {
    storeId: "sto_contract",
    platform: "shopify",
    identity: shop,
    credentials,
    webhookUrl,
    async saveCredentials(next) {
      onSave?.();
      saved.push(next);
    },
  };
}

function placeOrder(kind: ContractOrderKind): string {
  const order = fake.shops.placeOrder(shop, {
    lineItems: [{ variantId, quantity: 2 }],
    shippingAddress: address,
    shippingLine: { title: "Standard" },
    financialStatus: kind === "pending" ? "PENDING" : "PAID",
    test: kind === "test",
  });
  if (kind === "cancelled") fake.shops.cancelOrder(shop, order.id);
  return String(order.id);
}

// The browser leg of OAuth against the fake (auto-approved), then the connector's own code exchange.
async function oauthCredentials(): Promise<ShopifyCredentials> {
  const authorize = buildAuthorizeUrl({ shop, state: "contract-state", redirectUri: "http://127.0.0.1:9/callback" });
  const response = await fetch(authorize, { redirect: "manual" });
  const callback = new URL(response.headers.get("location") as string);
  const check = validateCallback(callback.searchParams);
  if (!check.ok) throw new Error(`callback refused: ${check.reason}`);
  return exchangeCode(check.shop, check.code);
}

runConnectorContract("shopify", {
  connector: getConnector("shopify"),
  async start() {
    fake = await startShopifyFake({ apiKey, apiSecret, autoApprove: true, now: () => Date.now() });
    fake.shops.createShop(shop, { name: "Contract Shop" });
    variantId = fake.shops.createProduct(shop, { title: "Classic Tee", variants: [{ sku: "TEE-M", price: "25", options: { Size: "M" } }] }).variantIds[0] as number;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
        const rawBody = Buffer.concat(chunks);
        const body = JSON.parse(rawBody.toString("utf8")) as { id?: number };
        const topic = headers["x-shopify-topic"] ?? "";
        deliveries.push({ headers, rawBody, topic, externalOrderId: topic.startsWith("orders/") ? String(body.id) : null });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/shopify`;
    previousEnv = globalThis.__inkbridgeEnv ? getEnv() : undefined;
    setEnv(
      parseEnv({
        NODE_ENV: "test",
        LOG_LEVEL: "silent",
        ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
        AUTH_SECRET: "contract-auth-secret-contract-auth-secret",
        SHOPIFY_API_KEY: apiKey,
        SHOPIFY_API_SECRET: apiSecret,
        SHOPIFY_SCOPES: "read_orders,read_products,write_products,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders",
        SHOPIFY_API_ORIGIN: fake.origin,
      }),
    );
  },
  async stop() {
    await fake.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    if (previousEnv) setEnv(previousEnv);
  },
  session: (saved) => makeSession({ accessToken: fake.shops.createAccessToken(shop) }, saved),
  refusedSession: () => makeSession({ accessToken: "shpat_00000000000000000000000000000000" }),
  revoke: (session) => fake.shops.revokeToken(session.credentials.accessToken),
  placeOrder: async (kind) => placeOrder(kind),
  fulfillments: async (externalOrderId) =>
    fake.shops.listFulfillments(shop, externalOrderId).map((fulfillment) => ({ id: String(fulfillment.id), trackingNumbers: fulfillment.trackingInfo.map((info) => info.number ?? "") })),
  webhooks: {
    secret: apiSecret,
    requiredHeaders: ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-Hmac-Sha256"],
    signatureHeader: "X-Shopify-Hmac-Sha256",
    async captureOrderDelivery(session) {
      await getConnector("shopify").ensureWebhooks(session);
      const externalOrderId = placeOrder("paid");
      await fake.webhooks.idle();
      const delivery = deliveries.find((candidate) => candidate.topic === "orders/create" && candidate.externalOrderId === externalOrderId);
      if (!delivery) throw new Error("the fake sent no orders/create delivery");
      return delivery;
    },
    subscriptions: {
      topics: ["ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID", "ORDERS_CANCELLED", "APP_UNINSTALLED", "APP_SCOPES_UPDATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE"],
      subscribedTopics: (session) => fake.shops.listWebhookSubscriptions(shop).filter((subscription) => subscription.uri === session.webhookUrl).map((subscription) => subscription.topic),
      dropSubscriptions: () => void fake.shops.deleteWebhookSubscriptions(shop),
    },
  },
  rateLimit: {
    // Two points a second: the request arrives to an empty bucket and the wait is half a second.
    exhaust: () => fake.shops.setThrottle(shop, { currentlyAvailable: 0, restoreRate: 2 }),
    restore: () => fake.shops.setThrottle(shop, { capacity: 2000, restoreRate: 100, currentlyAvailable: 2000 }),
  },
  tokenRefresh: {
    async nearExpirySession(saved, onSave) {
      const credentials = await oauthCredentials();
      // Both this process and the fake read Date: 4 minutes before the hour-long token runs out.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.parse(credentials.accessTokenExpiresAt as string) - 4 * 60_000);
      return makeSession(credentials, saved, onSave);
    },
    requestCount: () => fake.shops.graphqlRequests(shop).length,
    revokeRefreshToken: (session) => fake.shops.revokeToken(session.credentials.refreshToken as string),
    reset: () => void vi.useRealTimers(),
  },
});
