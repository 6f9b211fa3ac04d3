import { wcDate, type FakeWooSite, type NoteRecord, type OrderRecord, type ProductRecord, type TrackingRecord, type VariationRecord, type WebhookRecord } from "./state";

// wc/v3 JSON as WooCommerce renders it (the fields Inkbridge and a careful client read, plus the usual neighbours).

function money(value: number): string {
  return value.toFixed(2);
}

export function orderJson(site: FakeWooSite, order: OrderRecord, restBase: string): Record<string, unknown> {
  const lineItems = order.lineItems.map((item) => {
    const product = site.products.get(item.productId);
    const variation = item.variationId ? site.variations.get(item.variationId) : undefined;
    const options = variation?.attributes ?? [];
    const total = money(Number(item.price) * item.quantity);
    return {
      id: item.id,
      name: options.length ? `${product?.name ?? "Deleted product"} - ${options.map((option) => option.option).join(", ")}` : (product?.name ?? "Deleted product"),
      product_id: product ? item.productId : 0,
      variation_id: variation ? item.variationId : 0,
      quantity: item.quantity,
      tax_class: "",
      subtotal: total,
      subtotal_tax: "0.00",
      total,
      total_tax: "0.00",
      taxes: [],
      meta_data: options.map((option, index) => ({ id: item.id * 100 + index, key: option.name.toLowerCase(), value: option.option, display_key: option.name, display_value: option.option })),
      sku: variation?.sku || product?.sku || "",
      price: Number(item.price),
      image: { id: "", src: "" },
      parent_name: variation ? (product?.name ?? null) : null,
    };
  });
  const itemsTotal = order.lineItems.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0);
  const shippingTotal = order.shippingLines.reduce((sum, line) => sum + Number(line.total), 0);
  return {
    id: order.id,
    parent_id: 0,
    status: order.status,
    currency: order.currency,
    version: "10.3.0",
    prices_include_tax: false,
    date_created: wcDate(order.createdAt),
    date_modified: wcDate(order.modifiedAt),
    discount_total: "0.00",
    discount_tax: "0.00",
    shipping_total: money(shippingTotal),
    shipping_tax: "0.00",
    cart_tax: "0.00",
    total: money(itemsTotal + shippingTotal),
    total_tax: "0.00",
    customer_id: 0,
    order_key: order.orderKey,
    billing: order.billing,
    shipping: order.shipping,
    payment_method: order.paymentMethod,
    payment_method_title: "Direct bank transfer",
    transaction_id: "",
    customer_ip_address: "203.0.113.7",
    customer_user_agent: "Mozilla/5.0",
    created_via: "checkout",
    customer_note: order.customerNote,
    date_completed: wcDate(order.completedAt),
    date_paid: wcDate(order.paidAt),
    cart_hash: "",
    number: String(order.id),
    meta_data: order.meta.map((meta) => ({ ...meta })),
    line_items: lineItems,
    tax_lines: [],
    shipping_lines: order.shippingLines.map((line) => ({ id: line.id, method_title: line.methodTitle, method_id: line.methodId, instance_id: "1", total: line.total, total_tax: "0.00", taxes: [], meta_data: [] })),
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    payment_url: "",
    is_editable: order.status === "pending" || order.status === "on-hold",
    needs_payment: order.status === "pending" || order.status === "failed",
    needs_processing: true,
    date_created_gmt: wcDate(order.createdAt),
    date_modified_gmt: wcDate(order.modifiedAt),
    date_completed_gmt: wcDate(order.completedAt),
    date_paid_gmt: wcDate(order.paidAt),
    currency_symbol: order.currency === "EUR" ? "€" : "$",
    _links: { self: [{ href: `${restBase}/wc/v3/orders/${order.id}` }], collection: [{ href: `${restBase}/wc/v3/orders` }] },
  };
}

