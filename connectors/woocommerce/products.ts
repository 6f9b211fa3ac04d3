import { ShopError, type PublishRequest, type PublishResult, type ShopVariant, type VariantPage } from "../types";
import { nextPage, parseAnswer, wooRequest, type WooSession } from "./client";
import { wooProductListSchema, wooProductSchema, wooBatchItemErrorSchema, wooBatchSchema, wooVariationListSchema, wooVariationSchema, type WooProduct, type WooVariation } from "./schemas";
import { simpleProductVariant, toShopVariant } from "./transform";

/** Products per listVariants page; each variable product adds its variations (100 per request). */
export const PRODUCTS_PER_PAGE = 20;
const BATCH_LIMIT = 100;

async function allVariations(session: WooSession, productId: number): Promise<WooVariation[]> {
  const variations: WooVariation[] = [];
  for (let page: number | null = 1; page !== null; ) {
    const response = await wooRequest(session, { operation: "listVariations", method: "GET", path: `products/${productId}/variations`, params: { per_page: 100, page, orderby: "id", order: "asc" } });
    const chunk = parseAnswer(wooVariationListSchema, response.body, "listVariations");
    variations.push(...chunk);
    page = chunk.length === 0 ? null : nextPage(response, page);
  }
  return variations;
}

/** One page of products (any status) with their variations; a simple product is one variant without a variation id. */
export async function listVariants(session: WooSession, cursor: string | null): Promise<VariantPage> {
  const page = cursor === null ? 1 : Number(cursor);
  if (!Number.isInteger(page) || page < 1) throw new ShopError("rejected", `Not a WooCommerce page cursor: ${cursor}`);
  const response = await wooRequest(session, { operation: "listProducts", method: "GET", path: "products", params: { per_page: PRODUCTS_PER_PAGE, page, orderby: "id", order: "asc" } });
  const products = parseAnswer(wooProductListSchema, response.body, "listProducts");
  const variants: ShopVariant[] = [];
  for (const product of products) {
    if (product.type === "simple") variants.push(simpleProductVariant(product));
    // Grouped and external products are never shipped by the shop itself.
    if (product.type === "variable") variants.push(...(await allVariations(session, product.id)).map((variation) => toShopVariant(product, variation)));
  }
  const next = products.length === 0 ? null : nextPage(response, page);
  return { variants, nextCursor: next === null ? null : String(next) };
}

function checkRequest(request: PublishRequest): void {
  if (request.variants.length === 0) throw new ShopError("rejected", "A product needs at least one variant", { field: "variants" });
  if (request.options.length === 0 && request.variants.length > 1) throw new ShopError("rejected", "Several variants need options", { field: "options" });
  for (const variant of request.variants) {
    for (const option of request.options) {
      const value = variant.optionValues[option.name];
      if (value === undefined || !option.values.includes(value)) throw new ShopError("rejected", `Variant ${variant.sku} has no valid value for ${option.name}`, { field: "variants" });
    }
  }
}

async function deleteQuietly(session: WooSession, productId: number): Promise<void> {
  try {
    await wooRequest(session, { operation: "deleteProduct", method: "DELETE", path: `products/${productId}`, params: { force: "true" }, accept: [404] });
  } catch {
    // The half-made draft stays for the merchant to delete; the refusal below is what matters.
  }
}

/**
 * Creates the product (variable with one attribute per option, or simple for a single variant without
 * options), then its variations through `variations/batch`, 100 at a time. A refused variation deletes
 * the new product again and raises the refusal.
 */
export async function publishProduct(session: WooSession, request: PublishRequest): Promise<PublishResult> {
  checkRequest(request);
  const variable = request.options.length > 0;
  const first = request.variants[0] as PublishRequest["variants"][number];
  const body = {
    name: request.title,
    type: variable ? "variable" : "simple",
    status: request.status === "active" ? "publish" : "draft",
    ...(request.descriptionHtml !== undefined ? { description: request.descriptionHtml } : {}),
    ...(variable
      ? { attributes: request.options.map((option, position) => ({ name: option.name, position, visible: true, variation: true, options: option.values })) }
      : { sku: first.sku, regular_price: first.price }),
    ...(request.imageUrls?.length ? { images: request.imageUrls.map((src) => ({ src })) } : {}),
  };
  const response = await wooRequest(session, { operation: "createProduct", method: "POST", path: "products", body });
  const product: WooProduct = parseAnswer(wooProductSchema, response.body, "createProduct");
  if (!variable) return { externalProductId: String(product.id), variants: [simpleProductVariant(product)] };

  const variants: ShopVariant[] = [];
  try {
    for (let start = 0; start < request.variants.length; start += BATCH_LIMIT) {
      const create = request.variants.slice(start, start + BATCH_LIMIT).map((variant) => ({
        sku: variant.sku,
        regular_price: variant.price,
        attributes: request.options.map((option) => ({ name: option.name, option: variant.optionValues[option.name] })),
      }));
      const batch = await wooRequest(session, { operation: "createVariations", method: "POST", path: `products/${product.id}/variations/batch`, body: { create } });
      for (const item of parseAnswer(wooBatchSchema, batch.body, "createVariations").create) {
        const refused = wooBatchItemErrorSchema.safeParse(item);
        if (refused.success) throw new ShopError("rejected", `WooCommerce refused a variation: ${refused.data.error.message}`, { platformCode: refused.data.error.code, field: "variants" });
        variants.push(toShopVariant(product, parseAnswer(wooVariationSchema, item, "createVariations")));
      }
    }
  } catch (error) {
    await deleteQuietly(session, product.id);
    throw error;
  }
  return { externalProductId: String(product.id), variants };
}
