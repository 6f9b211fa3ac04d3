import { ShopError, type ShopConnector } from "../types";
import { etsyRequest, type EtsySession } from "./client";
import { createFulfillment, updateTracking } from "./fulfillments";
import { getOrder, listOrdersUpdatedSince } from "./orders";
import { listVariants, publishProduct } from "./products";
import { etsyMeSchema, etsyShopSchema, SHOP_ID } from "./schemas";
import { ensureWebhooks, readWebhookEnvelope, removeWebhooks, verifyWebhook } from "./webhooks";

async function verifyCredentials(session: EtsySession): Promise<{ name: string; identity: string }> {
  if (!SHOP_ID.test(session.identity)) throw new ShopError("rejected", `Not an Etsy shop id: ${session.identity}`, { field: "shopId" });
  // getShop answers any token; users/me proves the token is the shop owner's.
  const me = await etsyRequest(session, { operation: "getMe", method: "GET", path: "/users/me" }, etsyMeSchema);
  if (String(me.shop_id ?? "") !== session.identity) throw new ShopError("rejected", `The Etsy token belongs to ${me.shop_id ? `shop ${me.shop_id}` : "an account without a shop"}, not shop ${session.identity}`, { field: "shopId" });
  const shop = await etsyRequest(session, { operation: "getShop", method: "GET", path: `/shops/${session.identity}` }, etsyShopSchema);
  return { name: shop.shop_name, identity: String(shop.shop_id) };
}

export const etsyConnector: ShopConnector<"etsy"> = {
  platform: "etsy",
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

export { buildConnectUrl, codeChallenge, createPkcePair, exchangeCode, isSameState, readCallback, readShopId, ETSY_SCOPES } from "./auth";
export { getEtsyRateLimiter, InMemoryEtsyRateLimiter, setEtsyRateLimiter, type EtsyDailyBudget, type EtsyRateLimiter, type EtsyRateObservation } from "./client";
export { TRACKING_FORBIDDEN_MESSAGE } from "./fulfillments";
export { WITHHELD_ADDRESS_REASON } from "./transform";
