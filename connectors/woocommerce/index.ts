import type { ShopConnector } from "../types";
import { verifyKeys } from "./auth";
import { createFulfillment, updateTracking } from "./fulfillments";
import { getOrder, listOrdersUpdatedSince } from "./orders";
import { listVariants, publishProduct } from "./products";
import { ensureWebhooks, readWebhookEnvelope, removeWebhooks, verifyWebhook } from "./webhooks";

export const wooCommerceConnector: ShopConnector<"woocommerce"> = {
  platform: "woocommerce",
  verifyCredentials: verifyKeys,
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

export { buildAuthorizeUrl, normalizeSiteUrl, parseKeysCallback, readReturn, type AuthorizeUrlInput } from "./auth";
export { shopSitePolicy } from "./client";
export { isWebhookPing, WOO_WEBHOOK_TOPICS, type WooWebhookTopic } from "./webhooks";
export { parseShipmentNote } from "./fulfillments";
