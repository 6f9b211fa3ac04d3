import { and, desc, eq, sql } from "drizzle-orm";
import { onInvalidate, TtlCache } from "@/lib/cache/invalidation";
import type { Database } from "@/db/client";
import { stores } from "@/db/schema";
import type { Platform, VerifiedWebhook } from "@/connectors/types";
import { isWebhookPing } from "@/connectors/woocommerce";
import { createId } from "@/lib/ids";
import { jobIdFor, pokeQueue } from "@/lib/jobs/enqueue";
import type { Logger } from "@/lib/log";
import { asIntake } from "@/lib/intake-pressure";
import { getMetrics } from "@/lib/metrics";
import type { StoreRow } from "./access";
import { connectorFor, webhookSecretsFor } from "./session";
import { storeDelivery } from "./webhook-writer";

export type WebhookReceipt =
  | { status: 200; outcome: "queued" | "duplicate" | "ignored" | "ping"; eventId: string | null }
  | { status: 400 | 401 | 404; message: string };

type Headers = Record<string, string | string[] | undefined>;

/** Header values to keep with the delivery (names lower-case, repeats joined). */
function storedHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === "authorization" || name === "cookie") continue;
    kept[name.toLowerCase()] = (Array.isArray(value) ? value.join(", ") : value).slice(0, 2000);
  }
  return kept;
}

function hasHeader(headers: Headers, name: string): boolean {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ? true : false;
}

type KnownStore = Pick<StoreRow, "id" | "customerId" | "status"> & { secrets: string[] };

// Stores by shop, kept briefly so a delivery costs one statement; connecting, disconnecting and
// status changes drop the entry (lib/cache/invalidation.ts). Unknown shops are kept too (as
// null), so a flood for shops nobody connected does not become a flood of queries.
const cache = new TtlCache<KnownStore | null>(30_000);
onInvalidate("store", (key) => cache.delete(key));

/** The active store of a shop, else the most recent disconnected one (whose key still verifies late deliveries). */
async function findStore(db: Database, platform: Platform, identity: string): Promise<KnownStore | null> {
  const key = `${platform}:${identity}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const [row] = await db
    .select()
    .from(stores)
    .where(and(eq(stores.platform, platform), eq(stores.identity, identity)))
    .orderBy(sql`${stores.status} = 'disconnected'`, desc(stores.id))
    .limit(1);
  const known = row ? { id: row.id, customerId: row.customerId, status: row.status, secrets: webhookSecretsFor(row) } : null;
  cache.set(key, known);
  return known;
}

/** A store named in the delivery address (WooCommerce): its platform must match; never cached, as ids are not invalidated. */
async function findStoreById(db: Database, platform: Platform, storeId: string): Promise<KnownStore | null> {
  const [row] = await db
    .select()
    .from(stores)
    .where(and(eq(stores.id, storeId.slice(0, 100)), eq(stores.platform, platform)));
  return row ? { id: row.id, customerId: row.customerId, status: row.status, secrets: webhookSecretsFor(row) } : null;
}

/**
 * The webhook intake: headers present, signature verified in constant time with the store's key
 * (or the app's), the delivery stored with its headers and raw body and its job queued in one
 * statement shared with the deliveries arriving alongside (webhook-writer.ts), deduplicated on the
 * platform's delivery id; the answer waits until that statement has committed. Everything else happens in the job.
 * Platforms that deliver to a per-store address (WooCommerce) pass `storeId`: an unknown one is 404.
 */
export async function receiveWebhook(input: Parameters<typeof receive>[0]): Promise<WebhookReceipt> {
  const receipt = await asIntake(() => receive(input));
  getMetrics().webhookDeliveries.inc({ platform: input.platform, outcome: receipt.status === 200 ? receipt.outcome : String(receipt.status) });
  return receipt;
}

async function receive({
  db,
  log,
  platform,
  headers,
  rawBody,
  storeId,
}: {
  db: Database;
  log: Logger;
  platform: Platform;
  headers: Headers;
  rawBody: Buffer;
  storeId?: string;
}): Promise<WebhookReceipt> {
  const connector = connectorFor(platform);
  const named = storeId === undefined ? undefined : await findStoreById(db, platform, storeId);
  if (named === null) return { status: 404, message: "No such store" };
  // WooCommerce pings a new webhook with an unsigned form `webhook_id=N` and wants 200.
  if (platform === "woocommerce" && isWebhookPing(headers, rawBody)) return { status: 200, outcome: "ping", eventId: null };
  const envelope = connector.readWebhookEnvelope(headers, rawBody);
  // shops.md: a WooCommerce delivery without its signature is refused as unsigned, not as malformed.
  if (!envelope.ok && platform === "woocommerce" && !hasHeader(headers, "x-wc-webhook-signature")) return { status: 401, message: "X-WC-Webhook-Signature is missing" };
  if (!envelope.ok) return { status: envelope.status, message: envelope.message };
  const store = named ?? (await findStore(db, platform, platform === "shopify" ? envelope.identity.toLowerCase() : envelope.identity));
  let verified: VerifiedWebhook | null = null;
  let malformed = false;
  for (const secret of store ? store.secrets : webhookSecretsFor(undefined, platform)) {
    try {
      verified = connector.verifyWebhook(headers, rawBody, secret);
    } catch {
      malformed = true;
    }
    if (verified) break;
  }
  if (!verified) {
    log.warn({ platform, storeId: store?.id, topic: envelope.topic.slice(0, 100) }, "webhook signature did not verify");
    return malformed ? { status: 400, message: "The body could not be read" } : { status: 401, message: "The webhook signature does not verify" };
  }
  const text = rawBody.toString("utf8");
  // PostgreSQL text holds no NUL characters; a body with one is not JSON any platform sends.
  if (text.includes("\u0000")) return { status: 400, message: "The body is not JSON" };

  const active = store && store.status !== "disconnected" ? store : undefined;
  const status = active ? "received" : "ignored";
  const outcome = active ? null : store ? "The store is disconnected" : `No store is connected for ${envelope.identity.slice(0, 200)}`;
  const eventId = createId("webhookEvent");
  const stored = await storeDelivery(db, {
    id: eventId,
    platform,
    delivery_id: verified.deliveryId.slice(0, 200),
    store_id: store?.id ?? null,
    customer_id: store?.customerId ?? null,
    identity: envelope.identity.slice(0, 300),
    topic: verified.topic.slice(0, 200),
    headers: storedHeaders(headers),
    raw_body: text,
    status,
    outcome,
    external_order_id: verified.externalOrderId?.slice(0, 200) ?? null,
    job: active ? { job_id: jobIdFor("store.webhook", eventId), payload: { eventId, storeId: active.id } } : null,
  });
  if (!stored) return { status: 200, outcome: "duplicate", eventId: null };
  if (active) pokeQueue();
  return { status: 200, outcome: active ? "queued" : "ignored", eventId };
}
