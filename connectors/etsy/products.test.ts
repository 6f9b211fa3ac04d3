import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopVariant } from "../types";
import { etsyConnector } from "./index";
import { LISTING_PAGE_SIZE } from "./products";
import { startConnectorFake, type ConnectorFake } from "./testing";

let harness: ConnectorFake;

beforeAll(async () => {
  harness = await startConnectorFake();
});
afterAll(() => harness.close());

async function allVariants(): Promise<ShopVariant[]> {
  const variants: ShopVariant[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof etsyConnector.listVariants>> = await etsyConnector.listVariants(harness.session(), cursor);
    variants.push(...page.variants);
    cursor = page.nextCursor;
  } while (cursor);
  return variants;
}

describe("Etsy products", () => {
  it("lists the inventory products of every listing in every state, paging through more than one page", async () => {
    const { world } = harness.fake;
    for (let index = 0; index < LISTING_PAGE_SIZE + 2; index += 1) world.createListing(harness.shopId, { title: `Poster ${index}`, products: [{ sku: `POSTER-${index}`, price: "15" }] });
    const tee = world.createListing(harness.shopId, { title: "Tee", state: "inactive", products: ["S", "M"].map((size) => ({ sku: `TEE-BLK-${size}`, price: "25", properties: { Color: "Black", Size: size } })) });
    const variants = await allVariants();
    expect(variants).toHaveLength(LISTING_PAGE_SIZE + 4);
    expect(variants.filter((variant) => variant.externalProductId === String(tee.listingId))).toEqual(
      tee.productIds.map((id, index) =>
        expect.objectContaining({ externalVariantId: String(id), sku: `TEE-BLK-${["S", "M"][index]}`, productTitle: "Tee", options: { Color: "Black", Size: ["S", "M"][index] }, variantTitle: `Black / ${["S", "M"][index]}`, price: "25.00" }),
      ),
    );
  });

  it("after the merchant edits variations, the sync shows Etsy's new product ids and not the old", async () => {
    const { world } = harness.fake;
    const mug = world.createListing(harness.shopId, { title: "Mug", products: [{ sku: "MUG-11", price: "12", properties: { Size: "11oz" } }] });
    const rewritten = world.updateInventory(mug.listingId, [{ sku: "MUG-11", price: "12", properties: { Size: "11oz" } }, { sku: "MUG-15", price: "14", properties: { Size: "15oz" } }]);
    const ids = (await allVariants()).filter((variant) => variant.externalProductId === String(mug.listingId)).map((variant) => variant.externalVariantId);
    expect(ids.sort()).toEqual(rewritten.map(String).sort());
    expect(ids).not.toContain(String(mug.productIds[0]));
  });

  it("publishes a draft listing whose inventory has one product per variant, with prices by property", async () => {
    const published = await etsyConnector.publishProduct(harness.session(), {
      title: "Hoodie",
      descriptionHtml: "<p>Warm &amp; soft</p>",
      status: "draft",
      options: [{ name: "Size", values: ["M", "L"] }, { name: "Color", values: ["Navy"] }],
      variants: [
        { optionValues: { Size: "M", Color: "Navy" }, sku: "HD-M-NV", price: "40.00" },
        { optionValues: { Size: "L", Color: "Navy" }, sku: "HD-L-NV", price: "42.00" },
      ],
    });
    const listing = harness.fake.world.findListing(Number(published.externalProductId));
    expect(listing).toMatchObject({ state: "draft", title: "Hoodie", description: "Warm & soft", price_on_property: [513, 514], sku_on_property: [513, 514] });
    expect(published.variants.map((variant) => [variant.sku, variant.options, variant.price])).toEqual([
      ["HD-M-NV", { Size: "M", Color: "Navy" }, "40.00"],
      ["HD-L-NV", { Size: "L", Color: "Navy" }, "42.00"],
    ]);
    expect(published.variants.map((variant) => variant.externalVariantId)).toEqual(listing?.products.map((product) => String(product.product_id)));
  });

  it("refuses three options or a parenthesis in a value before calling Etsy", async () => {
    const before = harness.fake.requestCount(harness.userId);
    const three = { title: "X", status: "draft" as const, options: ["A", "B", "C"].map((name) => ({ name, values: ["1"] })), variants: [{ optionValues: { A: "1", B: "1", C: "1" }, sku: "X", price: "1" }] };
    await expect(etsyConnector.publishProduct(harness.session(), three)).rejects.toMatchObject({ kind: "rejected", details: { field: "options" } });
    const parens = { title: "X", status: "draft" as const, options: [{ name: "Size", values: ["M (tall)"] }], variants: [{ optionValues: { Size: "M (tall)" }, sku: "X", price: "1" }] };
    await expect(etsyConnector.publishProduct(harness.session(), parens)).rejects.toMatchObject({ kind: "rejected" });
    expect(harness.fake.requestCount(harness.userId)).toBe(before);
  });
});
