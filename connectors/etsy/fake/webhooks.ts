import { createHmac, randomBytes, randomUUID } from "node:crypto";

// Etsy's webhooks follow Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds) and
// `webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`, the key being the base64 after `whsec_`.

export type EtsyWebhookEvent = { event_type: string; resource_url: string; shop_id: number };

export type DeliveryAttempt = { webhookId: string; url: string; eventType: string; attempt: number; status: number | null; at: number };

export type EmitterOptions = {
  url: string;
  /** `whsec_` followed by base64 of the signing key. */
  secret: string;
  /** Waits between attempts; Etsy's are 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after an immediate one. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
};

export const ETSY_RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** A fresh `whsec_` secret as Etsy's webhook portal shows it. */
export function createWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export class StandardWebhookEmitter {
  readonly attempts: DeliveryAttempt[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly options: EmitterOptions,
    private readonly now: () => number,
  ) {}

  emit(event: EtsyWebhookEvent): string {
    const id = `msg_${randomUUID().replace(/-/g, "")}`;
    const body = JSON.stringify(event);
    this.track(this.deliver(id, event.event_type, body, 1));
    return id;
  }

  private track(promise: Promise<void>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private async deliver(id: string, eventType: string, body: string, attempt: number): Promise<void> {
    if (this.closed) return;
    const timestamp = Math.floor(this.now() / 1000);
    let status: number | null = null;
    try {
      const response = await fetch(this.options.url, {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signStandardWebhook(this.options.secret, id, timestamp, body) },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      // no answer: retried below like a non-2xx
    }
    this.attempts.push({ webhookId: id, url: this.options.url, eventType, attempt, status, at: this.now() });
    if (status !== null && status >= 200 && status < 300) return;
    const delays = this.options.retryDelaysMs ?? ETSY_RETRY_DELAYS_MS;
    const delay = delays[attempt - 1];
    if (delay === undefined || this.closed) return;
    this.track(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.deliver(id, eventType, body, attempt + 1).finally(resolve);
        }, delay);
        this.timers.add(timer);
      }),
    );
  }

  /** Resolves once every delivery (with its retries) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
