import { z } from "zod";

// Request and response shapes of Gelato's Order API v4 (with GelatoConnect's additions), as zod
// schemas: they validate requests and become the OpenAPI document. Objects are strict, so a
// misspelt field is an error naming it instead of being silently dropped.

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True for text the database stores as given: no NUL characters, no unpaired UTF-16 surrogates. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !loneSurrogate.test(value);
}

/** A string field of at most `max` characters that can be stored as given. */
export function text(max: number, options: { required?: boolean } = {}) {
  let schema = z.string().max(max, `must be at most ${max} characters`);
  if (options.required) schema = schema.min(1, "must not be empty");
  return schema
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters")
    .refine((value) => !loneSurrogate.test(value), "must be valid Unicode (no unpaired surrogates)")
    .refine((value) => !options.required || value.trim().length > 0, "must not be blank");
}

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as GB or US")
  .transform((value) => value.toUpperCase());
const currencyCode = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as EUR or USD")
  .transform((value) => value.toUpperCase());
const email = text(254, { required: true }).refine((value) => /^[^\s@]+@[^\s@]+$/.test(value), "must be an email address");
const money = z.number().min(0).max(1_000_000_000);
const quantity = z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000");

export const gelatoMetadataEntry = z.strictObject({ key: text(100, { required: true }), value: text(100) });
const metadataList = z.array(gelatoMetadataEntry).max(20, "at most 20 metadata entries");

const httpUrl = text(4096, { required: true }).refine((value) => {
  if (!URL.canParse(value)) return false;
  return ["http:", "https:"].includes(new URL(value).protocol);
}, "must be an http(s) URL");

