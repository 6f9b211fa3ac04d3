import { ShopError, type OrderPage, type ShopOrder } from "../types";
import { nextPage, parseAnswer, wooRequest, type WooSession } from "./client";
import { wooOrderListSchema, wooOrderSchema, wooProductListSchema, wooVariationListSchema, type WooOrder } from "./schemas";
import { lineFactsKey, toShopOrder, type WooProductFacts } from "./transform";

/** Orders per page: WooCommerce builds each order in PHP, and slow shared hosts time out on 100. */
export const ORDERS_PER_PAGE = 20;

/**
 * Whether the ordered products are virtual or downloadable (not on the order itself): one products call
 * and one variations call per variable product, for every order of a page together.
 */
export async function readLineFacts(session: WooSession, orders: WooOrder[]): Promise<Map<string, WooProductFacts>> {
  const facts = new Map<string, WooProductFacts>();
  const items = orders.flatMap((order) => order.line_items).filter((item) => item.product_id > 0);
  const productIds = [...new Set(items.map((item) => item.product_id))];
  for (let start = 0; start < productIds.length; start += 100) {
    const chunk = productIds.slice(start, start + 100);
    const response = await wooRequest(session, { operation: "readLineProducts", method: "GET", path: "products", params: { include: chunk.join(","), per_page: 100 } });
    for (const product of parseAnswer(wooProductListSchema, response.body, "readLineProducts")) facts.set(`product:${product.id}`, { virtual: product.virtual, downloadable: product.downloadable });
  }
  const variationsByProduct = new Map<number, Set<number>>();
  for (const item of items) if (item.variation_id > 0) variationsByProduct.set(item.product_id, (variationsByProduct.get(item.product_id) ?? new Set()).add(item.variation_id));
  for (const [productId, variationIds] of variationsByProduct) {
    if (!facts.has(`product:${productId}`)) continue;
    const ids = [...variationIds];
    for (let start = 0; start < ids.length; start += 100) {
      const response = await wooRequest(session, { operation: "readLineVariations", method: "GET", path: `products/${productId}/variations`, params: { include: ids.slice(start, start + 100).join(","), per_page: 100 }, accept: [404] });
      if (response.status === 404) continue;
      for (const variation of parseAnswer(wooVariationListSchema, response.body, "readLineVariations")) facts.set(lineFactsKey({ product_id: productId, variation_id: variation.id }), { virtual: variation.virtual, downloadable: variation.downloadable });
    }
  }
  return facts;
}

/** The order as WooCommerce has it now; null when it has no such order. */
export async function getOrder(session: WooSession, externalOrderId: string): Promise<ShopOrder | null> {
  if (!/^\d+$/.test(externalOrderId)) return null;
  const response = await wooRequest(session, { operation: "getOrder", method: "GET", path: `orders/${externalOrderId}`, accept: [404] });
  if (response.status === 404) return null;
  const order = parseAnswer(wooOrderSchema, response.body, "getOrder");
  return toShopOrder(order, await readLineFacts(session, [order]));
}

/**
 * Orders modified at or after `since`, oldest change first, twenty per page; the cursor is the next page
 * number. WordPress compares whole seconds and `modified_after` is exclusive: ask from one second before.
 */
export async function listOrdersUpdatedSince(session: WooSession, since: Date, cursor: string | null): Promise<OrderPage> {
  const page = cursor === null ? 1 : Number(cursor);
  if (!Number.isInteger(page) || page < 1) throw new ShopError("rejected", `Not a WooCommerce page cursor: ${cursor}`);
  const after = new Date(Math.floor(since.getTime() / 1000) * 1000 - 1000).toISOString().slice(0, 19);
  const response = await wooRequest(session, {
    operation: "listOrdersUpdatedSince",
    method: "GET",
    path: "orders",
    params: { modified_after: after, dates_are_gmt: "true", orderby: "modified", order: "asc", per_page: ORDERS_PER_PAGE, page },
  });
  const orders = parseAnswer(wooOrderListSchema, response.body, "listOrdersUpdatedSince");
  const facts = await readLineFacts(session, orders);
  const next = orders.length === 0 ? null : nextPage(response, page);
  return { orders: orders.map((order) => toShopOrder(order, facts)), nextCursor: next === null ? null : String(next) };
}
