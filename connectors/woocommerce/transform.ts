import type { ShopAddress, ShopOrder, ShopOrderLine, ShopOrderStatus, ShopVariant } from "../types";
import type { WooAddress, WooLineItem, WooOrder, WooProduct, WooVariation } from "./schemas";

// Pure wire → canonical. Nothing here talks to WooCommerce or reads configuration.

/** What a product line needs to know about its product: shipping is not needed for virtual or downloadable goods. */
export type WooProductFacts = { virtual: boolean; downloadable: boolean };

const STATUS: Record<string, { status: ShopOrderStatus; statusReason?: string }> = {
  processing: { status: "payable" },
  pending: { status: "awaiting_payment", statusReason: "not paid yet (pending payment)" },
  "on-hold": { status: "awaiting_payment", statusReason: "on hold, awaiting payment confirmation" },
  cancelled: { status: "cancelled", statusReason: "cancelled in the shop" },
  refunded: { status: "cancelled", statusReason: "refunded in the shop" },
  completed: { status: "other", statusReason: "already completed in the shop" },
  failed: { status: "other", statusReason: "the payment failed" },
  trash: { status: "other", statusReason: "moved to the trash" },
  "checkout-draft": { status: "other", statusReason: "an unfinished checkout" },
};

/** shops.md: `processing` is taken; `pending`/`on-hold` wait; `cancelled`/`refunded` cancel; the rest is not ours to take. */
export function orderStatus(status: string): { status: ShopOrderStatus; statusReason?: string } {
  return STATUS[status] ?? { status: "other", statusReason: `status “${status}” in the shop` };
}

/** WooCommerce's `*_gmt` dates carry no zone: they are UTC. */
export function gmtToIso(value: string): string {
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const parsed = Date.parse(withZone);
  return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
}

function text(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function toShopAddress(address: WooAddress, fallback?: { email?: string; phone?: string }): ShopAddress {
  const result: ShopAddress = {
    firstName: text(address.first_name) ?? "",
    lastName: text(address.last_name) ?? "",
    addressLine1: text(address.address_1) ?? "",
    city: text(address.city) ?? "",
    postCode: text(address.postcode) ?? "",
    country: (text(address.country) ?? "").toUpperCase(),
  };
  const optional = {
    companyName: text(address.company),
    addressLine2: text(address.address_2),
    state: text(address.state),
    email: text(address.email) ?? text(fallback?.email),
    phone: text(address.phone) ?? text(fallback?.phone),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (result as Record<string, string>)[key] = value;
  return result;
}

function hasAddress(address: WooAddress | null | undefined): address is WooAddress {
  return Boolean(address && (text(address.address_1) || text(address.city)) && text(address.country));
}

/** The variation's chosen options as the line shows them (`Size: M, Color: Black`). */
function variantTitle(item: WooLineItem): string | null {
  if (!item.variation_id) return null;
  const options = item.meta_data
    .filter((meta) => !meta.key.startsWith("_") && (typeof meta.value === "string" || typeof meta.value === "number"))
    .map((meta) => `${meta.display_key ?? meta.key}: ${String(meta.display_value ?? meta.value)}`);
  return options.length ? options.join(", ") : null;
}

/**
 * A line item → ShopOrderLine. Simple products have no variation (`variation_id` 0 → null). Whether the
 * line needs shipping is the product's (or variation's) `virtual`/`downloadable`, which the order does
 * not carry: unknown products count as needing shipping, so nothing is dropped by accident.
 */
export function toShopOrderLine(item: WooLineItem, facts?: WooProductFacts): ShopOrderLine {
  return {
    externalLineId: String(item.id),
    externalProductId: item.product_id ? String(item.product_id) : null,
    externalVariantId: item.variation_id ? String(item.variation_id) : null,
    sku: text(item.sku) ?? null,
    title: item.parent_name ? item.parent_name : item.name,
    variantTitle: variantTitle(item),
    quantity: item.quantity,
    requiresShipping: facts ? !(facts.virtual || facts.downloadable) : true,
  };
}

/** The key `facts` are looked up by: the variation when there is one, else the product. */
export function lineFactsKey(item: Pick<WooLineItem, "product_id" | "variation_id">): string {
  return item.variation_id ? `variation:${item.variation_id}` : `product:${item.product_id}`;
}

/**
 * WooCommerce itself has no test orders; a gateway in test mode marks its payments in the order meta.
 * Recognised: WooPayments (`_wcpay_mode: test`).
 */
export function isTestOrder(order: Pick<WooOrder, "meta_data">): boolean {
  return order.meta_data.some((meta) => meta.key === "_wcpay_mode" && meta.value === "test");
}

/** A WooCommerce order → the canonical ShopOrder. */
export function toShopOrder(order: WooOrder, facts: Map<string, WooProductFacts> = new Map()): ShopOrder {
  const test = isTestOrder(order);
  const decided = orderStatus(order.status);
  const { status, statusReason } = test && decided.status !== "cancelled" ? { status: "other" as const, statusReason: "a test order (paid in WooPayments test mode)" } : decided;
  const billing = order.billing ?? undefined;
  const shipping = hasAddress(order.shipping) ? order.shipping : hasAddress(billing) ? billing : null;
  const result: ShopOrder = {
    externalId: String(order.id),
    name: `#${order.number}`,
    status,
    test,
    createdAt: gmtToIso(order.date_created_gmt),
    updatedAt: gmtToIso(order.date_modified_gmt),
    shippingAddress: shipping ? toShopAddress(shipping, { email: billing?.email, phone: billing?.phone }) : null,
    lines: order.line_items.filter((item) => item.quantity > 0).map((item) => toShopOrderLine(item, facts.get(lineFactsKey(item)))),
    raw: order,
  };
  if (statusReason) result.statusReason = statusReason;
  const currency = text(order.currency);
  if (currency) result.currency = currency;
  const email = text(billing?.email);
  if (email) result.email = email;
  const shippingMethod = text(order.shipping_lines[0]?.method_title);
  if (shippingMethod) result.shippingMethod = shippingMethod;
  return result;
}

/** A simple product is its own (only) variant: `externalVariantId` null. */
export function simpleProductVariant(product: WooProduct): ShopVariant {
  const variant: ShopVariant = {
    externalProductId: String(product.id),
    externalVariantId: null,
    productTitle: product.name,
    variantTitle: null,
    sku: text(product.sku) ?? null,
    options: {},
  };
  const price = text(product.regular_price) ?? text(product.price);
  if (price) variant.price = price;
  if (product.date_modified_gmt) variant.updatedAt = gmtToIso(product.date_modified_gmt);
  return variant;
}

export function toShopVariant(product: WooProduct, variation: WooVariation): ShopVariant {
  const options = Object.fromEntries(variation.attributes.map((attribute) => [attribute.name, attribute.option]));
  const title = variation.attributes.map((attribute) => attribute.option).filter(Boolean).join(" / ");
  const variant: ShopVariant = {
    externalProductId: String(product.id),
    externalVariantId: String(variation.id),
    productTitle: product.name,
    variantTitle: title || null,
    sku: text(variation.sku) ?? null,
    options,
  };
  const price = text(variation.regular_price) ?? text(variation.price);
  if (price) variant.price = price;
  if (variation.date_modified_gmt) variant.updatedAt = gmtToIso(variation.date_modified_gmt);
  return variant;
}
