import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOrder } from "./orders";
import { wooOrderSchema } from "./schemas";
import { startWooTestSite, type WooTestSite } from "./testing";
import { gmtToIso, orderStatus, toShopOrder } from "./transform";

describe("orderStatus", () => {
  it.each([
    ["processing", "payable"],
    ["pending", "awaiting_payment"],
    ["on-hold", "awaiting_payment"],
    ["cancelled", "cancelled"],
    ["refunded", "cancelled"],
    ["completed", "other"],
    ["failed", "other"],
    ["trash", "other"],
    ["wc-custom-printing", "other"],
  ])("%s → %s", (status, expected) => {
    const decided = orderStatus(status);
    expect(decided.status).toBe(expected);
    if (expected === "payable") expect(decided.statusReason).toBeUndefined();
    else expect(decided.statusReason).toMatch(/\w/);
  });

  it("reads WooCommerce's zone-less GMT dates as UTC", () => {
    expect(gmtToIso("2017-03-22T19:28:02")).toBe("2017-03-22T19:28:02.000Z");
  });
});

describe("toShopOrder", () => {
  const base = {
    id: 727,
    number: "727",
    status: "processing",
    currency: "USD",
    date_created_gmt: "2017-03-22T19:28:02",
    date_modified_gmt: "2017-03-22T19:28:08",
    billing: { first_name: "John", last_name: "Doe", company: "", address_1: "969 Market", address_2: "", city: "San Francisco", state: "CA", postcode: "94103", country: "US", email: "john.doe@example.com", phone: "(555) 555-5555" },
    shipping: { first_name: "", last_name: "", company: "", address_1: "", address_2: "", city: "", state: "", postcode: "", country: "" },
    line_items: [
      { id: 315, name: "Poster", product_id: 21, variation_id: 0, quantity: 1, sku: "P-1", price: 12, total: "12.00", meta_data: [] },
      { id: 316, name: "Ship Your Idea - Black, M", parent_name: "Ship Your Idea", product_id: 22, variation_id: 23, quantity: 2, sku: "Bar3", price: "12", total: "24.00", meta_data: [{ id: 1, key: "pa_color", value: "black", display_key: "Color", display_value: "Black" }, { id: 2, key: "_reduced_stock", value: "2" }] },
      { id: 317, name: "Removed", product_id: 24, variation_id: 0, quantity: 0, sku: "", price: 0, total: "0.00", meta_data: [] },
    ],
    shipping_lines: [{ method_title: "Flat Rate" }],
    meta_data: [],
  };

  it("maps the docs' example: ids as strings, simple products without a variant, the billing address when shipping is empty", () => {
    const order = toShopOrder(wooOrderSchema.parse(base));
    expect(order).toMatchObject({ externalId: "727", name: "#727", status: "payable", test: false, currency: "USD", email: "john.doe@example.com", shippingMethod: "Flat Rate", createdAt: "2017-03-22T19:28:02.000Z", updatedAt: "2017-03-22T19:28:08.000Z" });
    expect(order.shippingAddress).toMatchObject({ firstName: "John", addressLine1: "969 Market", city: "San Francisco", state: "CA", postCode: "94103", country: "US", phone: "(555) 555-5555" });
    expect(order.lines).toEqual([
      { externalLineId: "315", externalProductId: "21", externalVariantId: null, sku: "P-1", title: "Poster", variantTitle: null, quantity: 1, requiresShipping: true },
      { externalLineId: "316", externalProductId: "22", externalVariantId: "23", sku: "Bar3", title: "Ship Your Idea", variantTitle: "Color: Black", quantity: 2, requiresShipping: true },
    ]);
  });

  it("marks a WooPayments test-mode order as a test, not payable", () => {
    const order = toShopOrder(wooOrderSchema.parse({ ...base, meta_data: [{ id: 9, key: "_wcpay_mode", value: "test" }] }));
    expect(order).toMatchObject({ test: true, status: "other" });
  });
});

describe("getOrder against the fake", () => {
  let site: WooTestSite;
  beforeAll(async () => {
    site = await startWooTestSite();
  });
  afterAll(() => site.close());

  it("says virtual and downloadable lines need no shipping", async () => {
    const poster = site.fake.site.createProduct({ name: "Poster", sku: "POSTER", regularPrice: "10.00" });
    const ebook = site.fake.site.createProduct({ name: "E-book", sku: "EBOOK", regularPrice: "5.00", virtual: true, downloadable: true });
    const card = site.fake.site.createProduct({ name: "Card", attributes: [{ name: "Kind", options: ["Paper", "E-card"] }], variations: [{ sku: "CARD-P", regularPrice: "3.00", attributes: { Kind: "Paper" } }, { sku: "CARD-E", regularPrice: "3.00", attributes: { Kind: "E-card" }, virtual: true }] });
    const placed = site.fake.site.placeOrder({
      lines: [
        { productId: poster.id, quantity: 1 },
        { productId: ebook.id, quantity: 1 },
        { productId: card.id, variationId: card.variationIds[0], quantity: 1 },
        { productId: card.id, variationId: card.variationIds[1], quantity: 1 },
      ],
      shipping: { first_name: "Ada", last_name: "L", address_1: "1 Way", city: "London", postcode: "N1", country: "gb" },
    });
    const order = await getOrder(site.session(), String(placed.id));
    expect(order?.lines.map((line) => [line.sku, line.requiresShipping])).toEqual([
      ["POSTER", true],
      ["EBOOK", false],
      ["CARD-P", true],
      ["CARD-E", false],
    ]);
    expect(order?.shippingAddress?.country).toBe("GB");
    expect(await getOrder(site.session(), "not-a-number")).toBeNull();
  });
});
