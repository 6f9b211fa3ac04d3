import { z } from "zod";
import { platforms } from "@/connectors/types";
import { normalizeSiteUrl } from "@/connectors/woocommerce";
import { approvalModes, storeStatuses, variantLinkStates, webhookEventStatuses } from "@/db/schema/enums";
import { pageInput } from "../pagination";
import { orderFileSchema } from "@/lib/domain/order";

const secret = z.string().trim().min(1).max(4000);
const name = z.string().trim().min(1).max(100);
const registerWebhooks = z.boolean().default(true);

/** `acme.myshopify.com`, also when typed as a URL or in capitals. */
export const shopDomain = z
  .string()
  .trim()
  .max(300)
  .transform((value) => value.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, ""))
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/, "must be a shop domain like acme.myshopify.com"));

export const connectStoreInput = z.discriminatedUnion("platform", [
  z.object({ platform: z.literal("shopify"), name: name.optional(), shopDomain, accessToken: secret, webhookSecret: secret.optional(), registerWebhooks }),
  z.object({
    platform: z.literal("woocommerce"),
    name: name.optional(),
    siteUrl: z.url({ protocol: /^https?$/ }).max(500).transform((value) => normalizeSiteUrl(value) ?? value.replace(/\/+$/, "")),
    consumerKey: secret,
    consumerSecret: secret,
    webhookSecret: secret.optional(),
    registerWebhooks,
  }),
  z.object({
    platform: z.literal("etsy"),
    name: name.optional(),
    shopId: z.string().trim().regex(/^\d{1,20}$/, "must be the numeric Etsy shop id"),
    accessToken: secret,
    refreshToken: secret,
    expiresAt: z.iso.datetime({ offset: true }),
  }),
]);
export type ConnectStoreInput = z.input<typeof connectStoreInput>;

export const updateStoreInput = z.object({ name: name.optional(), approvalMode: z.enum(approvalModes).optional() });

export const healthStates = ["ok", "warning", "error"] as const;
export type HealthState = (typeof healthStates)[number];

export const listStoresInput = pageInput.extend({
  customerId: z.string().max(100).optional(),
  platform: z.enum(platforms).optional(),
  status: z.enum(storeStatuses).optional(),
  state: z.enum(healthStates).optional(),
});

export const listWebhookEventsInput = pageInput.extend({
  storeId: z.string().max(100).optional(),
  status: z.enum(webhookEventStatuses).optional(),
});

/** A Shopify GID (`gid://shopify/ProductVariant/123`) or the number itself: the number. */
export const externalId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((value) => value.match(/^gid:\/\/shopify\/\w+\/(\d+)(\?.*)?$/)?.[1] ?? value);

const linkFiles = z.array(orderFileSchema.extend({ url: z.url({ protocol: /^https?$/ }).max(4096) })).min(1).max(50);

export const linkVariantInput = z.object({
  externalProductId: externalId,
  externalVariantId: externalId.optional(),
  productUid: z.string().trim().min(1).max(500),
  files: linkFiles,
  /** Linking a whole product: variants whose design files differ (sizes), each with its own. */
  variants: z.array(z.object({ externalVariantId: externalId, files: linkFiles })).max(2048).optional(),
});

const booleanText = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]);

export const listStoreVariantsInput = pageInput.extend({
  linked: booleanText.optional(),
  state: z.enum(variantLinkStates).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

export const listStoreLinksInput = pageInput;

export type StoreVariantView = {
  id: string;
  storeId: string;
  externalProductId: string;
  externalVariantId: string | null;
  sku: string | null;
  productTitle: string;
  variantTitle: string | null;
  options: Record<string, string>;
  price: string | null;
  state: (typeof variantLinkStates)[number];
  attentionReason: string | null;
  link: { id: string; productUid: string; files: Array<{ type: string; url: string }>; wholeProduct: boolean } | null;
  syncedAt: string;
};

export const publishProductInput = z.object({
  productUid: z.string().trim().min(1).max(500),
  title: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(50_000).optional(),
  /** Decimal in the shop's currency, e.g. `25.00`. */
  price: z.union([z.string().trim().regex(/^\d{1,9}(\.\d{1,2})?$/, "a price such as 25.00"), z.number().nonnegative().max(999_999_999)]).transform((value) => (typeof value === "number" ? value.toFixed(2) : value)),
  status: z.enum(["draft", "active"]).default("draft"),
  options: z
    .array(z.object({ name: z.string().trim().min(1).max(255), values: z.array(z.string().trim().min(1).max(255)).min(1).max(100) }))
    .max(3)
    .optional(),
  files: linkFiles,
});

export type PublishedProductView = {
  externalProductId: string;
  linkId: string;
  productUid: string;
  variants: Array<{ externalProductId: string; externalVariantId: string | null; sku: string | null; variantTitle: string | null; options: Record<string, string> }>;
};

export const ignoreVariantInput = z.object({ externalProductId: externalId.optional(), externalVariantId: externalId });

export type StoreHealth = {
  state: HealthState;
  reason: string | null;
  status: (typeof storeStatuses)[number];
  lastWebhookAt: string | null;
  lastSyncAt: string | null;
  lastSyncError: string | null;
  webhooks: "ok" | "missing" | "disabled" | "not_managed";
  ordersWaiting: number;
  unlinkedVariants: number;
  failingJobs: number;
  /** Etsy only: the app's daily call budget (shared by every Etsy store of this server). */
  callBudget?: { limitPerDay: number; usedToday: number };
};

export type StoreView = {
  id: string;
  customerId: string;
  platform: (typeof platforms)[number];
  name: string;
  shopDomain?: string;
  siteUrl?: string;
  shopId?: string;
  status: (typeof storeStatuses)[number];
  statusReason: string | null;
  approvalMode: (typeof approvalModes)[number];
  webhookUrl: string;
  registerWebhooks: boolean;
  health: StoreHealth;
  connectedAt: string;
  createdAt: string;
  updatedAt: string;
};

export type WebhookEventView = {
  id: string;
  platform: (typeof platforms)[number];
  deliveryId: string;
  storeId: string | null;
  customerId: string | null;
  identity: string;
  topic: string;
  status: (typeof webhookEventStatuses)[number];
  outcome: string | null;
  externalOrderId: string | null;
  orderId: string | null;
  receivedAt: string;
  processedAt: string | null;
};
