import { z } from "zod";
import "@/lib/validation-messages";
import { orderChannels, orderStatuses } from "@/db/schema/enums";
import type { LookupTraceEntry, StoredAddress, StoredOrderFile } from "@/db/schema";

// The canonical order every channel translates to. Dialects build a `CanonicalOrderInput`;
// intake stores it; responses are rebuilt from the stored order.

export const addressSchema = z.object({
  firstName: z.string().max(100),
  lastName: z.string().max(100),
  companyName: z.string().max(200).optional(),
  addressLine1: z.string().min(1).max(200),
  addressLine2: z.string().max(200).optional(),
  addressLine3: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  postCode: z.string().max(30),
  state: z.string().max(100).optional(),
  // Whatever the customer sent: the country lookup runs on it before the ISO code is checked.
  country: z.string().trim().min(1).max(100),
  email: z.string().max(254).optional(),
  phone: z.string().max(50).optional(),
  isBusiness: z.boolean().optional(),
  federalTaxId: z.string().max(50).optional(),
  stateTaxId: z.string().max(50).optional(),
  registrationStateCode: z.string().max(50).optional(),
});
export type Address = z.infer<typeof addressSchema>;

export const orderFileSchema = z.object({
  type: z.string().min(1).max(64),
  url: z.string().min(1).max(4096),
});
export type OrderFile = z.infer<typeof orderFileSchema>;

// db/ types its jsonb columns without importing the domain; this stops compiling if the two drift apart.
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
const _storedShapesMatch: [Same<Address, StoredAddress>, Same<OrderFile, StoredOrderFile>] = [true, true];

export type { LookupTraceEntry };

export type OrderProblem = { path: string; message: string };

export const canonicalItemSchema = z.object({
  externalItemId: z.string().max(200).optional(),
  /** The customer's product key as sent (shown in traces and the console). */
  sourceProductKey: z.string().max(500).optional(),
  /** Keys to try in the product lookup, most specific first (e.g. name with variant, then name). */
  productKeys: z.array(z.string().max(1000)).max(5).optional(),
  productUid: z.string().max(500).optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  files: z.array(orderFileSchema).max(50),
  shipmentIndex: z.number().int().min(0).default(0),
  options: z.record(z.string(), z.string()).default({}),
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type CanonicalItemInput = z.infer<typeof canonicalItemSchema>;

export const canonicalShipmentSchema = z.object({
  shipmentIndex: z.number().int().min(0),
  address: addressSchema,
  returnAddress: addressSchema.partial().optional(),
  method: z.string().max(200).optional(),
  sourceMethod: z.string().max(200).optional(),
  carrier: z.string().max(200).optional(),
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type CanonicalShipmentInput = z.infer<typeof canonicalShipmentSchema>;

export const canonicalOrderSchema = z.object({
  channel: z.enum(orderChannels),
  externalId: z.string().min(1).max(200),
  orderType: z.enum(["order", "draft"]).default("order"),
  currency: z.string().max(3).optional(),
  customerReferenceId: z.string().max(200).optional(),
  priority: z.enum(["normal", "rush"]).default("normal"),
  tags: z.array(z.string().max(100)).max(50).default([]),
  routingRuleKey: z.string().max(100).optional(),
  holdForApproval: z.boolean().default(false),
  metadata: z.array(z.object({ key: z.string().max(100), value: z.string().max(100) })).max(20).default([]),
  extra: z.record(z.string(), z.unknown()).default({}),
  items: z.array(canonicalItemSchema).min(1).max(500),
  shipments: z.array(canonicalShipmentSchema).min(1).max(50),
});
export type CanonicalOrderInput = z.input<typeof canonicalOrderSchema>;
export type CanonicalOrder = z.output<typeof canonicalOrderSchema>;

export { orderStatuses, orderChannels };
