// Shopify delivery headers, kept apart from the fake so the load generator's own process
// (load-child.ts) builds deliveries without loading the fake.
import { randomUUID } from "node:crypto";
import type { DeliverySource } from "./load";

/** A signed body to deliver again and again, each time with a new webhook id. */
export type SignedBody = { body: string; signature: string };

export function shopifyHeaders(shop: string, topic: string, signature: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Shopify-Captain-Hook",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": signature,
    "x-shopify-shop-domain": shop,
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}

/** `orders/updated` deliveries cycling over signed bodies. */
export function cycleDeliveries(shop: string, pool: readonly SignedBody[]): DeliverySource {
  let next = 0;
  return {
    path: "/api/webhooks/shopify",
    next() {
      const entry = pool[next++ % pool.length]!;
      return { headers: shopifyHeaders(shop, "orders/updated", entry.signature), body: entry.body };
    },
  };
}
