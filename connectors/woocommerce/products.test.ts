import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopVariant } from "../types";
import { listVariants, publishProduct } from "./products";
import { startWooTestSite, type WooTestSite } from "./testing";

let site: WooTestSite;

async function allVariants(): Promise<ShopVariant[]> {
  const variants: ShopVariant[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listVariants>> = await listVariants(site.session(), cursor);
    variants.push(...page.variants);
    cursor = page.nextCursor;
  } while (cursor);
  return variants;
}

beforeAll(async () => {
  site = await startWooTestSite();
});

afterAll(() => site.close());

describe("listVariants", () => {
  it("lists a simple product as one variant without a variation id, and each variation of a variable one, across pages", async () => {
    const simple = site.fake.site.createProduct({ name: "Poster A2", sku: "POSTER-A2", regularPrice: "18.00" });
    const tee = site.fake.site.createProduct({ name: "Tee", attributes: [{ name: "Size", options: ["S", "M"] }], variations: [{ sku: "TEE-S", regularPrice: "25.00", attributes: { Size: "S" } }, { sku: "TEE-M", regularPrice: "25.00", attributes: { Size: "M" } }] });
    for (let index = 0; index < 25; index += 1) site.fake.site.createProduct({ name: `Filler ${index}`, sku: `FILL-${index}`, regularPrice: "1.00", status: index % 2 ? "draft" : "publish" });
    const variants = await allVariants();
    expect(variants.find((variant) => variant.externalProductId === String(simple.id))).toMatchObject({ externalVariantId: null, sku: "POSTER-A2", price: "18.00", options: {}, productTitle: "Poster A2" });
    expect(variants.filter((variant) => variant.externalProductId === String(tee.id))).toEqual([
      expect.objectContaining({ externalVariantId: String(tee.variationIds[0]), sku: "TEE-S", options: { Size: "S" }, variantTitle: "S" }),
      expect.objectContaining({ externalVariantId: String(tee.variationIds[1]), sku: "TEE-M", options: { Size: "M" }, variantTitle: "M" }),
    ]);
    expect(variants.filter((variant) => variant.sku?.startsWith("FILL-"))).toHaveLength(25);
  });
});

describe("publishProduct", () => {
  it("creates a variable product and more than 100 variations in batches", async () => {
    const colors = Array.from({ length: 12 }, (_, index) => `C${index}`);
    const sizes = ["S", "M", "L", "XL", "2XL", "3XL", "4XL", "5XL", "6XL", "7XL"];
    const variants = colors.flatMap((color) => sizes.map((size) => ({ optionValues: { Color: color, Size: size }, sku: `BIG-${color}-${size}`, price: "30.00" })));
    const result = await publishProduct(site.session(), { title: "Big Tee", descriptionHtml: "<p>Soft</p>", status: "active", options: [{ name: "Color", values: colors }, { name: "Size", values: sizes }], variants, imageUrls: ["https://cdn.example/tee.png"] });
    expect(result.variants).toHaveLength(120);
    const product = site.fake.site.getProduct(Number(result.externalProductId));
    expect(product).toMatchObject({ type: "variable", status: "publish", description: "<p>Soft</p>", images: [{ src: "https://cdn.example/tee.png" }] });
    expect(product.variationIds).toHaveLength(120);
    expect(site.fake.requests.filter((request) => request.path.endsWith("/variations/batch"))).toHaveLength(2);
    expect(result.variants[119]).toMatchObject({ sku: "BIG-C11-7XL", options: { Color: "C11", Size: "7XL" }, price: "30.00" });
  });

  it("publishes a single variant without options as a simple product", async () => {
    const result = await publishProduct(site.session(), { title: "Mug", status: "draft", options: [], variants: [{ optionValues: {}, sku: "MUG-11", price: "12.00" }] });
    expect(result.variants).toEqual([expect.objectContaining({ externalProductId: result.externalProductId, externalVariantId: null, sku: "MUG-11", price: "12.00" })]);
    expect(site.fake.site.getProduct(Number(result.externalProductId))).toMatchObject({ type: "simple", status: "draft" });
  });

  it("refuses a duplicated SKU and leaves no half-made product behind", async () => {
    site.fake.site.createProduct({ name: "Existing", sku: "DUP-M", regularPrice: "1.00" });
    const before = site.fake.site.products.size;
    await expect(
      publishProduct(site.session(), { title: "Dup Tee", status: "draft", options: [{ name: "Size", values: ["S", "M"] }], variants: [{ optionValues: { Size: "S" }, sku: "DUP-S", price: "20.00" }, { optionValues: { Size: "M" }, sku: "DUP-M", price: "20.00" }] }),
    ).rejects.toMatchObject({ kind: "rejected", details: { platformCode: "product_invalid_sku", field: "variants" } });
    expect(site.fake.site.products.size).toBe(before);
  });

  it("refuses a variant without a value for every option before calling the shop", async () => {
    const before = site.fake.requests.length;
    await expect(publishProduct(site.session(), { title: "Bad", status: "draft", options: [{ name: "Size", values: ["S"] }], variants: [{ optionValues: { Size: "XL" }, sku: "BAD-XL", price: "1.00" }] })).rejects.toMatchObject({ kind: "rejected", details: { field: "variants" } });
    expect(site.fake.requests.length).toBe(before);
  });
});
