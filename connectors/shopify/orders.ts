import type { OrderPage, ShopOrder } from "../types";
import { defineOperation, shopifyGraphql, type ShopifySession } from "./client";
import { shopifyOrderDataSchema, shopifyOrderLinesDataSchema, shopifyOrdersDataSchema, type ShopifyLineItem, type ShopifyOrder } from "./schemas";
import { toGid, toShopOrder } from "./transform";

// Only the fields transform.ts reads. 25 line items per order keep a page of 10 orders at 802 points;
// longer orders read their remaining lines with ORDER_LINES.
const LINE_ITEM_FIELDS = `id quantity currentQuantity sku title variantTitle requiresShipping variant { id } product { id }`;

const ORDER_FIELDS = `
fragment InkbridgeOrderFields on Order {
  id legacyResourceId name email test displayFinancialStatus cancelledAt createdAt updatedAt currencyCode
  shippingAddress { firstName lastName company address1 address2 city province provinceCode zip country countryCodeV2 phone }
  shippingLine { title }
  lineItems(first: 25) { pageInfo { hasNextPage endCursor } nodes { ${LINE_ITEM_FIELDS} } }
}`;

export const ORDER = defineOperation({
  name: "InkbridgeOrder",
  query: `query InkbridgeOrder($id: ID!) { order(id: $id) { ...InkbridgeOrderFields } }\n${ORDER_FIELDS}`,
  cost: 80,
  data: shopifyOrderDataSchema,
});

export const ORDER_LINES = defineOperation({
  name: "InkbridgeOrderLines",
  query: `query InkbridgeOrderLines($id: ID!, $after: String) {
  order(id: $id) { lineItems(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_ITEM_FIELDS} } } }
}`,
  cost: 303,
  data: shopifyOrderLinesDataSchema,
});

export const ORDERS_UPDATED_SINCE = defineOperation({
  name: "InkbridgeOrdersUpdatedSince",
  query: `query InkbridgeOrdersUpdatedSince($query: String!, $after: String) {
  orders(first: 10, after: $after, query: $query, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { ...InkbridgeOrderFields } }
}\n${ORDER_FIELDS}`,
  cost: 802,
  data: shopifyOrdersDataSchema,
});

async function allLineItems(session: ShopifySession, order: ShopifyOrder): Promise<ShopifyLineItem[]> {
  const items = [...order.lineItems.nodes];
  let page = order.lineItems.pageInfo;
  while (page.hasNextPage && page.endCursor) {
    const data = await shopifyGraphql(session, ORDER_LINES, { id: order.id, after: page.endCursor });
    if (!data.order) break;
    items.push(...data.order.lineItems.nodes);
    page = data.order.lineItems.pageInfo;
  }
  return items;
}

/** The order as Shopify has it now; null when Shopify no longer has it. Takes the numeric id or the GID. */
export async function getOrder(session: ShopifySession, externalOrderId: string): Promise<ShopOrder | null> {
  const id = toGid("Order", externalOrderId);
  if (!id) return null;
  const data = await shopifyGraphql(session, ORDER, { id });
  if (!data.order) return null;
  return toShopOrder(data.order, await allLineItems(session, data.order));
}

/** Orders updated at or after `since`, oldest change first, ten per page. */
export async function listOrdersUpdatedSince(session: ShopifySession, since: Date, cursor: string | null): Promise<OrderPage> {
  // Shopify compares whole seconds: round down so "at or after" never drops an order.
  const from = new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const data = await shopifyGraphql(session, ORDERS_UPDATED_SINCE, { query: `updated_at:>='${from}'`, after: cursor });
  const orders: ShopOrder[] = [];
  for (const order of data.orders.nodes) orders.push(toShopOrder(order, await allLineItems(session, order)));
  const { hasNextPage, endCursor } = data.orders.pageInfo;
  return { orders, nextCursor: hasNextPage ? endCursor : null };
}
