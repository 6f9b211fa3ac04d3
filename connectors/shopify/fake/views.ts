import { GraphQLError } from "graphql";
import { parseGid, toGid } from "./ids";
import type { AddressRecord, FulfillmentOrderRecord, FulfillmentRecord, LineItemRecord, OrderRecord, ProductRecord, ShopRecord, VariantRecord, WebhookSubscriptionRecord } from "./state";
import { ADMIN_API_VERSION } from "./schema";

// Views are plain objects whose keys are the GraphQL fields the fake serves; a function value takes the
// field's arguments. A field missing from a view is refused with a clear error instead of a silent null.
export type View = { __typename: string } & Record<string, unknown>;

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

type PageArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null };

export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ last_id: id })).toString("base64");
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "number") return parsed.last_id;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

export function connection<T extends { id: number }>(records: T[], args: PageArgs, toView: (record: T) => View): View {
  let items = args.reverse ? [...records].reverse() : [...records];
  if (args.after) {
    const index = items.findIndex((item) => item.id === decodeCursor(args.after as string));
    items = index >= 0 ? items.slice(index + 1) : [];
  }
  if (args.before) {
    const index = items.findIndex((item) => item.id === decodeCursor(args.before as string));
    items = index >= 0 ? items.slice(0, index) : items;
  }
  const total = items.length;
  let page = items;
  if (typeof args.first === "number") page = items.slice(0, args.first);
  else if (typeof args.last === "number") page = items.slice(Math.max(0, items.length - args.last));
  const startIndex = items.indexOf(page[0] as T);
  const hasNextPage = startIndex + page.length < total;
  const hasPreviousPage = Boolean(args.after) || startIndex > 0;
  const views = page.map(toView);
  return {
    __typename: "Connection",
    nodes: views,
    edges: page.map((record, index) => ({ __typename: "Edge", cursor: encodeCursor(record.id), node: views[index] })),
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage,
      hasPreviousPage,
      startCursor: page[0] ? encodeCursor(page[0].id) : null,
      endCursor: page.length ? encodeCursor((page[page.length - 1] as T).id) : null,
    },
  };
}

function firstOf<T>(list: T[], args: { first?: number | null }): T[] {
  return typeof args.first === "number" ? list.slice(0, args.first) : list;
}

function money(amount: string, currencyCode: string): View {
  const value = { __typename: "MoneyV2", amount, currencyCode };
  return { __typename: "MoneyBag", shopMoney: value, presentmentMoney: value };
}

export function shopView(shop: ShopRecord): View {
  return {
    __typename: "Shop",
    id: toGid("Shop", shop.id),
    name: shop.name,
    myshopifyDomain: shop.domain,
    currencyCode: shop.currencyCode,
    email: shop.email,
    contactEmail: shop.email,
    ianaTimezone: "Etc/UTC",
    url: `https://${shop.domain}`,
  };
}

export function addressView(address: AddressRecord): View {
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  return {
    __typename: "MailingAddress",
    id: toGid("MailingAddress", address.id),
    firstName: address.firstName ?? null,
    lastName: address.lastName ?? null,
    name: name || null,
    company: address.company ?? null,
    address1: address.address1 ?? null,
    address2: address.address2 ?? null,
    city: address.city ?? null,
    province: address.province ?? null,
    provinceCode: address.provinceCode ?? null,
    zip: address.zip ?? null,
    country: address.country ?? null,
    countryCode: address.countryCode ?? null,
    countryCodeV2: address.countryCode ?? null,
    phone: address.phone ?? null,
  };
}

export function displayFulfillmentStatus(shop: ShopRecord, order: OrderRecord): string {
  const orders = order.fulfillmentOrderIds.map((id) => shop.fulfillmentOrders.get(id)).filter((item): item is FulfillmentOrderRecord => Boolean(item));
  if (orders.length === 0) return "FULFILLED";
  const remaining = orders.reduce((sum, fo) => sum + fo.lineItems.reduce((s, item) => s + item.remainingQuantity, 0), 0);
  const total = orders.reduce((sum, fo) => sum + fo.lineItems.reduce((s, item) => s + item.totalQuantity, 0), 0);
  if (remaining === 0) return "FULFILLED";
  return remaining < total ? "PARTIALLY_FULFILLED" : "UNFULFILLED";
}