export const gelatoFile = z.strictObject({
  id: text(200).optional(),
  type: text(64, { required: true }).optional().describe("print area; `default` when left out"),
  url: httpUrl,
  threadColors: z.array(z.string().regex(/^#?[0-9A-Fa-f]{6}$/, "must be a hex colour such as #FF0000")).max(6).optional(),
  isVisible: z.boolean().optional(),
  fitMethod: text(50).optional(),
  fillMethod: text(50).optional(),
  mimeType: text(100).optional(),
  metadata: metadataList.optional(),
});

export const gelatoItemOption = z.strictObject({
  id: text(200).optional(),
  type: text(50, { required: true }),
  productUid: text(200, { required: true }),
  quantity,
});

const variantValue = z.union([text(100), z.number(), z.boolean()]);

export const gelatoItem = z.strictObject({
  itemReferenceId: text(200, { required: true }),
  productUid: text(200, { required: true }).optional(),
  productName: text(200, { required: true }).optional().describe("customer product name, resolved through the customer's product lookup"),
  productVariant: z
    .record(text(50, { required: true }), variantValue)
    .refine((variant) => Object.keys(variant).length <= 20, "at most 20 options")
    .optional(),
  pageCount: z.number().int("must be a whole number").min(1).max(10_000).optional(),
  files: z.array(gelatoFile).max(50, "at most 50 files").optional(),
  quantity,
  adjustProductUidByFileTypes: z.boolean().optional(),
  retailPriceInclVat: money.optional(),
  options: z.array(gelatoItemOption).max(10).optional(),
});

export const gelatoAddress = z.strictObject({
  firstName: text(25, { required: true }),
  lastName: text(25, { required: true }),
  companyName: text(60).optional(),
  addressLine1: text(35, { required: true }),
  addressLine2: text(35).optional(),
  city: text(30, { required: true }),
  postCode: text(15, { required: true }),
  state: text(35).optional(),
  country: countryCode,
  email,
  phone: text(25).optional(),
  isBusiness: z.boolean().optional(),
  federalTaxId: text(50).optional(),
  stateTaxId: text(50).optional(),
  registrationStateCode: text(50).optional(),
});

export const gelatoReturnAddress = z.strictObject({
  companyName: text(60).optional(),
  addressLine1: text(35).optional(),
  addressLine2: text(35).optional(),
  city: text(30).optional(),
  postCode: text(15).optional(),
  state: text(35).optional(),
  country: countryCode.optional(),
  email: email.optional(),
  phone: text(25).optional(),
});

export const gelatoCreateOrder = z
  .strictObject({
    orderType: z.enum(["order", "draft"]).optional(),
    orderReferenceId: text(200, { required: true }),
    customerReferenceId: text(200).optional(),
    currency: currencyCode,
    items: z.array(gelatoItem).min(1, "at least one item").max(500, "at most 500 items"),
    metadata: metadataList.optional(),
    shippingAddress: gelatoAddress,
    shipmentMethodUid: text(200).optional().describe("a method, or a comma list; the first one offered is used"),
    returnAddress: gelatoReturnAddress.optional(),
    retailCurrency: currencyCode.optional(),
    retailShippingPriceInclVat: money.optional(),
    preventDuplicate: z.boolean().optional(),
  })
  .superRefine((order, context) => {
    const seen = new Map<string, number>();
    order.items.forEach((item, index) => {
      const first = seen.get(item.itemReferenceId);
      if (first !== undefined) {
        context.addIssue({ code: "custom", path: ["items", index, "itemReferenceId"], message: `must be unique within the order (also used by items[${first}])` });
      } else {
        seen.set(item.itemReferenceId, index);
      }
      if (item.productUid === undefined && item.productName === undefined) {
        context.addIssue({ code: "custom", path: ["items", index, "productUid"], message: "send productUid, or productName with productVariant" });
      }
      if (item.productUid !== undefined && item.productName !== undefined) {
        context.addIssue({ code: "custom", path: ["items", index, "productName"], message: "send productUid or productName, not both" });
      }
      if (item.productVariant !== undefined && item.productName === undefined) {
        context.addIssue({ code: "custom", path: ["items", index, "productVariant"], message: "productVariant needs productName" });
      }
    });
  })
  .meta({ id: "GelatoCreateOrder" });
export type GelatoCreateOrder = z.output<typeof gelatoCreateOrder>;
export type GelatoItem = GelatoCreateOrder["items"][number];

export const gelatoFulfillmentStatuses = [
  "created",
  "uploading",
  "passed",
  "in_production",
  "printed",
  "draft",
  "failed",
  "canceled",
  "pending_approval",
  "pending_personalization",
  "digitizing",
  "not_connected",
  "on_hold",
  "shipped",
  "in_transit",
  "delivered",
  "returned",
] as const;
export const gelatoFinancialStatuses = ["draft", "pending", "invoiced", "to_be_invoiced", "paid", "canceled", "partially_refunded", "refunded", "refused"] as const;
export type GelatoFinancialStatus = (typeof gelatoFinancialStatuses)[number];
export const gelatoChannels = ["ui", "api", "shopify", "etsy", "woocommerce"] as const;
export type GelatoChannel = (typeof gelatoChannels)[number];

const isoDate = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date or date-time");

export const gelatoSearch = z
  .strictObject({
    ids: z.array(text(100)).max(500).optional(),
    orderReferenceId: text(200).optional(),
    orderReferenceIds: z.array(text(200)).max(500).optional(),
    orderTypes: z.array(z.enum(["order", "draft"])).max(2).optional(),
    fulfillmentStatuses: z.array(z.enum(gelatoFulfillmentStatuses)).max(50).optional(),
    financialStatuses: z.array(z.enum(gelatoFinancialStatuses)).max(50).optional(),
    channels: z.array(z.enum(gelatoChannels)).max(10).optional(),
    countries: z.array(countryCode).max(300).optional(),
    currencies: z.array(currencyCode).max(200).optional(),
    storeIds: z.array(text(100)).max(100).optional(),
    search: text(200).optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    limit: z.number().int().min(1).max(100, "must be at most 100").optional(),
    offset: z.number().int().min(0).max(1_000_000).optional(),
  })
  .meta({ id: "GelatoSearchOrders" });
export type GelatoSearch = z.output<typeof gelatoSearch>;

export const gelatoUpdateShipment = z
  .strictObject({
    shipmentMethodUid: text(200, { required: true }).optional(),
    shippingAddress: gelatoAddress.optional(),
  })
  .refine((body) => body.shipmentMethodUid !== undefined || body.shippingAddress !== undefined, "send shipmentMethodUid, shippingAddress or both")
  .meta({ id: "GelatoUpdateShipment" });
export type GelatoUpdateShipment = z.output<typeof gelatoUpdateShipment>;

export const gelatoPatchOrder = z.strictObject({ orderType: z.literal("order", "only \"order\" is supported: it turns a draft into an order") }).meta({ id: "GelatoPatchOrder" });

// Path parameters are checked by the routes: an id that cannot exist is a 404, not a 400.
export const orderIdParams = z.object({ orderId: z.string().describe("the order's id or your orderReferenceId") });
export const orderActionParams = z.object({ target: z.string().describe("`{orderId}:cancel`") });

// Responses (documentation; the routes build them in to-response.ts).

const nullableText = z.string().nullable();

export const gelatoAddressResponse = z.object({
  id: z.string(),
  orderId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  companyName: nullableText,
  addressLine1: z.string(),
  addressLine2: nullableText,
  city: z.string(),
  postCode: z.string(),
  state: nullableText,
  country: z.string(),
  email: nullableText,
  phone: nullableText,
  isBusiness: z.boolean(),
  federalTaxId: nullableText,
  stateTaxId: nullableText,
  registrationStateCode: nullableText,
});

export const gelatoReturnAddressResponse = z.object({
  companyName: nullableText,
  addressLine1: nullableText,
  addressLine2: nullableText,
  city: nullableText,
  postCode: nullableText,
  state: nullableText,
  country: nullableText,
  email: nullableText,
  phone: nullableText,
});

export const gelatoFileResponse = z.object({
  id: nullableText,
  type: z.string(),
  url: z.string(),
  threadColors: z.array(z.string()),
  isVisible: z.boolean(),
  fitMethod: nullableText.optional(),
  fillMethod: nullableText.optional(),
  mimeType: nullableText.optional(),
  metadata: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

export const gelatoItemResponse = z.object({
  id: z.string(),
  itemReferenceId: nullableText,
  productUid: nullableText,
  productName: nullableText,
  productVariant: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  pageCount: z.number().nullable(),
  quantity: z.number(),
  fulfillmentStatus: z.string(),
  files: z.array(gelatoFileResponse),
  processedFileUrl: nullableText,
  previews: z.array(z.object({ type: z.string(), url: z.string() })),
  options: z.array(z.object({ id: nullableText, type: z.string(), productUid: z.string(), quantity: z.number() })),
  retailPriceInclVat: z.number().nullable(),
});

export const gelatoPackageResponse = z.object({
  id: z.string(),
  orderItemIds: z.array(z.string()),
  trackingCode: nullableText,
  trackingUrl: nullableText,
});

export const gelatoShipmentResponse = z.object({
  id: z.string(),
  shipmentMethodUid: nullableText,
  shipmentMethodName: nullableText,
  packageCount: z.number(),
  minDeliveryDays: z.number().nullable(),
  maxDeliveryDays: z.number().nullable(),
  minDeliveryDate: nullableText,
  maxDeliveryDate: nullableText,
  totalWeight: z.number().nullable(),
  fulfillmentCountry: nullableText,
  packages: z.array(gelatoPackageResponse),
});

/** The fields an order and a search result share, in Gelato's order. */
const gelatoOrderHeader = z.object({
  id: z.string().describe("the order's UUID"),
  orderType: z.enum(["order", "draft"]),
  orderReferenceId: z.string(),
  customerReferenceId: nullableText,
  fulfillmentStatus: z.string(),
  financialStatus: z.string(),
  currency: nullableText,
  channel: z.string(),
  storeId: nullableText,
});
export type GelatoOrderHeader = z.infer<typeof gelatoOrderHeader>;

export const gelatoOrderResponse = gelatoOrderHeader
  .extend({
    createdAt: z.string(),
    updatedAt: z.string(),
    orderedAt: z.string(),
    items: z.array(gelatoItemResponse),
    shipment: gelatoShipmentResponse.nullable(),
    billingEntity: z.null(),
    shippingAddress: gelatoAddressResponse.nullable(),
    returnAddress: gelatoReturnAddressResponse.nullable(),
    receipts: z.array(z.never()),
    connectedOrderIds: z.array(z.string()),
    metadata: z.array(z.object({ key: z.string(), value: z.string() })),
    retailCurrency: nullableText,
    retailShippingPriceInclVat: z.number().nullable(),
  })
  .meta({ id: "GelatoOrder" });
export type GelatoOrderResponse = z.infer<typeof gelatoOrderResponse>;

export const gelatoOrderSummary = gelatoOrderHeader
  .extend({
    country: nullableText,
    firstName: nullableText,
    lastName: nullableText,
    itemsCount: z.number(),
    totalInclVat: nullableText.describe("always null: orders are not priced here"),
    connectedOrderIds: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    orderedAt: z.string(),
  })
  .meta({ id: "GelatoOrderSummary" });
export type GelatoOrderSummary = z.infer<typeof gelatoOrderSummary>;

export const gelatoSearchResponse = z.object({ orders: z.array(gelatoOrderSummary) });

export const gelatoCancelResponse = z.object({ code: z.literal(200), message: z.literal("OK") });

export const gelatoShipmentUpdateResponse = z.object({
  shippingAddress: gelatoAddressResponse.nullable(),
  shipment: z.object({
    shipmentMethodUid: nullableText,
    shipmentMethodName: nullableText,
    fulfillmentCountry: nullableText,
    fulfillmentFacilityId: nullableText,
    packageCount: z.number(),
    initialMinDeliveryDate: nullableText,
    initialMaxDeliveryDate: nullableText,
    serviceType: nullableText,
  }),
});
export type GelatoShipmentUpdateResponse = z.infer<typeof gelatoShipmentUpdateResponse>;

export const gelatoError = z
  .object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: "GelatoError" });
export type GelatoErrorBody = z.infer<typeof gelatoError>;
