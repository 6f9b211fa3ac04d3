import type { ShopAddress, ShopOrder, ShopOrderLine, ShopOrderStatus, ShopVariant } from "../types";
import type { ShopifyLineItem, ShopifyMailingAddress, ShopifyOrder, ShopifyVariant } from "./schemas";

// Pure wire → canonical. Nothing here talks to Shopify or reads configuration.

/** The numeric id at the end of a GID (`gid://shopify/Order/123` → `"123"`), as Shopify shows it elsewhere. */
export function legacyId(gid: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(?:\?.*)?$/.exec(gid);
  if (!match) throw new TypeError(`Not a Shopify GID: ${gid}`);
  return match[1] as string;
}

/** A numeric id or a GID of the given type → the GID; null when it is neither. */
export function toGid(type: string, id: string): string | null {
  if (/^\d+$/.test(id)) return `gid://shopify/${type}/${id}`;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(id);
  return match && match[1] === type ? id : null;
}

const AWAITING_PAYMENT: Record<string, string> = {
  PENDING: "not paid yet",
  PARTIALLY_PAID: "only partly paid",
  EXPIRED: "the payment authorization expired",
};

const OTHER: Record<string, string> = {
  REFUNDED: "refunded",
  PARTIALLY_REFUNDED: "partly refunded",
  VOIDED: "the payment was voided",
};

/** shops.md: PAID or AUTHORIZED and not cancelled is taken; test orders never are. */
export function orderStatus(order: Pick<ShopifyOrder, "cancelledAt" | "test" | "displayFinancialStatus">): { status: ShopOrderStatus; statusReason?: string } {
  if (order.cancelledAt) return { status: "cancelled", statusReason: "cancelled in the shop" };
  if (order.test) return { status: "other", statusReason: "a test order" };
  const financial = order.displayFinancialStatus ?? "";
  if (financial === "PAID" || financial === "AUTHORIZED") return { status: "payable" };
  if (financial in AWAITING_PAYMENT) return { status: "awaiting_payment", statusReason: AWAITING_PAYMENT[financial] };
  if (financial in OTHER) return { status: "other", statusReason: OTHER[financial] };
  return { status: "awaiting_payment", statusReason: financial ? `payment status ${financial.toLowerCase().replace(/_/g, " ")}` : "no payment status yet" };
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function toShopAddress(address: ShopifyMailingAddress, email: string | null): ShopAddress {
  const result: ShopAddress = {
    firstName: text(address.firstName) ?? "",
    lastName: text(address.lastName) ?? "",
    addressLine1: text(address.address1) ?? "",
    city: text(address.city) ?? "",
    postCode: text(address.zip) ?? "",
    country: text(address.countryCodeV2) ?? text(address.country) ?? "",
  };
  const optional = {
    companyName: text(address.company),
    addressLine2: text(address.address2),
    state: text(address.provinceCode) ?? text(address.province),
    email: text(email),
    phone: text(address.phone),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (result as Record<string, string>)[key] = value;
  return result;
}

export function toShopOrderLine(item: ShopifyLineItem, cancelled: boolean): ShopOrderLine {
  return {
    externalLineId: legacyId(item.id),
    externalProductId: item.product ? legacyId(item.product.id) : null,
    externalVariantId: item.variant ? legacyId(item.variant.id) : null,
    sku: text(item.sku) ?? null,
    title: item.title,
    variantTitle: text(item.variantTitle) ?? null,
    // Order edits and refunds lower currentQuantity; a cancelled order keeps what was ordered, for the record.
    quantity: cancelled ? item.quantity : item.currentQuantity,
    requiresShipping: item.requiresShipping,
  };
}

/** A Shopify order (all its line items already read) → the canonical ShopOrder. */
export function toShopOrder(order: ShopifyOrder, lineItems: ShopifyLineItem[] = order.lineItems.nodes): ShopOrder {
  const { status, statusReason } = orderStatus(order);
  const cancelled = order.cancelledAt !== null;
  const result: ShopOrder = {
    externalId: order.legacyResourceId,
    name: order.name,
    status,
    test: order.test,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    currency: order.currencyCode,
    shippingAddress: order.shippingAddress ? toShopAddress(order.shippingAddress, order.email) : null,
    lines: lineItems.map((item) => toShopOrderLine(item, cancelled)).filter((line) => line.quantity > 0),
    raw: { ...order, lineItems: { nodes: lineItems } },
  };
  if (statusReason) result.statusReason = statusReason;
  const email = text(order.email);
  if (email) result.email = email;
  const shippingMethod = text(order.shippingLine?.title ?? null);
  if (shippingMethod) result.shippingMethod = shippingMethod;
  return result;
}

export function toShopVariant(variant: ShopifyVariant): ShopVariant {
  const title = text(variant.title);
  return {
    externalProductId: legacyId(variant.product.id),
    externalVariantId: legacyId(variant.id),
    productTitle: variant.product.title,
    variantTitle: title && title !== "Default Title" ? title : null,
    sku: text(variant.sku) ?? null,
    options: Object.fromEntries(variant.selectedOptions.filter((option) => !(option.name === "Title" && option.value === "Default Title")).map((option) => [option.name, option.value])),
    price: variant.price,
    updatedAt: variant.updatedAt,
  };
}