export function productJson(site: FakeWooSite, product: ProductRecord, siteUrl: string, restBase: string): Record<string, unknown> {
  const variationPrices = product.variationIds.map((id) => site.variations.get(id)?.regularPrice ?? "").filter(Boolean);
  const price = product.type === "variable" ? (variationPrices.sort((a, b) => Number(a) - Number(b))[0] ?? "") : product.regularPrice;
  return {
    id: product.id,
    name: product.name,
    slug: product.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
    permalink: `${siteUrl}/?p=${product.id}`,
    date_created: wcDate(product.createdAt),
    date_created_gmt: wcDate(product.createdAt),
    date_modified: wcDate(product.modifiedAt),
    date_modified_gmt: wcDate(product.modifiedAt),
    type: product.type,
    status: product.status,
    featured: false,
    catalog_visibility: "visible",
    description: product.description,
    short_description: "",
    sku: product.sku,
    price,
    regular_price: product.type === "variable" ? "" : product.regularPrice,
    sale_price: "",
    on_sale: false,
    purchasable: price !== "",
    virtual: product.virtual,
    downloadable: product.downloadable,
    manage_stock: false,
    stock_quantity: null,
    stock_status: "instock",
    categories: [],
    tags: [],
    images: product.images.map((image) => ({ id: image.id, src: image.src, name: "", alt: "" })),
    attributes: product.attributes.map((attribute) => ({ id: 0, ...attribute })),
    default_attributes: [],
    variations: [...product.variationIds],
    meta_data: [],
    _links: { self: [{ href: `${restBase}/wc/v3/products/${product.id}` }], collection: [{ href: `${restBase}/wc/v3/products` }] },
  };
}

export function variationJson(variation: VariationRecord, siteUrl: string, restBase: string): Record<string, unknown> {
  return {
    id: variation.id,
    date_created: wcDate(variation.createdAt),
    date_created_gmt: wcDate(variation.createdAt),
    date_modified: wcDate(variation.modifiedAt),
    date_modified_gmt: wcDate(variation.modifiedAt),
    description: "",
    permalink: `${siteUrl}/?p=${variation.productId}&variation=${variation.id}`,
    sku: variation.sku,
    price: variation.regularPrice,
    regular_price: variation.regularPrice,
    sale_price: "",
    on_sale: false,
    status: variation.status,
    purchasable: variation.regularPrice !== "",
    virtual: variation.virtual,
    downloadable: variation.downloadable,
    manage_stock: false,
    stock_quantity: null,
    stock_status: "instock",
    image: null,
    attributes: variation.attributes.map((attribute) => ({ id: 0, ...attribute })),
    menu_order: 0,
    meta_data: [],
    _links: { self: [{ href: `${restBase}/wc/v3/products/${variation.productId}/variations/${variation.id}` }], up: [{ href: `${restBase}/wc/v3/products/${variation.productId}` }] },
  };
}

export function noteJson(note: NoteRecord): Record<string, unknown> {
  return { id: note.id, author: note.author, date_created: wcDate(note.createdAt), date_created_gmt: wcDate(note.createdAt), note: note.note, customer_note: note.customerNote };
}

export function webhookJson(webhook: WebhookRecord, restBase: string): Record<string, unknown> {
  const [resource = "", event = ""] = webhook.topic.split(".");
  const hooks: Record<string, string[]> = {
    "order.created": ["woocommerce_new_order"],
    "order.updated": ["woocommerce_update_order", "woocommerce_order_refunded"],
    "order.deleted": ["wp_trash_post"],
    "product.created": ["woocommerce_process_product_meta", "woocommerce_new_product", "woocommerce_new_product_variation"],
    "product.updated": ["woocommerce_process_product_meta", "woocommerce_update_product", "woocommerce_update_product_variation"],
    "product.deleted": ["wp_trash_post"],
  };
  return {
    id: webhook.id,
    name: webhook.name,
    status: webhook.status,
    topic: webhook.topic,
    resource,
    event,
    hooks: hooks[webhook.topic] ?? [],
    delivery_url: webhook.deliveryUrl,
    date_created: wcDate(webhook.createdAt),
    date_created_gmt: wcDate(webhook.createdAt),
    date_modified: wcDate(webhook.modifiedAt),
    date_modified_gmt: wcDate(webhook.modifiedAt),
    _links: { self: [{ href: `${restBase}/wc/v3/webhooks/${webhook.id}` }], collection: [{ href: `${restBase}/wc/v3/webhooks` }] },
  };
}

const PROVIDER_LINKS: Record<string, string> = {
  UPS: "https://www.ups.com/track?tracknum=%1$s",
  USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels=%1$s",
  DHL: "https://www.dhl.com/en/express/tracking.html?AWB=%1$s",
  FedEx: "https://www.fedex.com/fedextrack/?tracknumbers=%1$s",
};

export function trackingJson(tracking: TrackingRecord): Record<string, unknown> {
  const provider = tracking.customProvider || tracking.provider;
  const link = tracking.customLink || (PROVIDER_LINKS[tracking.provider] ?? "").replace("%1$s", encodeURIComponent(tracking.trackingNumber));
  return {
    tracking_id: tracking.trackingId,
    tracking_provider: provider,
    tracking_link: link,
    tracking_number: tracking.trackingNumber,
    date_shipped: tracking.dateShipped,
    _links: {},
  };
}

export const TRACKING_PROVIDERS = Object.keys(PROVIDER_LINKS);
