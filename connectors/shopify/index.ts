import type { ShopConnector } from "../types";
import { defineOperation, shopifyGraphql, type ShopifySession } from "./client";
import { createFulfillment, updateTracking } from "./fulfillments";
import { getOrder, listOrdersUpdatedSince } from "./orders";
import { listVariants, publishProduct } from "./products";
import { shopifyShopDataSchema } from "./schemas";
import { ensureWebhooks, readWebhookEnvelope, removeWebhooks, verifyWebhook } from "./webhooks";

export const SHOP = defineOperation({
  name: "InkbridgeShop",
  query: `query InkbridgeShop { shop { name myshopifyDomain } }`,
  cost: 1,
  data: shopifyShopDataSchema,
});

async function verifyCredentials(session: ShopifySession): Promise<{ name: string; identity: string }> {
  const { shop } = await shopifyGraphql(session, SHOP);
  return { name: shop.name, identity: shop.myshopifyDomain };
}

export const shopifyConnector: ShopConnector<"shopify"> = {
  platform: "shopify",
  verifyCredentials,
  readWebhookEnvelope,
  verifyWebhook,
  ensureWebhooks,
  removeWebhooks,
  getOrder,
  listOrdersUpdatedSince,
  createFulfillment,
  updateTracking,
  listVariants,
  publishProduct,
};

export { buildAuthorizeUrl, exchangeCode, isSameState, normalizeShopDomain, validateCallback } from "./auth";
export { SHOPIFY_API_VERSION } from "./client";
export { SHOPIFY_WEBHOOK_TOPICS } from "./webhooks";
