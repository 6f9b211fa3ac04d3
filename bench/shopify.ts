// The shopify-webhooks scenario: Shopify deliveries (real headers, base64 HMAC-SHA256 of the raw
// body with the app's secret, a new X-Shopify-Webhook-Id each) of orders placed in the Shopify
// fake, which the store's jobs then re-read. The fake's own emitter is switched off (its
// subscriptions deleted) so every delivery the server sees is one the load generator sent.
import { signWebhook } from "@/connectors/shopify/fake";
import { buildPayload } from "@/connectors/shopify/fake/payloads";
import type { ShopifyStage } from "../tests/support/shopify-seed";
import { shopifyKeys } from "../tests/support/shopify-seed";
import type { DeliverySource } from "./load";
import { shopifyHeaders, type SignedBody } from "./shopify-deliveries";

const address = { firstName: "Ada", lastName: "Lovelace", address1: "12 St James's Square", city: "London", zip: "SW1Y 4JH", countryCode: "GB", country: "United Kingdom" };

function placeOrder(stage: ShopifyStage): number {
  return stage.fake.shops.placeOrder(stage.shop, { lineItems: [{ variantId: stage.variantId, quantity: 1 }], shippingAddress: address, financialStatus: "PAID", email: "ada@example.com" }).id;
}

/** Stops the fake delivering on its own: the bench sends every delivery itself. */
export function silenceEmitter(stage: ShopifyStage): void {
  stage.fake.shops.deleteWebhookSubscriptions(stage.shop);
}

/**
 * Signed `orders/updated` bodies of `size` orders placed up front: what a busy shop sends, and
 * cheap enough to deliver at full speed (bench/shopify-deliveries.ts gives each its own webhook id).
 */
export function signedOrderBodies(stage: ShopifyStage, size: number): SignedBody[] {
  const shop = stage.fake.shops.getShop(stage.shop);
  return Array.from({ length: size }, () => {
    const body = JSON.stringify(buildPayload(shop, { kind: "order", orderId: placeOrder(stage) }));
    return { body, signature: signWebhook(body, shopifyKeys.apiSecret) };
  });
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
      return { headers: shopifyHeaders(stage.shop, "orders/create", signWebhook(body, shopifyKeys.apiSecret)), body };
    },
  };
}
