import { z } from "zod";

// HP Site Flow's order JSON as clients send it. Objects are loose: fields we do not map are
// kept (in the order's `extra`) and returned as sent. Clients send `null` or "" for fields they
// leave out, and numbers for ids and postcodes, so both are accepted where a string is expected.

const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === "string" && value.trim() === "");
const absent = (value: unknown) => (isBlank(value) ? undefined : value);

function text(field: string, max: number) {
  return z
    .union([z.string(), z.number()], { error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
    .transform(String)
    .pipe(z.string().trim().min(1, `${field} is required`).max(max, `${field} must be at most ${max} characters`));
}

const requiredText = (field: string, max: number) => z.preprocess(absent, text(field, max));
const optionalText = (field: string, max: number) => z.preprocess(absent, text(field, max).optional());

function whole(field: string, min: number, max: number) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a whole number`) })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max.toLocaleString("en")}`);
}

// "2" counts as 2, as in Site Flow; anything else that is not a number is refused.
const numeric = (value: unknown) => (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : absent(value));

const quantity = (field: string) => z.preprocess(numeric, whole(field, 1, 1_000_000).default(1));
const index = (field: string) => z.preprocess(numeric, whole(field, 0, 49).optional());

function object<T extends z.core.$ZodLooseShape>(field: string, shape: T) {
  return z.looseObject(shape, { error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be an object`) });
}

function list<T extends z.ZodType>(field: string, item: T, min: number, max: number, noun: string) {
  return z
    .array(item, { error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be an array`) })
    .min(min, `at least ${min} ${noun} ${min === 1 ? "is" : "are"} required`)
    .max(max, `at most ${max} ${noun}s are allowed`);
}

export const siteflowComponentSchema = object("component", {
  code: requiredText("code", 64),
  path: requiredText("path", 4096),
  fetch: z.preprocess(absent, z.union([z.boolean(), z.enum(["true", "false"])], { error: "fetch must be true or false" }).optional()),
});

export const siteflowItemSchema = z.preprocess(
  // `sourceProductId` is Site Flow's other name for the product code.
  (value) => (value && typeof value === "object" && !Array.isArray(value) && isBlank((value as { sku?: unknown }).sku) && !isBlank((value as { sourceProductId?: unknown }).sourceProductId)
    ? { ...value, sku: (value as { sourceProductId: unknown }).sourceProductId }
    : value),
  object("item", {
    sourceItemId: requiredText("sourceItemId", 200),
    sku: requiredText("sku", 500),
    quantity: quantity("quantity"),
    shipmentIndex: index("shipmentIndex"),
    components: list("components", siteflowComponentSchema, 1, 50, "component"),
  }),
);

const addressShape = {
  name: requiredText("name", 200),
  companyName: optionalText("companyName", 200),
  address1: requiredText("address1", 200),
  address2: optionalText("address2", 200),
  address3: optionalText("address3", 200),
  town: requiredText("town", 100),
  state: optionalText("state", 100),
  postcode: optionalText("postcode", 30),
  isoCountry: requiredText("isoCountry", 10),
  phone: optionalText("phone", 50),
  email: optionalText("email", 254),
};

export const siteflowAddressSchema = object("shipTo", addressShape);

export const siteflowReturnAddressSchema = object("returnAddress", {
  name: optionalText("name", 200),
  companyName: optionalText("companyName", 200),
  address1: optionalText("address1", 200),
  address2: optionalText("address2", 200),
  address3: optionalText("address3", 200),
  town: optionalText("town", 100),
  state: optionalText("state", 100),
  postcode: optionalText("postcode", 30),
  isoCountry: optionalText("isoCountry", 10),
  phone: optionalText("phone", 50),
  email: optionalText("email", 254),
});

export const siteflowCarrierSchema = object("carrier", {
  alias: optionalText("alias", 200),
  code: optionalText("code", 100),
  service: optionalText("service", 100),
});

