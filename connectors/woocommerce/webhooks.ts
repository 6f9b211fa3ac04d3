import { createHmac, timingSafeEqual } from "node:crypto";
import { ShopError, type VerifiedWebhook, type WebhookCheck, type WebhookEnvelope, type WebhookSubscriptionState } from "../types";
import { nextPage, normalizeSiteUrl, parseAnswer, wooRequest, type WooSession } from "./client";
import { wooWebhookBodySchema, wooWebhookListSchema, wooWebhookSchema, type WooWebhook } from "./schemas";

/** The topics Inkbridge subscribes to per site: orders (status changes arrive as updates) and products. */
export const WOO_WEBHOOK_TOPICS = ["order.created", "order.updated", "product.updated", "product.deleted"] as const;
export type WooWebhookTopic = (typeof WOO_WEBHOOK_TOPICS)[number];

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = first?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}

export const REQUIRED_HEADERS = ["X-WC-Webhook-Topic", "X-WC-Webhook-Source", "X-WC-Webhook-ID", "X-WC-Webhook-Delivery-ID", "X-WC-Webhook-Signature"] as const;

/**
 * The form ping WooCommerce posts when a webhook is saved: `webhook_id=N`, no X-WC-* headers and no
 * signature. The intake answers it 200 before it asks for a signature (shops.md).
 */
export function isWebhookPing(headers: Headers, rawBody: Buffer): boolean {
  if (header(headers, "X-WC-Webhook-Signature") !== undefined || header(headers, "X-WC-Webhook-Topic") !== undefined) return false;
  return rawBody.length < 64 && /^webhook_id=\d+$/.test(rawBody.toString("utf8").trim());
}

export function readWebhookEnvelope(headers: Headers): WebhookEnvelope {
  const missing = REQUIRED_HEADERS.filter((name) => header(headers, name) === undefined);
  if (missing.length) return { ok: false, status: 400, message: `Missing ${missing.join(", ")}` };
  const identity = normalizeSiteUrl(header(headers, "X-WC-Webhook-Source") as string);
  if (!identity) return { ok: false, status: 400, message: "X-WC-Webhook-Source is not a site URL" };
  return { ok: true, deliveryId: header(headers, "X-WC-Webhook-Delivery-ID") as string, topic: header(headers, "X-WC-Webhook-Topic") as string, identity };
}

/** Base64 HMAC-SHA256 of the raw body with the webhook's secret, compared in constant time. */
export function isValidWebhookSignature(rawBody: Buffer, signature: string, secret: string): boolean {
  if (!secret || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The resource id a delivery is about (order or product bodies carry `id`; deleted ones only that). */
function resourceIdOf(body: unknown): string | null {
  const parsed = wooWebhookBodySchema.safeParse(body);
  if (!parsed.success) return null;
  const id = parsed.data.id;
  return typeof id === "number" ? (Number.isSafeInteger(id) ? String(id) : null) : id;
}

/**
 * Verifies a delivery. WooCommerce's delivery id is `wp_hash(webhook id . unix time)`: two deliveries of
 * one webhook in the same second share it, so the verified `deliveryId` adds the resource id.
 */
export function verifyWebhook(headers: Headers, rawBody: Buffer, secret: string): VerifiedWebhook | null {
  const envelope = readWebhookEnvelope(headers);
  if (!envelope.ok) return null;
  if (!isValidWebhookSignature(rawBody, header(headers, "X-WC-Webhook-Signature") as string, secret)) return null;
  let body: unknown = null;
  try {
    body = JSON.parse(rawBody.toString("utf8")) as unknown;
  } catch {
    // Signed but not JSON: still genuine; the intake records it and nothing reads it.
  }
  const resourceId = resourceIdOf(body);
  return {
    deliveryId: resourceId ? `${envelope.deliveryId}:${resourceId}` : envelope.deliveryId,
    topic: envelope.topic,
    identity: envelope.identity,
    externalOrderId: envelope.topic.startsWith("order.") ? resourceId : null,
    body,
  };
}

// ---- subscriptions ----

/** Inkbridge's webhooks on this site: our topics, delivering to this store's webhook URL. */
export async function listOwnWebhooks(session: WooSession): Promise<WooWebhook[]> {
  const own: WooWebhook[] = [];
  for (let page: number | null = 1; page !== null; ) {
    const response = await wooRequest(session, { operation: "listWebhooks", method: "GET", path: "webhooks", params: { per_page: 100, page } });
    const webhooks = parseAnswer(wooWebhookListSchema, response.body, "listWebhooks");
    own.push(...webhooks.filter((webhook) => webhook.delivery_url === session.webhookUrl && (WOO_WEBHOOK_TOPICS as readonly string[]).includes(webhook.topic)));
    page = webhooks.length === 0 ? null : nextPage(response, page);
  }
  return own;
}

/**
 * Creates the missing webhooks and turns `paused`/`disabled` ones (WooCommerce disables a webhook after
 * repeated failed deliveries) back on with the store's secret. `restored` names both; the state is
 * `disabled` when any had been switched off, so health can tell deliveries were lost meanwhile.
 */
export async function ensureWebhooks(session: WooSession): Promise<WebhookCheck> {
  const secret = session.credentials.webhookSecret;
  if (!secret) throw new ShopError("rejected", "The store has no webhook secret", { field: "webhookSecret" });
  const existing = await listOwnWebhooks(session);
  const restored: string[] = [];
  let state: WebhookSubscriptionState = "ok";
  for (const topic of WOO_WEBHOOK_TOPICS) {
    const mine = existing.filter((webhook) => webhook.topic === topic);
    if (mine.some((webhook) => webhook.status === "active")) continue;
    const off = mine[0];
    if (off) {
      const response = await wooRequest(session, { operation: "enableWebhook", method: "PUT", path: `webhooks/${off.id}`, body: { status: "active", secret } });
      parseAnswer(wooWebhookSchema, response.body, "enableWebhook");
      state = "disabled";
      restored.push(topic);
      continue;
    }
    const response = await wooRequest(session, {
      operation: "createWebhook",
      method: "POST",
      path: "webhooks",
      body: { name: `Inkbridge ${topic}`, topic, delivery_url: session.webhookUrl, secret, status: "active" },
    });
    parseAnswer(wooWebhookSchema, response.body, "createWebhook");
    restored.push(topic);
  }
  return { state, restored };
}

/** Deletes the webhooks Inkbridge made for this store; other apps' and other addresses' stay. */
export async function removeWebhooks(session: WooSession): Promise<void> {
  for (const webhook of await listOwnWebhooks(session)) {
    // Already gone (deleted meanwhile) is what we wanted.
    await wooRequest(session, { operation: "deleteWebhook", method: "DELETE", path: `webhooks/${webhook.id}`, params: { force: "true" }, accept: [404] });
  }
}
