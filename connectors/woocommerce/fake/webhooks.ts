import { createHash, createHmac, randomBytes } from "node:crypto";
import type { FakeWooSite, ResourceEvent, WebhookRecord } from "./state";

// WooCommerce's delivery (WC_Webhook): queued per (webhook, resource) so bursts collapse, sent later with
// the resource as it is then, never retried; once the failure count passes
// `woocommerce_max_webhook_delivery_failures` (5) the webhook is disabled: the 7th failure in a row.

export type WebhookDeliveryOptions = {
  /** How long a queued delivery waits for the queue runner (WP-Cron / async request). Default 50 ms. */
  delayMs?: number;
  /** WooCommerce waits 60 s for an answer; tests shorten it. */
  timeoutMs?: number;
  /** `woocommerce_max_webhook_delivery_failures`. */
  maxFailures?: number;
};

export type DeliveryAttempt = {
  webhookId: number;
  topic: string;
  resourceId: number | null;
  deliveryId: string;
  ping: boolean;
  status: number | null;
  error: string | null;
  at: number;
};

export const WC_USER_AGENT = "WooCommerce/10.3.0 Hookshot (WordPress/6.8.3)";

/** X-WC-Webhook-Signature: base64 HMAC-SHA256 of the raw body with the webhook's secret. */
export function signWebhookBody(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export class WebhookEmitter {
  readonly attempts: DeliveryAttempt[] = [];
  /** Triggers absorbed by a delivery already queued for the same webhook and resource. */
  coalesced = 0;
  private readonly queued = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly salt = randomBytes(16).toString("hex");
  private closed = false;
  private paused = false;
  private readonly held: Array<() => void> = [];

  constructor(
    private readonly site: FakeWooSite,
    private readonly source: () => string,
    private readonly render: (event: ResourceEvent) => unknown,
    private options: WebhookDeliveryOptions = {},
  ) {}

  setOptions(options: WebhookDeliveryOptions): void {
    this.options = { ...this.options, ...options };
  }

  /** Stops the queue runner (a site with broken WP-Cron); `resume` delivers what piled up. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const run of this.held.splice(0)) run();
  }

  trigger(change: ResourceEvent): void {
    for (const webhook of this.site.webhooks.values()) {
      if (webhook.status !== "active" || webhook.topic !== `${change.resource}.${change.event}`) continue;
      const key = `${webhook.id}:${change.id}`;
      if (this.queued.has(key)) {
        this.coalesced += 1;
        continue;
      }
      this.queued.add(key);
      this.later(this.options.delayMs ?? 50, () => {
        this.queued.delete(key);
        return this.deliver(webhook.id, change);
      });
    }
  }

  /** The unsigned ping WooCommerce posts right after a webhook is saved; its answer is ignored by REST. */
  async ping(webhook: WebhookRecord): Promise<DeliveryAttempt> {
    const attempt = await this.post(webhook, `webhook_id=${webhook.id}`, { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": WC_USER_AGENT });
    const record = { webhookId: webhook.id, topic: webhook.topic, resourceId: null, deliveryId: "", ping: true, ...attempt, at: Date.now() };
    this.attempts.push(record);
    return record;
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, run: () => Promise<void>): void {
    if (this.closed) return;
    let resolve: () => void = () => {};
    const done = new Promise<void>((settle) => (resolve = settle));
    this.running.add(done);
    const start = () => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        run().finally(() => {
          this.running.delete(done);
          resolve();
        });
      }, ms);
      this.timers.add(timer);
    };
    if (this.paused) {
      // Held work is not "running": idle() must not wait for a runner that is switched off.
      this.running.delete(done);
      this.held.push(() => {
        this.running.add(done);
        start();
      });
      return;
    }
    start();
  }

  private async deliver(webhookId: number, change: ResourceEvent): Promise<void> {
    const webhook = this.site.webhooks.get(webhookId);
    if (!webhook || this.closed) return;
    const body = JSON.stringify(change.event === "deleted" ? { id: change.id } : (this.render(change) ?? { id: change.id }));
    // wp_hash( id . time() ): not unique per delivery, two deliveries of one webhook in one second share it.
    const deliveryId = createHash("md5").update(`${this.salt}${webhook.id}${Math.floor(this.site.now() / 1000)}`).digest("hex");
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": WC_USER_AGENT,
      "X-WC-Webhook-Source": `${this.source()}/`,
      "X-WC-Webhook-Topic": webhook.topic,
      "X-WC-Webhook-Resource": change.resource,
      "X-WC-Webhook-Event": change.event,
      "X-WC-Webhook-Signature": signWebhookBody(body, webhook.secret),
      "X-WC-Webhook-ID": String(webhook.id),
      "X-WC-Webhook-Delivery-ID": deliveryId,
    };
    const attempt = await this.post(webhook, body, headers);
    this.attempts.push({ webhookId: webhook.id, topic: webhook.topic, resourceId: change.id, deliveryId, ping: false, ...attempt, at: Date.now() });
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 303;
    if (ok) {
      webhook.failureCount = 0;
      return;
    }
    if (webhook.failureCount > (this.options.maxFailures ?? 5)) {
      webhook.status = "disabled";
      webhook.modifiedAt = this.site.now();
      return;
    }
    webhook.failureCount += 1;
  }

  private async post(webhook: WebhookRecord, body: string, headers: Record<string, string>): Promise<{ status: number | null; error: string | null }> {
    try {
      const response = await fetch(webhook.deliveryUrl, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status, error: null };
    } catch (caught) {
      return { status: null, error: caught instanceof Error ? (caught.name === "TimeoutError" ? "timeout" : caught.message) : String(caught) };
    }
  }
}
