import { z } from "zod";

// Zod for Etsy Open API v3 wire shapes. Every answer is parsed with these, so a malformed one becomes a
// ShopError instead of a crash further down. Objects are loose: Etsy adds fields without notice.

export const SHOP_ID = /^[1-9]\d{0,18}$/;
export const shopIdSchema = z.string().regex(SHOP_ID, "must be an Etsy shop id (digits)");

const nullableText = z.string().nullable().optional();

export const etsyMoneySchema = z.looseObject({ amount: z.number(), divisor: z.number().positive(), currency_code: z.string() });
export type EtsyMoney = z.infer<typeof etsyMoneySchema>;

// ---- OAuth ----

export const etsyTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().nonnegative(),
  refresh_token: z.string().min(1),
});
export type EtsyTokenResponse = z.infer<typeof etsyTokenResponseSchema>;

export const etsyErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

// ---- users and shops ----

export const etsyMeSchema = z.looseObject({ user_id: z.number().int(), shop_id: z.number().int().nullable().optional() });
export type EtsyMe = z.infer<typeof etsyMeSchema>;

export const etsyShopSchema = z.looseObject({ shop_id: z.number().int(), shop_name: z.string(), currency_code: z.string().nullable().optional() });
export type EtsyShop = z.infer<typeof etsyShopSchema>;

// ---- receipts ----

export const etsyVariationSchema = z.looseObject({
  property_id: z.number().int().nullable().optional(),
  value_id: z.number().int().nullable().optional(),
  formatted_name: z.string(),
  formatted_value: z.string(),
});

export const etsyTransactionSchema = z.looseObject({
  transaction_id: z.number().int(),
  title: nullableText,
  quantity: z.number().int(),
  listing_id: z.number().int().nullable().optional(),
  product_id: z.number().int().nullable().optional(),
  sku: nullableText,
  is_digital: z.boolean().optional(),
  price: etsyMoneySchema.optional(),
  variations: z.array(etsyVariationSchema).default([]),
  shipping_method: nullableText,
});
export type EtsyTransaction = z.infer<typeof etsyTransactionSchema>;

export const etsyShipmentSchema = z.looseObject({
  receipt_shipping_id: z.number().int().nullable(),
  shipment_notification_timestamp: z.number().int().nullable().optional(),
  carrier_name: nullableText,
  tracking_code: nullableText,
});
export type EtsyShipment = z.infer<typeof etsyShipmentSchema>;

export const etsyReceiptSchema = z.looseObject({
  receipt_id: z.number().int(),
  status: z.string(),
  is_paid: z.boolean(),
  is_shipped: z.boolean(),
  buyer_email: nullableText,
  name: nullableText,
  first_line: nullableText,
  second_line: nullableText,
  city: nullableText,
  state: nullableText,
  zip: nullableText,
  country_iso: nullableText,
  formatted_address: nullableText,
  created_timestamp: z.number().int(),
  updated_timestamp: z.number().int(),
  grandtotal: etsyMoneySchema.optional(),
  shipments: z.array(etsyShipmentSchema).default([]),
  transactions: z.array(etsyTransactionSchema).default([]),
});
export type EtsyReceipt = z.infer<typeof etsyReceiptSchema>;

export const etsyReceiptsSchema = z.looseObject({ count: z.number().int().nonnegative(), results: z.array(etsyReceiptSchema) });

// ---- listings and inventory ----

export const etsyPropertyValueSchema = z.looseObject({
  property_id: z.number().int(),
  property_name: z.string().nullable().optional(),
  scale_id: z.number().int().nullable().optional(),
  value_ids: z.array(z.number().int()).default([]),
  values: z.array(z.string()).default([]),
});

export const etsyOfferingSchema = z.looseObject({
  offering_id: z.number().int().optional(),
  quantity: z.number().int(),
  is_enabled: z.boolean(),
  is_deleted: z.boolean().optional(),
  price: etsyMoneySchema,
});

export const etsyInventoryProductSchema = z.looseObject({
  product_id: z.number().int(),
  sku: z.string().nullable().optional(),
  is_deleted: z.boolean().optional(),
  offerings: z.array(etsyOfferingSchema).default([]),
  property_values: z.array(etsyPropertyValueSchema).default([]),
});
export type EtsyInventoryProduct = z.infer<typeof etsyInventoryProductSchema>;

export const etsyInventorySchema = z.looseObject({
  products: z.array(etsyInventoryProductSchema),
  price_on_property: z.array(z.number().int()).default([]),
  quantity_on_property: z.array(z.number().int()).default([]),
  sku_on_property: z.array(z.number().int()).default([]),
});
export type EtsyInventory = z.infer<typeof etsyInventorySchema>;

export const etsyListingSchema = z.looseObject({
  listing_id: z.number().int(),
  shop_id: z.number().int().optional(),
  title: z.string(),
  state: z.string(),
  updated_timestamp: z.number().int().optional(),
  price: etsyMoneySchema.optional(),
  inventory: etsyInventorySchema.optional(),
});
export type EtsyListing = z.infer<typeof etsyListingSchema>;

export const etsyListingsSchema = z.looseObject({ count: z.number().int().nonnegative(), results: z.array(etsyListingSchema) });

// ---- webhooks ----

export const etsyWebhookEventSchema = z.looseObject({
  event_type: z.string().min(1),
  resource_url: z.string().optional(),
  shop_id: z.union([z.number().int(), z.string().regex(SHOP_ID)]),
});
export type EtsyWebhookEvent = z.infer<typeof etsyWebhookEventSchema>;
