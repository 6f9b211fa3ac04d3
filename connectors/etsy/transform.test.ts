import { describe, expect, it } from "vitest";
import { etsyReceiptSchema, type EtsyReceipt } from "./schemas";
import { formatMoney, parseFulfillmentId, toFulfillmentId, toShopOrder, toShopVariant, WITHHELD_ADDRESS_REASON } from "./transform";

function receipt(overrides: Record<string, unknown> = {}): EtsyReceipt {
  return etsyReceiptSchema.parse({
    receipt_id: 3012345678,
    status: "paid",
    is_paid: true,
    is_shipped: false,
    name: "Jane Q Buyer",
    first_line: "1 Main St",
    second_line: "Apt 4",
    city: "Brooklyn",
    state: "NY",
    zip: "11201",
    country_iso: "us",
    buyer_email: "jane@example.com",
    created_timestamp: 1767225600,
    updated_timestamp: 1767225700,
    grandtotal: { amount: 3000, divisor: 100, currency_code: "USD" },
    shipments: [],
    transactions: [
      { transaction_id: 4012345678, listing_id: 1734282181, product_id: 11223344, sku: "POD-TEE-BLK-M", title: "Classic Tee", quantity: 2, is_digital: false, variations: [{ property_id: 513, value_id: null, formatted_name: "Color", formatted_value: "Black" }, { property_id: 514, value_id: null, formatted_name: "Size", formatted_value: "M" }] },
      { transaction_id: 4012345679, listing_id: 1734282182, product_id: 11223345, sku: "", title: "Printable planner", quantity: 1, is_digital: true, variations: [] },
    ],
    ...overrides,
  });
}

describe("toShopOrder", () => {
  it("reads a paid, unshipped receipt as payable with its address and lines", () => {
    const order = toShopOrder(receipt());
    expect(order).toMatchObject({ externalId: "3012345678", name: "#3012345678", status: "payable", test: false, currency: "USD", email: "jane@example.com", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:01:40.000Z" });
    expect(order.statusReason).toBeUndefined();
    expect(order.shippingAddress).toEqual({ firstName: "Jane", lastName: "Q Buyer", addressLine1: "1 Main St", addressLine2: "Apt 4", city: "Brooklyn", state: "NY", postCode: "11201", country: "US", email: "jane@example.com" });
    expect(order.lines).toEqual([
      { externalLineId: "4012345678", externalProductId: "1734282181", externalVariantId: "11223344", sku: "POD-TEE-BLK-M", title: "Classic Tee", variantTitle: "Black / M", quantity: 2, requiresShipping: true },
      { externalLineId: "4012345679", externalProductId: "1734282182", externalVariantId: "11223345", sku: null, title: "Printable planner", variantTitle: null, quantity: 1, requiresShipping: false },
    ]);
  });

  it("reads unpaid as awaiting_payment, canceled as cancelled, shipped and refunded as other, each with a reason", () => {
    expect(toShopOrder(receipt({ is_paid: false, status: "payment processing" }))).toMatchObject({ status: "awaiting_payment", statusReason: "not paid yet" });
    expect(toShopOrder(receipt({ status: "canceled" }))).toMatchObject({ status: "cancelled", statusReason: "cancelled in Etsy" });
    expect(toShopOrder(receipt({ is_shipped: true, status: "completed" }))).toMatchObject({ status: "other", statusReason: "already marked shipped in Etsy" });
    expect(toShopOrder(receipt({ status: "fully refunded" }))).toMatchObject({ status: "other", statusReason: "refunded in Etsy" });
  });

  it("keeps a receipt whose address Etsy withheld payable, without an address, saying why in plain words", () => {
    const order = toShopOrder(receipt({ name: null, first_line: null, second_line: null, city: null, state: null, zip: null, country_iso: null, formatted_address: null, buyer_email: null }));
    expect(order.status).toBe("payable");
    expect(order.shippingAddress).toBeNull();
    expect(order.statusReason).toBe(WITHHELD_ADDRESS_REASON);
    expect(order.email).toBeUndefined();
  });

  it("a withheld address does not hide a more important reason", () => {
    expect(toShopOrder(receipt({ is_paid: false, first_line: null })).statusReason).toBe("not paid yet");
  });
});

describe("toShopVariant and money", () => {
  it("turns an inventory product into a variant of its listing with property values as options", () => {
    const variant = toShopVariant(
      { listing_id: 17, title: "Classic Tee", updated_timestamp: 1767225600 },
      { product_id: 99, sku: "TEE-M", is_deleted: false, offerings: [{ quantity: 5, is_enabled: true, price: { amount: 2550, divisor: 100, currency_code: "USD" } }], property_values: [{ property_id: 513, property_name: "Size", value_ids: [], values: ["M"] }] },
    );
    expect(variant).toEqual({ externalProductId: "17", externalVariantId: "99", productTitle: "Classic Tee", variantTitle: "M", sku: "TEE-M", options: { Size: "M" }, price: "25.50", updatedAt: "2026-01-01T00:00:00.000Z" });
  });

  it("formats Etsy money by its divisor", () => {
    expect(formatMoney({ amount: 2500, divisor: 100, currency_code: "USD" })).toBe("25.00");
    expect(formatMoney({ amount: 1234, divisor: 1, currency_code: "JPY" })).toBe("1234");
  });

  it("shipment ids carry the receipt, and read back", () => {
    const id = toFulfillmentId(3012345678, { receipt_shipping_id: 77, tracking_code: "1Z", carrier_name: "ups" });
    expect(id).toBe("3012345678/77");
    expect(parseFulfillmentId(id)).toEqual({ receiptId: "3012345678", shipment: "77" });
    expect(parseFulfillmentId("77")).toBeNull();
  });
});
