import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { ShopError, type VerifiedWebhook, type WebhookCheck, type WebhookEnvelope } from "../types";
import { defineOperation, shopifyGraphql, throwOnUserErrors, type ShopifySession } from "./client";
import {
  SHOP_DOMAIN,
  shopifyFulfillmentWebhookSchema,
  shopifyOrderEditWebhookSchema,
  shopifyOrderWebhookSchema,
  shopifyWebhookCreateDataSchema,
  shopifyWebhookDeleteDataSchema,
  shopifyWebhookSubscriptionsDataSchema,
  type ShopifyWebhookSubscription,
} from "./schemas";
import { legacyId } from "./transform";

/**
 * The topics Inkbridge subscribes to per shop. The three compliance topics (customers/data_request,
 * customers/redact, shop/redact) are app configuration on Shopify, not subscriptions, and are not in
 * the WebhookSubscriptionTopic enum.
 */
export const SHOPIFY_WEBHOOK_TOPICS = [
  "ORDERS_CREATE",
  "ORDERS_UPDATED",
  "ORDERS_PAID",
  "ORDERS_CANCELLED",
  "APP_UNINSTALLED",
  "APP_SCOPES_UPDATE",
  "PRODUCTS_UPDATE",
  "PRODUCTS_DELETE",
] as const;
export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Node's incoming headers are lower-case already: look the name up before scanning for other spellings.
  const direct = headers[wanted];
  const first = Array.isArray(direct) ? direct[0] : direct;
  if (first?.trim()) return first.trim();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = first?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}

const REQUIRED_HEADERS = ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-Hmac-Sha256"] as const;

export function readWebhookEnvelope(headers: Headers): WebhookEnvelope {
  const missing = REQUIRED_HEADERS.filter((name) => header(headers, name) === undefined);
  if (missing.length) return { ok: false, status: 400, message: `Missing ${missing.join(", ")}` };
  const identity = (header(headers, "X-Shopify-Shop-Domain") as string).toLowerCase();
  if (!SHOP_DOMAIN.test(identity)) return { ok: false, status: 400, message: "X-Shopify-Shop-Domain is not a myshopify.com domain" };
  return { ok: true, deliveryId: header(headers, "X-Shopify-Webhook-Id") as string, topic: header(headers, "X-Shopify-Topic") as string, identity };
}