export const siteflowShipmentSchema = object("shipment", {
  shipmentIndex: index("shipmentIndex"),
  shipTo: siteflowAddressSchema,
  returnAddress: z.preprocess(absent, siteflowReturnAddressSchema.optional()),
  carrier: siteflowCarrierSchema,
});

export const siteflowStockItemSchema = object("stock item", {
  code: requiredText("code", 200),
  quantity: quantity("quantity"),
  shipmentIndex: index("shipmentIndex"),
});

export const siteflowOrderDataSchema = object("orderData", {
  sourceOrderId: requiredText("sourceOrderId", 200),
  currency: z.preprocess(
    absent,
    z
      .string({ error: "currency must be a string" })
      .trim()
      .regex(/^[A-Za-z]{3}$/, "currency must be a three-letter ISO 4217 code")
      .transform((code) => code.toUpperCase())
      .optional(),
  ),
  tags: z.preprocess(absent, list("tags", text("tag", 100), 0, 50, "tag").optional()),
  items: list("items", siteflowItemSchema, 1, 500, "item"),
  shipments: list("shipments", siteflowShipmentSchema, 1, 50, "shipment"),
  stockItems: z.preprocess(absent, list("stockItems", siteflowStockItemSchema, 0, 500, "stock item").optional()),
});

export const siteflowOrderSchema = z
  .looseObject(
    {
      destination: object("destination", { name: requiredText("name", 100) }),
      orderData: siteflowOrderDataSchema,
    },
    { error: "The body must be a Site Flow order: {\"destination\": {…}, \"orderData\": {…}}" },
  )
  .meta({ description: "An order in HP Site Flow's JSON structure" });

export type SiteflowOrder = z.output<typeof siteflowOrderSchema>;
export type SiteflowOrderData = SiteflowOrder["orderData"];
export type SiteflowItem = SiteflowOrderData["items"][number];
export type SiteflowShipment = SiteflowOrderData["shipments"][number];
export type SiteflowAddress = z.output<typeof siteflowAddressSchema>;
export type SiteflowReturnAddress = z.output<typeof siteflowReturnAddressSchema>;
export type SiteflowCarrier = z.output<typeof siteflowCarrierSchema>;

/** `PUT /order/{id}` takes the new `orderData`, bare or wrapped as in a submission. */
export const siteflowUpdateSchema = z.looseObject({}).meta({ description: "The order's new orderData (or {destination, orderData})" });

export const orderIdParams = z.object({ id: z.string().min(1).max(200) });
export const routeParams = z.object({ key: z.string().min(1).max(200) });
export const sourceCancelParams = z.object({ sourceAccount: z.string().min(1).max(200), sourceOrderId: z.string().min(1).max(200) });

export const listQuery = z.object({
  page: z.coerce.number().int("page must be a whole number").min(1, "page must be at least 1").max(100_000).default(1),
  pagesize: z.coerce.number().int("pagesize must be a whole number").min(1, "pagesize must be at least 1").max(100, "pagesize must be at most 100").default(10),
});

export const siteflowStatuses = ["pending", "dataready", "printready", "complete", "shipped", "cancelled", "error"] as const;
export type SiteflowStatus = (typeof siteflowStatuses)[number];

const validation = z.object({ path: z.string(), message: z.string() });

export const siteflowErrorSchema = z.object({
  success: z.literal(false),
  error: z.object({ name: z.string(), code: z.number(), message: z.string(), validations: z.array(validation).optional() }),
});

const orderResponse = z.looseObject({
  _id: z.string(),
  destination: z.looseObject({ name: z.string() }),
  orderData: z.looseObject({ sourceOrderId: z.string(), status: z.enum(siteflowStatuses) }),
});

export const orderEnvelopeSchema = z.object({ success: z.literal(true), order: orderResponse });
export const successSchema = z.object({ success: z.literal(true) });
export const orderListSchema = z.object({ data: z.array(orderResponse), page: z.number(), pagesize: z.number(), count: z.number() });
