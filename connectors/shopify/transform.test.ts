import { describe, expect, it } from "vitest";
import type { ShopifyOrder, ShopifyVariant } from "./schemas";
import { legacyId, orderStatus, toGid, toShopOrder, toShopVariant } from "./transform";

const line = (overrides: Partial<ShopifyOrder["lineItems"]["nodes"][number]> = {}): ShopifyOrder["lineItems"]["nodes"][number] => ({
  id: "gid://shopify/LineItem/13600000001",
  quantity: 2,
  currentQuantity: 2,
  sku: "TEE-M",
  title: "Classic Tee",
  variantTitle: "M",
  requiresShipping: true,
  variant: { id: "gid://shopify/ProductVariant/42100000001" },
  product: { id: "gid://shopify/Product/7100000001" },
  ...overrides,
});

const order = (overrides: Partial<ShopifyOrder> = {}): ShopifyOrder => ({
  id: "gid://shopify/Order/5600000001",
  legacyResourceId: "5600000001",
  name: "#1001",
  email: "jon@example.com",
  test: false,
  displayFinancialStatus: "PAID",
  cancelledAt: null,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:05:00Z",
  currencyCode: "CAD",
  shippingAddress: { firstName: "Jon", lastName: "Doe", company: null, address1: "123 Main St", address2: " ", city: "Ottawa", province: "Ontario", provinceCode: "ON", zip: "K2P 1L4", country: "Canada", countryCodeV2: "CA", phone: "555-555-5555" },
  shippingLine: { title: "Standard" },
  lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [line()] },
  ...overrides,
});

describe("Shopify order eligibility", () => {
  const table: Array<[Partial<ShopifyOrder>, string, string | undefined]> = [
    [{ displayFinancialStatus: "PAID" }, "payable", undefined],
    [{ displayFinancialStatus: "AUTHORIZED" }, "payable", undefined],
    [{ displayFinancialStatus: "PENDING" }, "awaiting_payment", "not paid yet"],
    [{ displayFinancialStatus: "PARTIALLY_PAID" }, "awaiting_payment", "only partly paid"],
    [{ displayFinancialStatus: null }, "awaiting_payment", "no payment status yet"],
    [{ displayFinancialStatus: "REFUNDED" }, "other", "refunded"],
    [{ displayFinancialStatus: "VOIDED" }, "other", "the payment was voided"],
    [{ displayFinancialStatus: "PAID", test: true }, "other", "a test order"],
    [{ displayFinancialStatus: "PAID", cancelledAt: "2026-12-02T00:00:00Z" }, "cancelled", "cancelled in the shop"],
    [{ displayFinancialStatus: "PAID", cancelledAt: "2026-12-02T00:00:00Z", test: true }, "cancelled", "cancelled in the shop"],
  ];
  for (const [fields, status, reason] of table) {
    it(`${JSON.stringify(fields)} is ${status}`, () => {
      expect(orderStatus({ ...order(), ...fields })).toEqual(reason ? { status, statusReason: reason } : { status });
    });
  }
});

