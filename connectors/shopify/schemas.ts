import { z } from "zod";

// Zod for Shopify's wire shapes (Admin GraphQL 2026-10, OAuth, webhook bodies). Every answer is parsed
// with these, so a malformed one becomes a ShopError instead of a crash further down.

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
export const shopDomainSchema = z.string().regex(SHOP_DOMAIN, "must be a *.myshopify.com domain");

// ---- OAuth ----

export const shopifyTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  expires_in: z.number().int().nonnegative().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().int().nonnegative().optional(),
});
export type ShopifyTokenResponse = z.infer<typeof shopifyTokenResponseSchema>;

export const shopifyTokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

// ---- GraphQL envelope ----

export const shopifyThrottleStatusSchema = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});
export type ShopifyThrottleStatus = z.infer<typeof shopifyThrottleStatusSchema>;

export const shopifyCostSchema = z.object({
  requestedQueryCost: z.number().nullable().optional(),
  actualQueryCost: z.number().nullable().optional(),
  throttleStatus: shopifyThrottleStatusSchema.optional(),
});

export const shopifyGraphqlErrorSchema = z.object({
  message: z.string(),
  extensions: z.looseObject({ code: z.string().optional() }).optional(),
});

export const shopifyGraphqlResponseSchema = z.object({
  data: z.unknown().optional(),
  // A request-level failure may carry a plain string or an object instead of a list.
  errors: z.union([z.array(shopifyGraphqlErrorSchema), z.string(), z.record(z.string(), z.unknown())]).optional(),
  extensions: z.looseObject({ cost: shopifyCostSchema.optional() }).optional(),
});

export const shopifyUserErrorSchema = z.object({
  field: z.array(z.string()).nullable().optional(),
  message: z.string(),
  code: z.string().nullable().optional(),
});
export type ShopifyUserError = z.infer<typeof shopifyUserErrorSchema>;

const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const gid = z.string().startsWith("gid://shopify/");

// ---- shop ----

export const shopifyShopDataSchema = z.object({ shop: z.object({ name: z.string(), myshopifyDomain: z.string() }) });

// ---- orders ----

export const shopifyMailingAddressSchema = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  address1: z.string().nullable(),
  address2: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  provinceCode: z.string().nullable(),
  zip: z.string().nullable(),
  country: z.string().nullable(),
  countryCodeV2: z.string().nullable(),
  phone: z.string().nullable(),
});
export type ShopifyMailingAddress = z.infer<typeof shopifyMailingAddressSchema>;

export const shopifyLineItemSchema = z.object({
  id: gid,
  quantity: z.number().int(),
  currentQuantity: z.number().int(),
  sku: z.string().nullable(),
  title: z.string(),
  variantTitle: z.string().nullable(),
  requiresShipping: z.boolean(),
  variant: z.object({ id: gid }).nullable(),
  product: z.object({ id: gid }).nullable(),
});
export type ShopifyLineItem = z.infer<typeof shopifyLineItemSchema>;

export const shopifyLineItemConnectionSchema = z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyLineItemSchema) });

export const shopifyOrderSchema = z.object({
  id: gid,
  legacyResourceId: z.string().regex(/^\d+$/),
  name: z.string(),
  email: z.string().nullable(),
  test: z.boolean(),
  displayFinancialStatus: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  currencyCode: z.string(),
  shippingAddress: shopifyMailingAddressSchema.nullable(),
  shippingLine: z.object({ title: z.string() }).nullable(),
  lineItems: shopifyLineItemConnectionSchema,
});
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

export const shopifyOrderDataSchema = z.object({ order: shopifyOrderSchema.nullable() });
export const shopifyOrderLinesDataSchema = z.object({ order: z.object({ lineItems: shopifyLineItemConnectionSchema }).nullable() });
export const shopifyOrdersDataSchema = z.object({ orders: z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyOrderSchema) }) });

// ---- fulfilment ----

export const shopifyFulfillmentSchema = z.object({
  id: gid,
  status: z.string(),
  trackingInfo: z.array(z.object({ number: z.string().nullable() })),
});

export const shopifyFulfillmentOrderSchema = z.object({
  id: gid,
  status: z.string(),
  lineItems: z.object({
    nodes: z.array(z.object({ id: gid, remainingQuantity: z.number().int(), lineItem: z.object({ id: gid }) })),
  }),
});
export type ShopifyFulfillmentOrder = z.infer<typeof shopifyFulfillmentOrderSchema>;

export const shopifyFulfillmentStateDataSchema = z.object({
  order: z
    .object({
      fulfillments: z.array(shopifyFulfillmentSchema),
      fulfillmentOrders: z.object({ nodes: z.array(shopifyFulfillmentOrderSchema) }),
    })
    .nullable(),
});

export const shopifyFulfillmentCreateDataSchema = z.object({
  fulfillmentCreate: z.object({ fulfillment: z.object({ id: gid }).nullable(), userErrors: z.array(shopifyUserErrorSchema) }).nullable(),
});

export const shopifyTrackingUpdateDataSchema = z.object({
  fulfillmentTrackingInfoUpdate: z.object({ fulfillment: z.object({ id: gid }).nullable(), userErrors: z.array(shopifyUserErrorSchema) }).nullable(),
});

// ---- webhook subscriptions ----

export const shopifyWebhookSubscriptionSchema = z.object({ id: gid, topic: z.string(), uri: z.string() });
export type ShopifyWebhookSubscription = z.infer<typeof shopifyWebhookSubscriptionSchema>;

export const shopifyWebhookSubscriptionsDataSchema = z.object({
  webhookSubscriptions: z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyWebhookSubscriptionSchema) }),
});

export const shopifyWebhookCreateDataSchema = z.object({
  webhookSubscriptionCreate: z.object({ webhookSubscription: shopifyWebhookSubscriptionSchema.nullable(), userErrors: z.array(shopifyUserErrorSchema) }).nullable(),
});

export const shopifyWebhookDeleteDataSchema = z.object({
  webhookSubscriptionDelete: z.object({ deletedWebhookSubscriptionId: z.string().nullable(), userErrors: z.array(shopifyUserErrorSchema) }).nullable(),
});

// ---- products ----

export const shopifyVariantSchema = z.object({
  id: gid,
  sku: z.string().nullable(),
  title: z.string(),
  price: z.string(),
  updatedAt: z.string(),
  selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })),
  product: z.object({ id: gid, title: z.string() }),
});
export type ShopifyVariant = z.infer<typeof shopifyVariantSchema>;

export const shopifyVariantsDataSchema = z.object({
  productVariants: z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyVariantSchema) }),
});

const shopifyProductVariantsSchema = z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyVariantSchema) });

export const shopifyProductSetDataSchema = z.object({
  productSet: z
    .object({
      product: z.object({ id: gid, variants: shopifyProductVariantsSchema }).nullable(),
      userErrors: z.array(shopifyUserErrorSchema),
    })
    .nullable(),
});

export const shopifyProductVariantsPageDataSchema = z.object({
  product: z.object({ variants: shopifyProductVariantsSchema }).nullable(),
});

// ---- webhook bodies (REST resource shape) ----

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]);

// Only the keys the intake reads: plain objects leave the rest of a large payload unvisited.
export const shopifyOrderWebhookSchema = z.object({ admin_graphql_api_id: z.string().optional(), id: z.unknown() });
export const shopifyOrderEditWebhookSchema = z.object({ order_edit: z.object({ order_id: numericId }) });
export const shopifyFulfillmentWebhookSchema = z.object({ order_id: numericId });
