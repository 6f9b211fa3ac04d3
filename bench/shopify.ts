// The shopify-webhooks scenario: Shopify deliveries (real headers, base64 HMAC-SHA256 of the raw
// body with the app's secret, a new X-Shopify-Webhook-Id each) of orders placed in the Shopify
// fake, which the store's jobs then re-read. The fake's own emitter is switched off (its
// subscriptions deleted) so every delivery the server sees is one the load generator sent.
import { randomUUID } from "node:crypto";
import { signWebhook } from "@/connectors/shopify/fake";
import { buildPayload } from "@/connectors/shopify/fake/payloads";
import type { ShopifyStage } from "../tests/support/shopify-seed";
import { shopifyKeys } from "../tests/support/shopify-seed";

export type Delivery = { headers: Record<string, string>; body: string };
export type DeliverySource = { path: string; next(): Delivery };

const address = { firstName: "Ada", lastName: "Lovelace", address1: "12 St James's Square", city: "London", zip: "SW1Y 4JH", countryCode: "GB", country: "United Kingdom" };

function placeOrder(stage: ShopifyStage): number {
  return stage.fake.shops.placeOrder(stage.shop, { lineItems: [{ variantId: stage.variantId, quantity: 1 }], shippingAddress: address, financialStatus: "PAID", email: "ada@example.com" }).id;
}

function headersFor(stage: ShopifyStage, topic: string, body: string, signature = signWebhook(body, shopifyKeys.apiSecret)): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Shopify-Captain-Hook",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": signature,
    "x-shopify-shop-domain": stage.shop,
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}

/** Stops the fake delivering on its own: the bench sends every delivery itself. */
export function silenceEmitter(stage: ShopifyStage): void {
  stage.fake.shops.deleteWebhookSubscriptions(stage.shop);
}

/**
 * `orders/updated` deliveries cycling over `size` orders placed up front (bodies signed once), each
 * with its own webhook id: what a busy shop sends, and cheap enough to generate at full speed.
 */
export function pooledDeliveries(stage: ShopifyStage, size: number): DeliverySource {
  const shop = stage.fake.shops.getShop(stage.shop);
  const pool = Array.from({ length: size }, () => {
    const body = JSON.stringify(buildPayload(shop, { kind: "order", orderId: placeOrder(stage) }));
    return { body, signature: signWebhook(body, shopifyKeys.apiSecret) };
  });
  let next = 0;
  return {
    path: "/api/webhooks/shopify",
    next() {
      const entry = pool[next++ % pool.length]!;
      return { headers: headersFor(stage, "orders/updated", entry.body, entry.signature), body: entry.body };
    },
  };
}

/** An order placed in the shop the moment its `orders/create` delivery is sent; `sentAt` by Shopify order id. */
export function liveDeliveries(stage: ShopifyStage): DeliverySource & { sentAt: Map<string, number> } {
  const shop = stage.fake.shops.getShop(stage.shop);
  const sentAt = new Map<string, number>();
  return {
    path: "/api/webhooks/shopify",
    sentAt,
    next() {
      const orderId = placeOrder(stage);
      const body = JSON.stringify(buildPayload(shop, { kind: "order", orderId }));
      sentAt.set(String(orderId), Date.now());
      return { headers: headersFor(stage, "orders/create", body), body };
    },
  };
}