describe("Shopify order → ShopOrder", () => {
  it("maps ids from GIDs, the address with country and province codes, the shipping method and lines", () => {
    const result = toShopOrder(order());
    expect(result).toMatchObject({
      externalId: "5600000001",
      name: "#1001",
      status: "payable",
      test: false,
      currency: "CAD",
      email: "jon@example.com",
      shippingMethod: "Standard",
      shippingAddress: { firstName: "Jon", lastName: "Doe", addressLine1: "123 Main St", city: "Ottawa", postCode: "K2P 1L4", state: "ON", country: "CA", email: "jon@example.com", phone: "555-555-5555" },
      lines: [{ externalLineId: "13600000001", externalProductId: "7100000001", externalVariantId: "42100000001", sku: "TEE-M", title: "Classic Tee", variantTitle: "M", quantity: 2, requiresShipping: true }],
    });
    expect(result.shippingAddress).not.toHaveProperty("addressLine2");
    expect(result.shippingAddress).not.toHaveProperty("companyName");
    expect(result.statusReason).toBeUndefined();
  });

  it("falls back to the written country and province when Shopify has no codes", () => {
    const base = order().shippingAddress!;
    const result = toShopOrder(order({ shippingAddress: { ...base, countryCodeV2: null, provinceCode: null, country: "Narnia", province: "Lantern Waste" } }));
    expect(result.shippingAddress).toMatchObject({ country: "Narnia", state: "Lantern Waste" });
  });

  it("keeps lines without shipping (flagged), drops lines edited down to nothing, keeps deleted products as null ids", () => {
    const result = toShopOrder(
      order({
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [
            line({ id: "gid://shopify/LineItem/1", requiresShipping: false, sku: "GIFT", variant: null, product: null }),
            line({ id: "gid://shopify/LineItem/2", quantity: 3, currentQuantity: 0 }),
            line({ id: "gid://shopify/LineItem/3", quantity: 3, currentQuantity: 1, sku: " " }),
          ],
        },
      }),
    );
    expect(result.lines.map((item) => [item.externalLineId, item.quantity, item.requiresShipping, item.externalVariantId, item.sku])).toEqual([
      ["1", 2, false, null, "GIFT"],
      ["3", 1, true, "42100000001", null],
    ]);
  });

  it("keeps a cancelled order's ordered quantities and has no address when Shopify has none", () => {
    const result = toShopOrder(order({ cancelledAt: "2026-12-02T00:00:00Z", shippingAddress: null, shippingLine: null, lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [line({ currentQuantity: 0 })] } }));
    expect(result.status).toBe("cancelled");
    expect(result.shippingAddress).toBeNull();
    expect(result.shippingMethod).toBeUndefined();
    expect(result.lines[0]?.quantity).toBe(2);
  });

  it("uses the lines it is given (all pages) and keeps them in raw", () => {
    const more = [line({ id: "gid://shopify/LineItem/8" }), line({ id: "gid://shopify/LineItem/9" })];
    const result = toShopOrder(order(), more);
    expect(result.lines.map((item) => item.externalLineId)).toEqual(["8", "9"]);
    expect((result.raw as ShopifyOrder).lineItems.nodes).toHaveLength(2);
  });
});

describe("Shopify ids and variants", () => {
  it("reads numeric ids from GIDs and builds GIDs from numeric ids", () => {
    expect(legacyId("gid://shopify/Order/820982911946154508")).toBe("820982911946154508");
    expect(() => legacyId("820982911946154508")).toThrow();
    expect(toGid("Order", "123")).toBe("gid://shopify/Order/123");
    expect(toGid("Order", "gid://shopify/Order/123")).toBe("gid://shopify/Order/123");
    expect(toGid("Order", "gid://shopify/Product/123")).toBeNull();
    expect(toGid("Order", "12a")).toBeNull();
  });

  it("maps a variant, leaving out Shopify's Default Title", () => {
    const variant: ShopifyVariant = { id: "gid://shopify/ProductVariant/5", sku: "", title: "Default Title", price: "9.00", updatedAt: "2026-12-01T00:00:00Z", selectedOptions: [{ name: "Title", value: "Default Title" }], product: { id: "gid://shopify/Product/4", title: "Mug" } };
    expect(toShopVariant(variant)).toEqual({ externalProductId: "4", externalVariantId: "5", productTitle: "Mug", variantTitle: null, sku: null, options: {}, price: "9.00", updatedAt: "2026-12-01T00:00:00Z" });
    expect(toShopVariant({ ...variant, sku: "TEE-M", title: "Black / M", selectedOptions: [{ name: "Color", value: "Black" }, { name: "Size", value: "M" }] })).toMatchObject({ sku: "TEE-M", variantTitle: "Black / M", options: { Color: "Black", Size: "M" } });
  });
});