export function orderView(shop: ShopRecord, order: OrderRecord): View {
  const total = order.lineItems.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0).toFixed(2);
  return {
    __typename: "Order",
    id: toGid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    email: order.email,
    phone: order.phone,
    test: order.test,
    note: order.note,
    tags: order.tags,
    closed: false,
    confirmed: true,
    currencyCode: order.currencyCode,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: displayFulfillmentStatus(shop, order),
    fullyPaid: order.financialStatus === "PAID",
    cancelledAt: iso(order.cancelledAt),
    cancelReason: order.cancelReason,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    processedAt: iso(order.processedAt),
    totalPriceSet: money(total, order.currencyCode),
    shippingAddress: order.shippingAddress ? addressView(order.shippingAddress) : null,
    shippingLine: order.shippingLine ? { __typename: "ShippingLine", id: toGid("ShippingLine", order.id), title: order.shippingLine.title, code: order.shippingLine.code, originalPriceSet: money(order.shippingLine.price, order.currencyCode) } : null,
    lineItems: (args: PageArgs) => connection(order.lineItems, args, (item) => lineItemView(shop, order, item)),
    fulfillmentOrders: (args: PageArgs) =>
      connection(
        order.fulfillmentOrderIds.map((id) => shop.fulfillmentOrders.get(id)).filter((item): item is FulfillmentOrderRecord => Boolean(item)),
        args,
        (fo) => fulfillmentOrderView(shop, fo),
      ),
    fulfillments: (args: { first?: number | null }) =>
      firstOf(order.fulfillmentIds.map((id) => shop.fulfillments.get(id)).filter((item): item is FulfillmentRecord => Boolean(item)), args).map((f) => fulfillmentView(shop, f)),
  };
}

function fulfilledQuantity(shop: ShopRecord, order: OrderRecord, item: LineItemRecord): number {
  let fulfilled = 0;
  for (const id of order.fulfillmentIds) for (const line of shop.fulfillments.get(id)?.lineItems ?? []) if (line.lineItemId === item.id) fulfilled += line.quantity;
  return fulfilled;
}

export function lineItemView(shop: ShopRecord, order: OrderRecord, item: LineItemRecord): View {
  const variant = item.variantId === null ? undefined : shop.variants.get(item.variantId);
  const product = item.productId === null ? undefined : shop.products.get(item.productId);
  const unfulfilled = item.quantity - fulfilledQuantity(shop, order, item);
  return {
    __typename: "LineItem",
    id: toGid("LineItem", item.id),
    name: item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title,
    title: item.title,
    variantTitle: item.variantTitle,
    vendor: item.vendor,
    sku: item.sku,
    quantity: item.quantity,
    currentQuantity: order.cancelledAt ? 0 : item.quantity,
    unfulfilledQuantity: unfulfilled,
    fulfillableQuantity: order.cancelledAt ? 0 : unfulfilled,
    requiresShipping: item.requiresShipping,
    customAttributes: [],
    originalUnitPriceSet: money(item.price, order.currencyCode),
    variant: variant ? () => variantView(shop, variant) : null,
    product: product ? () => productView(shop, product) : null,
  };
}

export function fulfillmentOrderView(shop: ShopRecord, fo: FulfillmentOrderRecord): View {
  const order = shop.orders.get(fo.orderId) as OrderRecord;
  return {
    __typename: "FulfillmentOrder",
    id: toGid("FulfillmentOrder", fo.id),
    status: fo.status,
    requestStatus: "UNSUBMITTED",
    orderId: toGid("Order", fo.orderId),
    orderName: order.name,
    orderProcessedAt: iso(order.processedAt),
    createdAt: iso(fo.createdAt),
    updatedAt: iso(fo.updatedAt),
    fulfillmentHolds: [],
    assignedLocation: { __typename: "FulfillmentOrderAssignedLocation", name: "Shop location", countryCode: "US", address1: null, address2: null, city: null, province: null, zip: null, phone: null },
    supportedActions: fo.status === "OPEN" || fo.status === "IN_PROGRESS" ? [{ __typename: "FulfillmentOrderSupportedAction", action: "CREATE_FULFILLMENT", externalUrl: null }] : [],
    order: () => orderView(shop, order),
    lineItems: (args: PageArgs) =>
      connection(fo.lineItems, args, (line) => {
        const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId) as LineItemRecord;
        const variant = item.variantId === null ? undefined : shop.variants.get(item.variantId);
        return {
          __typename: "FulfillmentOrderLineItem",
          id: toGid("FulfillmentOrderLineItem", line.id),
          totalQuantity: line.totalQuantity,
          remainingQuantity: line.remainingQuantity,
          sku: item.sku,
          productTitle: item.title,
          variantTitle: item.variantTitle,
          vendor: item.vendor,
          requiresShipping: item.requiresShipping,
          lineItem: () => lineItemView(shop, order, item),
          variant: variant ? () => variantView(shop, variant) : null,
        };
      }),
    fulfillments: (args: PageArgs) =>
      connection(
        [...shop.fulfillments.values()].filter((f) => f.lineItems.some((line) => line.fulfillmentOrderId === fo.id)),
        args,
        (f) => fulfillmentView(shop, f),
      ),
  };
}

