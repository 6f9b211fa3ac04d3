import { createHmac, randomUUID } from "node:crypto";
import type { ShopRecord, WebhookSubscriptionRecord } from "./state";
import { ADMIN_API_VERSION } from "./schema";

export type WebhookFaults = {
  // Probability that a delivery is sent twice (same X-Shopify-Webhook-Id).
  duplicateProbability?: number;
  // Probability that a delivery is held back up to maxDelayMs, so later events overtake it.
  outOfOrderProbability?: number;
  maxDelayMs?: number;
  seed?: number;
};

export type WebhookDeliveryOptions = {
  // Waits before each retry; Shopify retries 8 times over about 4 hours.
  retryDelaysMs?: number[];
  timeoutMs?: number;
  // Consecutive failed deliveries after which an Admin API subscription is deleted.
  maxConsecutiveFailures?: number;
};

export type DeliveryAttempt = {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  uri: string;
  attempt: number;
  duplicate: boolean;
  status: number | null;
  error: string | null;
  at: number;
};

export const DEFAULT_RETRY_DELAYS_MS = [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000, 6_840_000];

// Topic in its REST form ("orders/create") to the GraphQL enum (ORDERS_CREATE) and back.
export function topicToEnum(topic: string): string {
  return topic.replace("/", "_").toUpperCase();
}
export function enumToTopic(value: string): string {
  return value.toLowerCase().replace("_", "/");
}

// mulberry32: small, seedable, good enough to make fault injection reproducible.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

type Delivery = { shop: ShopRecord; subscription: WebhookSubscriptionRecord | null; uri: string; topic: string; body: string; webhookId: string; eventId: string; triggeredAt: string; name: string | null };

export class WebhookEmitter {
  readonly attempts: DeliveryAttempt[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  private closed = false;

  constructor(
    private readonly secret: string,
    private faults: WebhookFaults,
    private readonly delivery: WebhookDeliveryOptions = {},
  ) {
    this.random = seededRandom(faults.seed ?? 1);
  }

  setFaults(faults: WebhookFaults): void {
    this.faults = { ...this.faults, ...faults };
  }

  // One merchant action: one event id, one delivery (own webhook id) per matching subscription.
  emit(shop: ShopRecord, topic: string, payload: Record<string, unknown>): string {
    const eventId = randomUUID();
    const triggeredAt = new Date().toISOString();
    for (const subscription of shop.subscriptions.values()) {
      if (subscription.topic !== topicToEnum(topic)) continue;
      const body = JSON.stringify(subscription.includeFields.length ? pick(payload, subscription.includeFields) : payload);
      this.schedule({ shop, subscription, uri: subscription.uri, topic, body, webhookId: randomUUID(), eventId, triggeredAt, name: subscription.name });
    }
    return eventId;
  }

  // Compliance topics are configured in the app, not by the API: they go to the given address.
  emitTo(shop: ShopRecord, uri: string, topic: string, payload: Record<string, unknown>): string {
    const eventId = randomUUID();
    this.schedule({ shop, subscription: null, uri, topic, body: JSON.stringify(payload), webhookId: randomUUID(), eventId, triggeredAt: new Date().toISOString(), name: null });
    return eventId;
  }

  // Resolves when every delivery, including retries and duplicates, has finished.
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(delivery: Delivery): void {
    const outOfOrder = this.random() < (this.faults.outOfOrderProbability ?? 0);
    const delay = outOfOrder ? Math.floor(this.random() * (this.faults.maxDelayMs ?? 200)) + 1 : 0;
    const duplicate = this.random() < (this.faults.duplicateProbability ?? 0);
    this.later(delay, () => this.attempt(delivery, 1, false));
    if (duplicate) this.later(delay + Math.floor(this.random() * 20), () => this.attempt(delivery, 1, true));
  }

  private later(ms: number, run: () => Promise<void>): void {
    if (this.closed) return;
    let resolve: () => void = () => {};
    const done = new Promise<void>((r) => (resolve = r));
    this.pending.add(done);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run().finally(() => {
        this.pending.delete(done);
        resolve();
      });
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery, attempt: number, duplicate: boolean): Promise<void> {
    if (this.closed) return;
    // A subscription deleted after the trigger still gets the deliveries already under way, as on Shopify.
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Hmac-Sha256": signWebhook(delivery.body, this.secret),
      "X-Shopify-Shop-Domain": delivery.shop.domain,
      "X-Shopify-API-Version": ADMIN_API_VERSION,
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Event-Id": delivery.eventId,
      "X-Shopify-Triggered-At": delivery.triggeredAt,
    };
    if (delivery.name) headers["X-Shopify-Name"] = delivery.name;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.uri, { method: "POST", headers, body: delivery.body, signal: AbortSignal.timeout(this.delivery.timeoutMs ?? 5000) });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      error = caught instanceof Error ? caught.name === "TimeoutError" ? "timeout" : caught.message : String(caught);
    }
    const ok = status !== null && status >= 200 && status < 300;
    this.attempts.push({ webhookId: delivery.webhookId, eventId: delivery.eventId, topic: delivery.topic, shop: delivery.shop.domain, uri: delivery.uri, attempt, duplicate, status, error, at: Date.now() });
    if (duplicate) return;
    const subscription = delivery.subscription;
    if (ok) {
      if (subscription) subscription.consecutiveFailures = 0;
      return;
    }
    if (subscription) {
      subscription.consecutiveFailures += 1;
      if (subscription.consecutiveFailures >= (this.delivery.maxConsecutiveFailures ?? 8)) {
        delivery.shop.subscriptions.delete(subscription.id);
        return;
      }
    }
    const delays = this.delivery.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const wait = delays[attempt - 1];
    if (wait === undefined) return;
    this.later(wait, () => this.attempt(delivery, attempt + 1, false));
  }
}

function pick(payload: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => field in payload).map((field) => [field, payload[field]]));
}
