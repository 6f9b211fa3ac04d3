import { toGid } from "./ids";
import type { AddressRecord, OrderRecord, ProductRecord, ShopRecord } from "./state";
import { displayFulfillmentStatus, iso } from "./views";

// Webhook bodies in Shopify's REST resource shape (snake_case, numeric ids plus admin_graphql_api_id).
export type PayloadRef = { kind: "order"; orderId: number } | { kind: "product"; productId: number } | { kind: "fulfillment"; fulfillmentId: number } | { kind: "shop" };

export function buildPayload(shop: ShopRecord, ref: PayloadRef): Record<string, unknown> {
  switch (ref.kind) {
    case "order":
      return orderPayload(shop, shop.orders.get(ref.orderId) as OrderRecord);
    case "product":
      return productPayload(shop, shop.products.get(ref.productId) as ProductRecord);
    case "fulfillment": {
      const fulfillment = shop.fulfillments.get(ref.fulfillmentId);
      if (!fulfillment) return {};
      return {
        id: fulfillment.id,
        admin_graphql_api_id: toGid("Fulfillment", fulfillment.id),
        order_id: fulfillment.orderId,
        name: fulfillment.name,
        status: fulfillment.status.toLowerCase(),
        tracking_company: fulfillment.trackingInfo[0]?.company ?? null,
        tracking_number: fulfillment.trackingInfo[0]?.number ?? null,
        tracking_numbers: fulfillment.trackingInfo.map((info) => info.number).filter(Boolean),
        tracking_url: fulfillment.trackingInfo[0]?.url ?? null,
        tracking_urls: fulfillment.trackingInfo.map((info) => info.url).filter(Boolean),
        created_at: iso(fulfillment.createdAt),
        updated_at: iso(fulfillment.updatedAt),
        line_items: fulfillment.lineItems.map((line) => ({ id: line.lineItemId, quantity: line.quantity })),
      };
    }
    case "shop":
      return shopPayload(shop);
  }
}

export function shopPayload(shop: ShopRecord): Record<string, unknown> {
  return { id: shop.id, name: shop.name, email: shop.email, domain: shop.domain, myshopify_domain: shop.domain, currency: shop.currencyCode, plan_name: "basic" };
}

function addressPayload(address: AddressRecord | null): Record<string, unknown> | null {
  if (!address) return null;
  return {
    first_name: address.firstName ?? null,
    last_name: address.lastName ?? null,
    name: [address.firstName, address.lastName].filter(Boolean).join(" ") || null,
    company: address.company ?? null,
    address1: address.address1 ?? null,
    address2: address.address2 ?? null,
    city: address.city ?? null,
    province: address.province ?? null,
    province_code: address.provinceCode ?? null,
    zip: address.zip ?? null,
    country: address.country ?? null,
    country_code: address.countryCode ?? null,
    phone: address.phone ?? null,
  };
}

export function orderPayload(shop: ShopRecord, order: OrderRecord): Record<string, unknown> {
  const fulfillment = displayFulfillmentStatus(shop, order);
  return {
    id: order.id,
    admin_graphql_api_id: toGid("Order", order.id),
    name: order.name,
    order_number: order.number,
    email: order.email,
    phone: order.phone,
    created_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    processed_at: iso(order.processedAt),
    currency: order.currencyCode,
    presentment_currency: order.currencyCode,
    test: order.test,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: fulfillment === "FULFILLED" ? "fulfilled" : fulfillment === "PARTIALLY_FULFILLED" ? "partial" : null,
    cancelled_at: iso(order.cancelledAt),
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    note: order.note,
    tags: order.tags.join(", "),
    line_items: order.lineItems.map((item) => ({
      id: item.id,
      admin_graphql_api_id: toGid("LineItem", item.id),
      product_id: item.productId,
      variant_id: item.variantId,
      sku: item.sku,
      title: item.title,
      variant_title: item.variantTitle,
      name: item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title,
      quantity: item.quantity,
      fulfillable_quantity: order.cancelledAt ? 0 : item.quantity,
      fulfillment_service: "manual",
      requires_shipping: item.requiresShipping,
      price: item.price,
      vendor: item.vendor,
      properties: [],
    })),
    shipping_address: addressPayload(order.shippingAddress),
    shipping_lines: order.shippingLine ? [{ code: order.shippingLine.code, title: order.shippingLine.title, price: order.shippingLine.price }] : [],
  };
}

export function productPayload(shop: ShopRecord, product: ProductRecord): Record<string, unknown> {
  return {
    id: product.id,
    admin_graphql_api_id: toGid("Product", product.id),
    title: product.title,
    handle: product.handle,
    status: product.status.toLowerCase(),
    vendor: product.vendor,
    product_type: product.productType,
    created_at: iso(product.createdAt),
    updated_at: iso(product.updatedAt),
    options: product.options.map((option, index) => ({ id: option.id, product_id: product.id, name: option.name, position: index + 1, values: option.values })),
    variants: product.variantIds.map((id) => {
      const variant = shop.variants.get(id);
      return variant
        ? {
            id: variant.id,
            admin_graphql_api_id: toGid("ProductVariant", variant.id),
            product_id: product.id,
            sku: variant.sku,
            title: variant.title,
            price: variant.price,
            position: variant.position,
            option1: variant.selectedOptions[0]?.value ?? null,
            option2: variant.selectedOptions[1]?.value ?? null,
            option3: variant.selectedOptions[2]?.value ?? null,
            updated_at: iso(variant.updatedAt),
          }
        : null;
    }),
  };
}