export function fulfillmentView(shop: ShopRecord, fulfillment: FulfillmentRecord): View {
  const order = shop.orders.get(fulfillment.orderId) as OrderRecord;
  return {
    __typename: "Fulfillment",
    id: toGid("Fulfillment", fulfillment.id),
    legacyResourceId: String(fulfillment.id),
    name: fulfillment.name,
    status: fulfillment.status,
    displayStatus: fulfillment.status === "SUCCESS" ? "FULFILLED" : "CANCELED",
    requiresShipping: true,
    totalQuantity: fulfillment.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    createdAt: iso(fulfillment.createdAt),
    updatedAt: iso(fulfillment.updatedAt),
    deliveredAt: null,
    inTransitAt: null,
    estimatedDeliveryAt: null,
    trackingInfo: (args: { first?: number | null }) => firstOf(fulfillment.trackingInfo, args).map((info) => ({ __typename: "FulfillmentTrackingInfo", ...info })),
    order: () => orderView(shop, order),
    fulfillmentLineItems: (args: PageArgs) =>
      connection(
        fulfillment.lineItems.map((line, index) => ({ ...line, id: fulfillment.id * 1000 + index })),
        args,
        (line) => ({
          __typename: "FulfillmentLineItem",
          id: toGid("FulfillmentLineItem", line.id),
          quantity: line.quantity,
          lineItem: () => lineItemView(shop, order, order.lineItems.find((item) => item.id === line.lineItemId) as LineItemRecord),
        }),
      ),
  };
}

export function productView(shop: ShopRecord, product: ProductRecord): View {
  const variants = () => product.variantIds.map((id) => shop.variants.get(id)).filter((item): item is VariantRecord => Boolean(item));
  return {
    __typename: "Product",
    id: toGid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    status: product.status,
    vendor: product.vendor,
    productType: product.productType,
    descriptionHtml: product.descriptionHtml,
    tags: product.tags,
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
    variantsCount: { __typename: "Count", count: product.variantIds.length, precision: "EXACT" },
    options: (args: { first?: number | null }) =>
      firstOf(product.options, args).map((option, index) => ({
        __typename: "ProductOption",
        id: toGid("ProductOption", option.id),
        name: option.name,
        position: index + 1,
        values: option.values,
        optionValues: option.values.map((value, valueIndex) => ({ __typename: "ProductOptionValue", id: toGid("ProductOptionValue", option.id * 100 + valueIndex), name: value, hasVariants: true })),
      })),
    variants: (args: PageArgs) => connection(variants(), args, (variant) => variantView(shop, variant)),
  };
}

export function variantView(shop: ShopRecord, variant: VariantRecord): View {
  const product = shop.products.get(variant.productId) as ProductRecord;
  return {
    __typename: "ProductVariant",
    id: toGid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    sku: variant.sku,
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    price: variant.price,
    compareAtPrice: null,
    barcode: null,
    position: variant.position,
    createdAt: iso(variant.createdAt),
    updatedAt: iso(variant.updatedAt),
    selectedOptions: variant.selectedOptions.map((option) => ({ __typename: "SelectedOption", name: option.name, value: option.value, optionValue: { __typename: "ProductOptionValue", name: option.value, hasVariants: true } })),
    inventoryItem: { __typename: "InventoryItem", id: toGid("InventoryItem", variant.inventoryItemId), sku: variant.sku, tracked: false, requiresShipping: variant.requiresShipping },
    product: () => productView(shop, product),
  };
}

export function webhookSubscriptionView(subscription: WebhookSubscriptionRecord): View {
  const isHttp = /^https?:\/\//.test(subscription.uri);
  return {
    __typename: "WebhookSubscription",
    id: toGid("WebhookSubscription", subscription.id),
    legacyResourceId: String(subscription.id),
    topic: subscription.topic,
    uri: subscription.uri,
    callbackUrl: isHttp ? subscription.uri : "",
    endpoint: isHttp ? { __typename: "WebhookHttpEndpoint", callbackUrl: subscription.uri } : { __typename: "WebhookPubSubEndpoint" },
    format: subscription.format,
    filter: subscription.filter,
    includeFields: subscription.includeFields,
    metafieldNamespaces: [],
    metafields: [],
    name: subscription.name,
    createdAt: iso(subscription.createdAt),
    updatedAt: iso(subscription.updatedAt),
    apiVersion: { __typename: "ApiVersion", handle: ADMIN_API_VERSION, displayName: ADMIN_API_VERSION, supported: true },
  };
}

// Resolves any global id of this shop to its view (the `node` and `nodes` fields).
export function nodeView(shop: ShopRecord, id: string): View | null {
  const parsed = parseGid(id);
  if (!parsed) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  switch (parsed.type) {
    case "Order": {
      const order = shop.orders.get(parsed.id);
      return order ? orderView(shop, order) : null;
    }
    case "Product": {
      const product = shop.products.get(parsed.id);
      return product ? productView(shop, product) : null;
    }
    case "ProductVariant": {
      const variant = shop.variants.get(parsed.id);
      return variant ? variantView(shop, variant) : null;
    }
    case "FulfillmentOrder": {
      const fo = shop.fulfillmentOrders.get(parsed.id);
      return fo ? fulfillmentOrderView(shop, fo) : null;
    }
    case "Fulfillment": {
      const fulfillment = shop.fulfillments.get(parsed.id);
      return fulfillment ? fulfillmentView(shop, fulfillment) : null;
    }
    case "WebhookSubscription": {
      const subscription = shop.subscriptions.get(parsed.id);
      return subscription ? webhookSubscriptionView(subscription) : null;
    }
    case "Shop":
      return parsed.id === shop.id ? shopView(shop) : null;
    default:
      return null;
  }
}
