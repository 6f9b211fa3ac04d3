import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";
import { getEnv, setEnv, type Env } from "@/lib/env";
import { runConnectorContract, type CapturedDelivery, type ContractOrderKind } from "../contract";
import { getConnector } from "../registry";
import type { EtsyCredentials } from "../types";
import { buildConnectUrl, createPkcePair, exchangeCode } from "./auth";
import { startEtsyFake, type EtsyFake } from "./fake";
import { makeSession, TEST_KEYSTRING, TEST_SHARED_SECRET, TEST_WEBHOOK_SECRET, testEnv } from "./testing";

let fake: EtsyFake;
let receiver: Server;
let shopId = 0;
let userId = 0;
let listingId = 0;
let previousEnv: Env | undefined;
const deliveries: CapturedDelivery[] = [];
const redirectUri = "http://127.0.0.1:9/api/stores/etsy/callback";

function placeOrder(kind: ContractOrderKind): string {
  const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId, quantity: 2 }], paid: kind !== "pending" });
  if (kind === "cancelled") fake.world.cancelReceipt(receipt.receipt_id);
  return String(receipt.receipt_id);
}

function credentialsOf(tokens: { accessToken: string; refreshToken: string; expiresAt: number }): EtsyCredentials {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(tokens.expiresAt).toISOString() };
}

// The browser leg of the PKCE flow against the fake (auto-approved), then the connector's own code exchange.
async function oauthCredentials(): Promise<EtsyCredentials> {
  const pkce = createPkcePair();
  const response = await fetch(buildConnectUrl({ state: "contract-state", redirectUri, codeChallenge: pkce.challenge }), { redirect: "manual" });
  const callback = new URL(response.headers.get("location") as string);
  return exchangeCode({ code: callback.searchParams.get("code") as string, codeVerifier: pkce.verifier, redirectUri });
}

runConnectorContract("etsy", {
  connector: getConnector("etsy"),
  async start() {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
        const rawBody = Buffer.concat(chunks);
        const body = JSON.parse(rawBody.toString("utf8")) as { event_type: string; resource_url: string };
        deliveries.push({ headers, rawBody, topic: body.event_type, externalOrderId: /\/receipts\/(\d+)$/.exec(body.resource_url)?.[1] ?? null });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/etsy`;
    fake = await startEtsyFake({ keystring: TEST_KEYSTRING, sharedSecret: TEST_SHARED_SECRET, autoApprove: true, allowHttpRedirects: true, webhooks: { url: webhookUrl, secret: TEST_WEBHOOK_SECRET } });
    const created = fake.world.createUserWithShop({ shopName: "ContractPrints" });
    shopId = created.shop.shop_id;
    userId = created.user.user_id;
    listingId = fake.world.createListing(shopId, { title: "Classic Tee", products: [{ sku: "TEE-M", price: "25.00", properties: { Size: "M" } }] }).listingId;
    previousEnv = globalThis.__inkbridgeEnv ? getEnv() : undefined;
    setEnv(testEnv(fake.origin));
  },
  async stop() {
    await fake.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    if (previousEnv) setEnv(previousEnv);
  },
  session: (saved) => makeSession(shopId, credentialsOf(fake.world.createTokens(shopId, TEST_KEYSTRING)), saved),
  refusedSession: () => makeSession(shopId, { accessToken: `${userId}.not-a-token`, refreshToken: `${userId}.not-a-token`, expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
  revoke: (session) => {
    fake.world.revokeToken(session.credentials.accessToken);
    fake.world.revokeToken(session.credentials.refreshToken);
  },
  placeOrder: async (kind) => placeOrder(kind),
  orderKinds: ["paid", "pending", "cancelled"],
  fulfillments: async (externalOrderId) =>
    (fake.world.findReceipt(Number(externalOrderId))?.shipments ?? []).map((shipment) => ({ id: `${externalOrderId}/${shipment.receipt_shipping_id}`, trackingNumbers: [shipment.tracking_code] })),
  trackingUpdate: "new_shipment",
  webhooks: {
    secret: TEST_WEBHOOK_SECRET,
    requiredHeaders: ["webhook-id", "webhook-timestamp", "webhook-signature"],
    signatureHeader: "webhook-signature",
    async captureOrderDelivery() {
      const externalOrderId = placeOrder("paid");
      await fake.webhooks.idle();
      const delivery = deliveries.find((candidate) => candidate.topic === "order.paid" && candidate.externalOrderId === externalOrderId);
      if (!delivery) throw new Error("the fake sent no order.paid delivery");
      return delivery;
    },
  },
  rateLimit: {
    exhaust: () => fake.rate.block(1000),
    restore: () => fake.rate.unblock(),
  },
  tokenRefresh: {
    async nearExpirySession(saved, onSave) {
      const credentials = await oauthCredentials();
      // Both this process and the fake read Date: 4 minutes before the hour-long token runs out.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.parse(credentials.expiresAt) - 4 * 60_000);
      return makeSession(shopId, credentials, saved, onSave);
    },
    requestCount: () => fake.requestCount(userId),
    revokeRefreshToken: (session) => fake.world.revokeToken(session.credentials.refreshToken),
    reset: () => void vi.useRealTimers(),
  },
});
