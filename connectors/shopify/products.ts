import { ShopError, type PublishRequest, type PublishResult, type ShopVariant, type VariantPage } from "../types";
import { defineOperation, shopifyGraphql, throwOnUserErrors, type ShopifySession } from "./client";
import { shopifyProductSetDataSchema, shopifyProductVariantsPageDataSchema, shopifyVariantsDataSchema } from "./schemas";
import { legacyId, toShopVariant } from "./transform";

const VARIANT_FIELDS = `id sku title price updatedAt selectedOptions { name value } product { id title }`;

export const VARIANTS = defineOperation({
  name: "InkbridgeVariants",
  query: `query InkbridgeVariants($after: String) {
  productVariants(first: 250, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
}`,
  cost: 752,
  data: shopifyVariantsDataSchema,
});

export const PRODUCT_SET = defineOperation({
  name: "InkbridgeProductSet",
  query: `mutation InkbridgeProductSet($input: ProductSetInput!) {
  productSet(synchronous: true, input: $input) {
    product { id variants(first: 100) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } } }
    userErrors { field message code }
  }
}`,
  cost: 10,
  data: shopifyProductSetDataSchema,
});

export const PRODUCT_VARIANTS = defineOperation({
  name: "InkbridgeProductVariants",
  query: `query InkbridgeProductVariants($id: ID!, $after: String) {
  product(id: $id) { variants(first: 250, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } } }
}`,
  cost: 753,
  data: shopifyProductVariantsPageDataSchema,
});

/** The shop's variants, 250 per page, in id order. */
export async function listVariants(session: ShopifySession, cursor: string | null): Promise<VariantPage> {
  const data = await shopifyGraphql(session, VARIANTS, { after: cursor });
  const { hasNextPage, endCursor } = data.productVariants.pageInfo;
  return { variants: data.productVariants.nodes.map(toShopVariant), nextCursor: hasNextPage ? endCursor : null };
}

/** Creates the product with its options and variants in one synchronous productSet. */
export async function publishProduct(session: ShopifySession, request: PublishRequest): Promise<PublishResult> {
  const input = {
    title: request.title,
    ...(request.descriptionHtml !== undefined ? { descriptionHtml: request.descriptionHtml } : {}),
    status: request.status === "active" ? "ACTIVE" : "DRAFT",
    productOptions: request.options.map((option) => ({ name: option.name, values: option.values.map((name) => ({ name })) })),
    variants: request.variants.map((variant) => ({
      optionValues: Object.entries(variant.optionValues).map(([optionName, name]) => ({ optionName, name })),
      sku: variant.sku,
      price: variant.price,
    })),
    ...(request.imageUrls?.length ? { files: request.imageUrls.map((originalSource) => ({ originalSource, contentType: "IMAGE" })) } : {}),
  };
  const data = await shopifyGraphql(session, PRODUCT_SET, { input });
  if (!data.productSet) throw new ShopError("rejected", "Shopify returned no product");
  throwOnUserErrors("productSet", data.productSet.userErrors);
  const product = data.productSet.product;
  if (!product) throw new ShopError("rejected", "Shopify returned no product");

  const variants: ShopVariant[] = product.variants.nodes.map(toShopVariant);
  let page = product.variants.pageInfo;
  while (page.hasNextPage && page.endCursor) {
    const more = await shopifyGraphql(session, PRODUCT_VARIANTS, { id: product.id, after: page.endCursor });
    if (!more.product) break;
    variants.push(...more.product.variants.nodes.map(toShopVariant));
    page = more.product.variants.pageInfo;
  }
  return { externalProductId: legacyId(product.id), variants };
}
