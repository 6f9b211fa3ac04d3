import { createHmac, timingSafeEqual } from "node:crypto";
import type { VerifiedWebhook, WebhookCheck, WebhookEnvelope } from "../types";
import type { EtsySession } from "./client";
import { etsyWebhookEventSchema, type EtsyWebhookEvent } from "./schemas";

// Etsy's webhooks (commercial apps, endpoints registered by hand in Etsy's developer portal) follow Standard
// Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>` over
// `id.timestamp.body`, keyed with the base64 after `whsec_`. The event names the shop only in its body.

/** Standard Webhooks' tolerance for `webhook-timestamp`, against replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const REQUIRED_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

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

function parseEvent(rawBody: Buffer | undefined): EtsyWebhookEvent | null {
  if (!rawBody) return null;
  try {
    const parsed = etsyWebhookEventSchema.safeParse(JSON.parse(rawBody.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Headers present, and (given the body) the event type and shop it names; nothing is verified yet. */
export function readWebhookEnvelope(headers: Headers, rawBody?: Buffer): WebhookEnvelope {
  const missing = REQUIRED_HEADERS.filter((name) => header(headers, name) === undefined);
  if (missing.length) return { ok: false, status: 400, message: `Missing ${missing.join(", ")}` };
  const deliveryId = header(headers, "webhook-id") as string;
  // Without the body the shop is unknown, and a delivery must not be taken for an unconnected shop's.
  if (rawBody === undefined) return { ok: false, status: 400, message: "Etsy names the event and shop in the body: read the envelope with the raw body" };
  const event = parseEvent(rawBody);
  if (!event) return { ok: false, status: 400, message: "The body is not an Etsy event (event_type and shop_id)" };
  return { ok: true, deliveryId, topic: event.event_type, identity: String(event.shop_id) };
}

function signingKey(secret: string): Buffer | null {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!encoded || encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  return Buffer.from(encoded, "base64");
}

/** True when one of the `v1,<base64>` signatures matches, compared in constant time, and the timestamp is recent. */
export function isValidWebhookSignature(input: { id: string; timestamp: string; signature: string; rawBody: Buffer; secret: string; now?: number }): boolean {
  const key = signingKey(input.secret);
  if (!key || !/^\d{1,12}$/.test(input.timestamp)) return false;
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(now - Number(input.timestamp)) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", key).update(`${input.id}.${input.timestamp}.`).update(input.rawBody).digest();
  let matched = false;
  for (const entry of input.signature.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

/** The receipt a delivery is about, from `resource_url` (`…/shops/{shop_id}/receipts/{receipt_id}`). */
export function externalOrderIdOf(event: EtsyWebhookEvent): string | null {
  if (!event.resource_url) return null;
  return /\/receipts\/(\d+)(?:[/?#]|$)/.exec(event.resource_url)?.[1] ?? null;
}

export function verifyWebhook(headers: Headers, rawBody: Buffer, secret: string, now?: number): VerifiedWebhook | null {
  const envelope = readWebhookEnvelope(headers, rawBody);
  if (!envelope.ok) return null;
  const signed = isValidWebhookSignature({ id: envelope.deliveryId, timestamp: header(headers, "webhook-timestamp") as string, signature: header(headers, "webhook-signature") as string, rawBody, secret, now });
  if (!signed) return null;
  const event = parseEvent(rawBody) as EtsyWebhookEvent;
  return { deliveryId: envelope.deliveryId, topic: event.event_type, identity: String(event.shop_id), externalOrderId: externalOrderIdOf(event), body: JSON.parse(rawBody.toString("utf8")) as unknown };
}

/** Etsy has no API for per-shop subscriptions: the endpoint is configured once for the app in Etsy's portal. */
export async function ensureWebhooks(_session: EtsySession): Promise<WebhookCheck> {
  return { state: "not_managed", restored: [] };
}

export async function removeWebhooks(_session: EtsySession): Promise<void> {}