/** Base64 HMAC-SHA256 of the raw body, compared in constant time. */
export function isValidWebhookSignature(rawBody: Buffer, signature: string, secret: string): boolean {
  if (!secret || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function numeric(value: number | string): string | null {
  if (typeof value === "string") return value;
  return Number.isSafeInteger(value) ? String(value) : null;
}

/** Topics whose payload names an order: the others are not parsed to look for one. */
function namesAnOrder(topic: string): boolean {
  return topic.startsWith("orders/") || topic.startsWith("fulfillments/");
}

/** The order a delivery is about: the GID's tail is exact even where a JSON number would lose digits. */
export function externalOrderIdOf(topic: string, body: unknown): string | null {
  if (topic === "orders/edited") {
    const edit = shopifyOrderEditWebhookSchema.safeParse(body);
    return edit.success ? numeric(edit.data.order_edit.order_id) : null;
  }
  if (topic.startsWith("orders/")) {
    const order = shopifyOrderWebhookSchema.safeParse(body);
    if (!order.success) return null;
    const gid = order.data.admin_graphql_api_id;
    if (gid && /^gid:\/\/shopify\/Order\/\d+$/.test(gid)) return legacyId(gid);
    const id = order.data.id;
    return (typeof id === "number" && Number.isSafeInteger(id) && id >= 0) || (typeof id === "string" && /^\d+$/.test(id)) ? String(id) : null;
  }
  if (topic.startsWith("fulfillments/")) {
    const fulfillment = shopifyFulfillmentWebhookSchema.safeParse(body);
    return fulfillment.success ? numeric(fulfillment.data.order_id) : null;
  }
  return null;
}

/**
 * Shopify's order payloads open with the order's numeric id and its GID (`{"id":N,"admin_graphql_api_id":
 * "gid://shopify/Order/N"`, slashes escaped or not). When both are there and agree, the id is read
 * from the first bytes instead of parsing the whole order.
 */
const leadingOrderIds = /^\{"id":(\d{1,20}),"admin_graphql_api_id":"gid:(?:\\?\/){2}shopify\\?\/Order\\?\/(\d{1,20})"/;

function leadingOrderId(topic: string, rawBody: Buffer): string | null {
  if (!topic.startsWith("orders/") || topic === "orders/edited") return null;
  const match = leadingOrderIds.exec(rawBody.subarray(0, 160).toString("latin1"));
  return match && match[1] === match[2] ? match[1]! : null;
}

export function verifyWebhook(headers: Headers, rawBody: Buffer, secret: string): VerifiedWebhook | null {
  const envelope = readWebhookEnvelope(headers);
  if (!envelope.ok) return null;
  if (!isValidWebhookSignature(rawBody, header(headers, "X-Shopify-Hmac-Sha256") as string, secret)) return null;
  let parsed: { body: unknown } | undefined;
  const body = () => {
    if (parsed) return parsed.body;
    try {
      parsed = { body: JSON.parse(rawBody.toString("utf8")) as unknown };
    } catch {
      // Signed but not JSON: still a genuine delivery; the intake records it and nothing reads it.
      parsed = { body: null };
    }
    return parsed.body;
  };
  return {
    deliveryId: envelope.deliveryId,
    topic: envelope.topic,
    identity: envelope.identity,
    externalOrderId: leadingOrderId(envelope.topic, rawBody) ?? (namesAnOrder(envelope.topic) ? externalOrderIdOf(envelope.topic, body()) : null),
    // Parsed when read: the intake stores the raw body and needs only the order id.
    get body() {
      return body();
    },
  };
}

// ---- subscriptions ----

export const WEBHOOK_SUBSCRIPTIONS = defineOperation({
  name: "InkbridgeWebhookSubscriptions",
  query: `query InkbridgeWebhookSubscriptions($topics: [WebhookSubscriptionTopic!], $after: String) {
  webhookSubscriptions(first: 100, after: $after, topics: $topics) { pageInfo { hasNextPage endCursor } nodes { id topic uri } }
}`,
  cost: 102,
  data: shopifyWebhookSubscriptionsDataSchema,
});

export const WEBHOOK_CREATE = defineOperation({
  name: "InkbridgeWebhookCreate",
  query: `mutation InkbridgeWebhookCreate($topic: WebhookSubscriptionTopic!, $subscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $subscription) { webhookSubscription { id topic uri } userErrors { field message } }
}`,
  cost: 10,
  data: shopifyWebhookCreateDataSchema,
});

export const WEBHOOK_DELETE = defineOperation({
  name: "InkbridgeWebhookDelete",
  query: `mutation InkbridgeWebhookDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`,
  cost: 10,
  data: shopifyWebhookDeleteDataSchema,
});

/** Inkbridge's subscriptions on this shop: our topics, pointing at this store's webhook URL. */
async function listOwnSubscriptions(session: ShopifySession): Promise<ShopifyWebhookSubscription[]> {
  const own: ShopifyWebhookSubscription[] = [];
  let after: string | null = null;
  do {
    const data: z.infer<typeof shopifyWebhookSubscriptionsDataSchema> = await shopifyGraphql(session, WEBHOOK_SUBSCRIPTIONS, { topics: [...SHOPIFY_WEBHOOK_TOPICS], after });
    own.push(...data.webhookSubscriptions.nodes.filter((subscription) => subscription.uri === session.webhookUrl));
    after = data.webhookSubscriptions.pageInfo.hasNextPage ? data.webhookSubscriptions.pageInfo.endCursor : null;
  } while (after);
  return own;
}

/** Creates the subscriptions that are missing (Shopify deletes one after 8 failed deliveries); `restored` names them. */
export async function ensureWebhooks(session: ShopifySession): Promise<WebhookCheck> {
  const existing = new Set((await listOwnSubscriptions(session)).map((subscription) => subscription.topic));
  const restored: string[] = [];
  for (const topic of SHOPIFY_WEBHOOK_TOPICS) {
    if (existing.has(topic)) continue;
    const data = await shopifyGraphql(session, WEBHOOK_CREATE, { topic, subscription: { uri: session.webhookUrl, format: "JSON" } });
    if (!data.webhookSubscriptionCreate) throw new ShopError("rejected", `Shopify returned no subscription for ${topic}`);
    const { userErrors } = data.webhookSubscriptionCreate;
    // A concurrent pass created it between our look and this create: it exists, which is the point.
    if (userErrors.length > 0 && userErrors.every((error) => /already been taken/i.test(error.message))) continue;
    throwOnUserErrors(`webhookSubscriptionCreate ${topic}`, userErrors);
    restored.push(topic);
  }
  return { state: "ok", restored };
}

/** Deletes the subscriptions Inkbridge made for this store; other apps' and other addresses' stay. */
export async function removeWebhooks(session: ShopifySession): Promise<void> {
  for (const subscription of await listOwnSubscriptions(session)) {
    const data = await shopifyGraphql(session, WEBHOOK_DELETE, { id: subscription.id });
    const userErrors = data.webhookSubscriptionDelete?.userErrors ?? [];
    // Already gone (deleted by Shopify meanwhile) is what we wanted.
    if (userErrors.some((error) => /does not exist/i.test(error.message))) continue;
    throwOnUserErrors("webhookSubscriptionDelete", userErrors);
  }
}
