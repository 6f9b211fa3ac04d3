import { z } from "zod";

// Zod for WooCommerce's wire shapes (REST wc/v3, the wc-auth key POST, Shipment Tracking, webhook
// bodies). Every answer is parsed with these, so a malformed one becomes a ShopError, not a crash.
// Objects are loose: WooCommerce and its plugins add fields freely.

const id = z.number().int().nonnegative();
const text = z.string().nullish().transform((value) => value ?? "");
// Prices and totals are strings in wc/v3, but plugins (and line item `price`) send numbers.
const amount = z.union([z.string(), z.number()]).nullish().transform((value) => (value === null || value === undefined ? "" : String(value)));

export const wooErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  data: z.looseObject({ status: z.number().optional() }).nullish(),
});
export type WooErrorBody = z.infer<typeof wooErrorSchema>;

export const wooIndexSchema = z.looseObject({
  name: z.string(),
  url: z.string().optional(),
  home: z.string().optional(),
  namespaces: z.array(z.string()).default([]),
});

// ---- orders ----

export const wooAddressSchema = z.looseObject({
  first_name: text,
  last_name: text,
  company: text,
  address_1: text,
  address_2: text,
  city: text,
  state: text,
  postcode: text,
  country: text,
  email: text.optional(),
  phone: text.optional(),
});
export type WooAddress = z.infer<typeof wooAddressSchema>;

export const wooLineItemSchema = z.looseObject({
  id,
  name: text,
  product_id: id.nullish().transform((value) => value ?? 0),
  variation_id: id.nullish().transform((value) => value ?? 0),
  quantity: z.number(),
  sku: text,
  price: amount,
  total: amount,
  parent_name: z.string().nullish(),
  meta_data: z.array(z.looseObject({ key: z.string(), value: z.unknown(), display_key: z.string().optional(), display_value: z.unknown().optional() })).default([]),
});
export type WooLineItem = z.infer<typeof wooLineItemSchema>;

export const wooOrderSchema = z.looseObject({
  id,
  number: z.union([z.string(), z.number()]).transform(String),
  status: z.string(),
  currency: text,
  date_created_gmt: z.string(),
  date_modified_gmt: z.string(),
  billing: wooAddressSchema.nullish(),
  shipping: wooAddressSchema.nullish(),
  line_items: z.array(wooLineItemSchema),
  shipping_lines: z.array(z.looseObject({ method_title: text })).default([]),
  meta_data: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).default([]),
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

export const wooOrderListSchema = z.array(wooOrderSchema);

export const wooNoteSchema = z.looseObject({ id, note: z.string(), customer_note: z.boolean().default(false), date_created_gmt: z.string().nullish() });
export type WooNote = z.infer<typeof wooNoteSchema>;
export const wooNoteListSchema = z.array(wooNoteSchema);

// ---- products ----

export const wooProductSchema = z.looseObject({
  id,
  name: z.string(),
  type: z.string(),
  status: z.string(),
  sku: text,
  price: amount,
  regular_price: amount,
  virtual: z.boolean().default(false),
  downloadable: z.boolean().default(false),
  date_modified_gmt: z.string().nullish(),
  attributes: z.array(z.looseObject({ name: z.string(), options: z.array(z.string()).default([]), variation: z.boolean().default(false) })).default([]),
  variations: z.array(id).default([]),
});
export type WooProduct = z.infer<typeof wooProductSchema>;
export const wooProductListSchema = z.array(wooProductSchema);

export const wooVariationSchema = z.looseObject({
  id,
  sku: text,
  price: amount,
  regular_price: amount,
  status: z.string().optional(),
  virtual: z.boolean().default(false),
  downloadable: z.boolean().default(false),
  date_modified_gmt: z.string().nullish(),
  attributes: z.array(z.looseObject({ name: z.string(), option: z.string() })).default([]),
});
export type WooVariation = z.infer<typeof wooVariationSchema>;
export const wooVariationListSchema = z.array(wooVariationSchema);

/** A batch answers each item with the object, or with `{id, error:{code, message, data}}` when that item was refused. */
export const wooBatchItemErrorSchema = z.looseObject({ id: z.number().optional(), error: wooErrorSchema });
export const wooBatchSchema = z.looseObject({ create: z.array(z.unknown()).default([]), update: z.array(z.unknown()).default([]), delete: z.array(z.unknown()).default([]) });

// ---- webhooks ----

export const wooWebhookSchema = z.looseObject({
  id,
  name: text,
  status: z.string(),
  topic: z.string(),
  delivery_url: z.string(),
});
export type WooWebhook = z.infer<typeof wooWebhookSchema>;
export const wooWebhookListSchema = z.array(wooWebhookSchema);

/** An order or product delivery names its resource by `id`; `deleted` events send only that. */
export const wooWebhookBodySchema = z.looseObject({ id: z.union([id, z.string().regex(/^\d+$/)]) });

// ---- Shipment Tracking extension ----

export const wooTrackingSchema = z.looseObject({
  tracking_id: z.string(),
  tracking_provider: text,
  tracking_link: text,
  tracking_number: z.string(),
});
export type WooTracking = z.infer<typeof wooTrackingSchema>;
export const wooTrackingListSchema = z.array(wooTrackingSchema);

// ---- wc-auth ----

/** What WooCommerce POSTs to `callback_url` once the merchant approved. */
export const wooKeysCallbackSchema = z.object({
  key_id: z.union([z.number(), z.string()]).transform(String),
  user_id: z.union([z.string(), z.number()]).transform(String),
  consumer_key: z.string().regex(/^ck_[0-9a-f]{40}$/),
  consumer_secret: z.string().regex(/^cs_[0-9a-f]{40}$/),
  key_permissions: z.enum(["read", "write", "read_write"]),
});
export type WooKeysCallback = z.infer<typeof wooKeysCallbackSchema>;
