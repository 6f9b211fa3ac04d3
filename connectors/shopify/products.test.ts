import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopError } from "../types";
import { shopifyConnector } from "./index";
import { startConnectorFake, type ConnectorFake } from "./testing";

const shop = "products-test.myshopify.com";
let harness: ConnectorFake;

beforeAll(async () => {
  harness = await startConnectorFake(shop);
});
afterAll(() => harness.close());

describe("Shopify products", () => {
  it("publishes a product with images and more variants than one page, and links every variant back", async () => {
    const colors = Array.from({ length: 11 }, (_, index) => `C${index}`);
    const sizes = Array.from({ length: 10 }, (_, index) => `S${index}`);
    const published = await shopifyConnector.publishProduct(harness.session(), {
      title: "Big Tee",
      descriptionHtml: "<p>Soft</p>",
      status: "active",
      options: [
        { name: "Color", values: colors },
        { name: "Size", values: sizes },
      ],
      variants: colors.flatMap((color) => sizes.map((size) => ({ optionValues: { Color: color, Size: size }, sku: `BT-${color}-${size}`, price: "25.00" }))),
      imageUrls: ["https://cdn.example.com/big-tee.png"],
    });
    expect(published.variants).toHaveLength(110);
    expect(new Set(published.variants.map((variant) => variant.externalVariantId)).size).toBe(110);
    expect(published.variants.find((variant) => variant.sku === "BT-C3-S7")).toMatchObject({ externalProductId: published.externalProductId, options: { Color: "C3", Size: "S7" }, price: "25.00", productTitle: "Big Tee" });
    const product = harness.fake.shops.getShop(shop).products.get(Number(published.externalProductId));
    expect(product).toMatchObject({ title: "Big Tee", status: "ACTIVE", descriptionHtml: "<p>Soft</p>" });
    expect(harness.fake.shops.graphqlRequests(shop).filter((request) => request.operationName === "InkbridgeProductVariants")).toHaveLength(1);
  });

  it("refuses a variant whose option value the product does not have, as rejected", async () => {
    const error = await shopifyConnector
      .publishProduct(harness.session(), { title: "Bad", status: "draft", options: [{ name: "Size", values: ["S"] }], variants: [{ optionValues: { Size: "XL" }, sku: "BAD-XL", price: "1.00" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShopError);
    expect((error as ShopError).kind).toBe("rejected");
    expect((error as ShopError).details.platformCode).toBe("OPTION_VALUE_DOES_NOT_EXIST");
  });
});
