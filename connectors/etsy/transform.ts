import type { ShopAddress, ShopOrder, ShopOrderLine, ShopOrderStatus, ShopVariant } from "../types";
import type { EtsyInventoryProduct, EtsyListing, EtsyMoney, EtsyReceipt, EtsyShipment, EtsyTransaction } from "./schemas";

// Pure wire → canonical: Etsy receipts, transactions and inventory products into the contract's shapes.

export const WITHHELD_ADDRESS_REASON =
  "Etsy withheld the buyer's shipping address from this app (Etsy shares addresses only with apps it has approved for fulfilment); add the address by hand or ask Etsy to approve the app";

function seconds(value: number): string {
  return new Date(value * 1000).toISOString();
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Etsy gives one `name`; the first word is taken as the first name, the rest as the last. */
function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: "", lastName: parts[0] as string };
  return { firstName: parts[0] as string, lastName: parts.slice(1).join(" ") };
}

/** Null when Etsy withheld the address (apps not approved for it see null fields). */
export function toShopAddress(receipt: EtsyReceipt): ShopAddress | null {
  const name = text(receipt.name);
  const addressLine1 = text(receipt.first_line);
  const city = text(receipt.city);
  const country = text(receipt.country_iso);
  if (!name || !addressLine1 || !city || !country) return null;
  const address: ShopAddress = { ...splitName(name), addressLine1, city, postCode: text(receipt.zip) ?? "", country: country.toUpperCase() };
  const addressLine2 = text(receipt.second_line);
  if (addressLine2) address.addressLine2 = addressLine2;
  const state = text(receipt.state);
  if (state) address.state = state;
  const email = text(receipt.buyer_email);
  if (email) address.email = email;
  return address;
}

function statusOf(receipt: EtsyReceipt): { status: ShopOrderStatus; statusReason?: string } {
  const status = receipt.status.toLowerCase();
  if (status === "canceled") return { status: "cancelled", statusReason: "cancelled in Etsy" };
  if (status === "fully refunded") return { status: "other", statusReason: "refunded in Etsy" };
  if (!receipt.is_paid) return { status: "awaiting_payment", statusReason: "not paid yet" };
  if (receipt.is_shipped) return { status: "other", statusReason: "already marked shipped in Etsy" };
  return { status: "payable" };
}

function variantTitle(transaction: EtsyTransaction): string | null {
  const values = transaction.variations.map((variation) => variation.formatted_value.trim()).filter(Boolean);
  return values.length ? values.join(" / ") : null;
}

function toLine(transaction: EtsyTransaction): ShopOrderLine {
  return {
    externalLineId: String(transaction.transaction_id),
    externalProductId: transaction.listing_id ? String(transaction.listing_id) : null,
    externalVariantId: transaction.product_id ? String(transaction.product_id) : null,
    sku: text(transaction.sku) ?? null,
    title: text(transaction.title) ?? `Etsy listing ${transaction.listing_id ?? ""}`.trim(),
    variantTitle: variantTitle(transaction),
    quantity: transaction.quantity,
    requiresShipping: transaction.is_digital !== true,
  };
}

/**
 * A receipt as Inkbridge takes it: paid, not shipped, not canceled is payable. A payable receipt whose
 * address Etsy withheld stays payable with no address and says why, so it waits instead of failing.
 */
export function toShopOrder(receipt: EtsyReceipt): ShopOrder {
  const shippingAddress = toShopAddress(receipt);
  const { status, statusReason } = statusOf(receipt);
  const order: ShopOrder = {
    externalId: String(receipt.receipt_id),
    name: `#${receipt.receipt_id}`,
    status,
    test: false,
    createdAt: seconds(receipt.created_timestamp),
    updatedAt: seconds(receipt.updated_timestamp),
    shippingAddress,
    lines: receipt.transactions.map(toLine),
    raw: receipt,
  };
  const reason = statusReason ?? (shippingAddress ? undefined : WITHHELD_ADDRESS_REASON);
  if (reason) order.statusReason = reason;
  const currency = receipt.grandtotal?.currency_code ?? receipt.transactions[0]?.price?.currency_code;
  if (currency) order.currency = currency;
  const email = text(receipt.buyer_email);
  if (email) order.email = email;
  const shippingMethod = receipt.transactions.map((transaction) => text(transaction.shipping_method)).find(Boolean);
  if (shippingMethod) order.shippingMethod = shippingMethod;
  return order;
}

/** Etsy money as a decimal string (`{amount: 2500, divisor: 100}` → `25.00`). */
export function formatMoney(money: EtsyMoney): string {
  const digits = Math.max(0, Math.round(Math.log10(money.divisor)));
  return (money.amount / money.divisor).toFixed(digits);
}

/** One inventory product of a listing: the listing is the product, the inventory product the variant. */
export function toShopVariant(listing: Pick<EtsyListing, "listing_id" | "title" | "updated_timestamp">, product: EtsyInventoryProduct): ShopVariant {
  const options: Record<string, string> = {};
  for (const value of product.property_values) {
    const name = text(value.property_name) ?? `Property ${value.property_id}`;
    options[name] = value.values.join(", ");
  }
  const titles = Object.values(options).filter(Boolean);
  const variant: ShopVariant = {
    externalProductId: String(listing.listing_id),
    externalVariantId: String(product.product_id),
    productTitle: listing.title,
    variantTitle: titles.length ? titles.join(" / ") : null,
    sku: text(product.sku) ?? null,
    options,
  };
  const offering = product.offerings.find((candidate) => candidate.is_deleted !== true) ?? product.offerings[0];
  if (offering) variant.price = formatMoney(offering.price);
  if (listing.updated_timestamp !== undefined) variant.updatedAt = seconds(listing.updated_timestamp);
  return variant;
}

/** The shipment id Inkbridge keeps: Etsy's shipment ids are only unique with their receipt, and tracking calls need both. */
export function toFulfillmentId(receiptId: number | string, shipment: EtsyShipment): string {
  return `${receiptId}/${shipment.receipt_shipping_id ?? `tracking:${shipment.tracking_code ?? ""}`}`;
}

export function parseFulfillmentId(externalFulfillmentId: string): { receiptId: string; shipment: string } | null {
  const match = /^(\d+)\/(.+)$/.exec(externalFulfillmentId);
  return match ? { receiptId: match[1] as string, shipment: match[2] as string } : null;
}
