import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { postbackAttempts, postbackDeliveries, postbackTriggers } from "@/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { RetryAtError } from "@/lib/jobs/types";
import { queueMail } from "@/lib/mail/send";
import { renderText } from "@/lib/mail/layout";
import { getEnv } from "@/lib/env";
import { getMetrics } from "@/lib/metrics";
import { version } from "@/lib/version";
import { withTransaction, type ServiceContext } from "../context";
import { contentTypeOf, type PostbackMail } from "./bodies";
import { attemptLeaseMs, nextAttemptAt, parseRetryAfter } from "./retry";
import { postbackPolicy, sendHttp, type HttpOutcome } from "./send-http";
import { signedHeaders } from "./signature";
import { signingSecrets } from "./secret";
import { triggerHeaders } from "./view";

export type DeliverOutcome = "succeeded" | "retrying" | "failed" | "skipped";

/**
 * Another worker holds this delivery (sending it now, or killed while it did); the job tries again
 * as the hold ends, not after the queue's backoff, which after a crash waited two minutes.
 */
export class DeliveryBusyError extends RetryAtError {
  constructor(deliveryId: string, heldUntil: Date) {
    super(`Postback ${deliveryId} is being sent by another worker`, new Date(heldUntil.getTime() + busyRetryMarginMs));
    this.name = "DeliveryBusyError";
  }
}

/** After a hold ends, the next try waits this much longer, so it finds the delivery free. */
const busyRetryMarginMs = 250;

const loggedBodyChars = 16_384;
const redacted = "[redacted]";

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (truncated)` : text;
}

type DeliveryRow = typeof postbackDeliveries.$inferSelect;
type TriggerRow = typeof postbackTriggers.$inferSelect;

/**
 * Makes attempt number `attempt` of a delivery. Runs only while the delivery is due and has made
 * `attempt - 1` attempts, so a repeated or stale job sends nothing; a delivery that succeeded is
 * sent again only through a resend. Failed attempts schedule the next one until the retry window
 * closes, then the delivery is `failed`.
 */
export async function deliverPostback(ctx: ServiceContext, job: { deliveryId: string; attempt: number }): Promise<DeliverOutcome> {
  const [found] = await ctx.db
    .select({ delivery: postbackDeliveries, trigger: postbackTriggers })
    .from(postbackDeliveries)
    .innerJoin(postbackTriggers, eq(postbackTriggers.id, postbackDeliveries.triggerId))
    .where(eq(postbackDeliveries.id, job.deliveryId));
  if (!found) return "skipped";
  if (found.trigger.kind === "email") return deliverByEmail(ctx, found.trigger, job);
  return deliverByHttp(ctx, found.trigger, job);
}

function isOpen(row: DeliveryRow, attempt: number): boolean {
  return (row.status === "pending" || row.status === "retrying") && row.attempts === attempt - 1;
}

async function deliverByEmail(ctx: ServiceContext, trigger: TriggerRow, job: { deliveryId: string; attempt: number }): Promise<DeliverOutcome> {
  // Queuing a mail is a database write, so the whole attempt is one transaction: exactly once.
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select().from(postbackDeliveries).where(eq(postbackDeliveries.id, job.deliveryId)).for("update");
    if (!row || !isOpen(row, job.attempt)) return "skipped";
    const started = performance.now();
    const mail = JSON.parse(row.body) as PostbackMail;
    const mailId = await queueMail(tx, { to: trigger.email!, subject: mail.subject, content: mail.content });
    const now = new Date();
    await tx.db.insert(postbackAttempts).values({
      deliveryId: row.id,
      attempt: job.attempt,
      request: { to: trigger.email!, body: truncate(`Subject: ${mail.subject}\n\n${renderText(mail.content)}`, loggedBodyChars) },
      responseBody: `Mail ${mailId} queued`,
      durationMs: Math.round(performance.now() - started),
    });
    await tx.db
      .update(postbackDeliveries)
      .set({ status: "succeeded", attempts: job.attempt, nextAttemptAt: null, lastStatusCode: null, lastError: null, deliveredAt: now })
      .where(eq(postbackDeliveries.id, row.id));
    getMetrics().postbacks.inc({ outcome: "succeeded" });
    return "succeeded";
  });
}

/** Takes the delivery for one attempt: due, still open, and not held by another worker. */
async function claim(ctx: ServiceContext, job: { deliveryId: string; attempt: number }, now: Date): Promise<DeliveryRow | undefined> {
  const [claimed] = await ctx.db
    .update(postbackDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + attemptLeaseMs) })
    .where(
      and(
        eq(postbackDeliveries.id, job.deliveryId),
        eq(postbackDeliveries.attempts, job.attempt - 1),
        inArray(postbackDeliveries.status, ["pending", "retrying"]),
        or(isNull(postbackDeliveries.nextAttemptAt), lte(postbackDeliveries.nextAttemptAt, now)),
      ),
    )
    .returning();
  return claimed;
}

function requestHeaders(trigger: TriggerRow, body: string, signed: Record<string, string>) {
  const headers: Record<string, string> = { "content-type": contentTypeOf(body), "user-agent": `Inkbridge-Postbacks/${version}` };
  const logged: Record<string, string> = { ...headers };
  for (const [name, value] of Object.entries(triggerHeaders(trigger))) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name.toLowerCase()) {
        delete headers[key];
        delete logged[key];
      }
    }
    headers[name] = value;
    logged[name] = name.toLowerCase() === "content-type" ? value : redacted;
  }
  Object.assign(headers, signed);
  Object.assign(logged, signed);
  return { headers, logged };
}

async function deliverByHttp(ctx: ServiceContext, trigger: TriggerRow, job: { deliveryId: string; attempt: number }): Promise<DeliverOutcome> {
  const row = await claim(ctx, job, new Date());
  if (!row) {
    const [current] = await ctx.db.select().from(postbackDeliveries).where(eq(postbackDeliveries.id, job.deliveryId));
    if (!current || !isOpen(current, job.attempt)) return "skipped";
    throw new DeliveryBusyError(job.deliveryId, current.nextAttemptAt ?? new Date());
  }
  const secrets = await signingSecrets(ctx.db, row.customerId);
  const { headers, logged } = requestHeaders(trigger, row.body, signedHeaders(secrets, row.webhookId, row.body));
  const method = trigger.method ?? "POST";
  const outcome = await sendHttp({ url: trigger.url!, method, headers, body: row.body }, postbackPolicy(getEnv()));
  const result = await recordHttpAttempt(ctx, row, job.attempt, { url: trigger.url!, method, headers: logged }, outcome);
  getMetrics().postbacks.inc({ outcome: result });
  ctx.log.info({ deliveryId: row.id, attempt: job.attempt, status: outcome.status, outcome: result, durationMs: outcome.durationMs }, "postback attempt");
  return result;
}

async function recordHttpAttempt(
  ctx: ServiceContext,
  row: DeliveryRow,
  attempt: number,
  request: { url: string; method: string; headers: Record<string, string> },
  outcome: HttpOutcome,
): Promise<DeliverOutcome> {
  return withTransaction(ctx, async (tx) => {
    const now = new Date();
    await tx.db.insert(postbackAttempts).values({
      deliveryId: row.id,
      attempt,
      request: { ...request, body: truncate(row.body, loggedBodyChars) },
      responseStatus: outcome.status,
      responseBody: outcome.body,
      durationMs: outcome.durationMs,
      error: outcome.error,
    });
    const current = and(eq(postbackDeliveries.id, row.id), eq(postbackDeliveries.attempts, attempt - 1));
    const last = { attempts: attempt, lastStatusCode: outcome.status, lastError: outcome.error };
    if (outcome.ok) {
      await tx.db
        .update(postbackDeliveries)
        .set({ ...last, status: "succeeded", nextAttemptAt: null, deliveredAt: now })
        .where(current);
      return "succeeded";
    }
    const next = nextAttemptAt({ attemptsSoFar: attempt, now, retryUntil: row.retryUntil, retryAfterMs: parseRetryAfter(outcome.retryAfter, now) });
    if (!next) {
      await tx.db
        .update(postbackDeliveries)
        .set({ ...last, status: "failed", nextAttemptAt: null })
        .where(current);
      return "failed";
    }
    const [updated] = await tx.db
      .update(postbackDeliveries)
      .set({ ...last, status: "retrying", nextAttemptAt: next })
      .where(current)
      .returning({ id: postbackDeliveries.id });
    if (updated) await enqueue(tx, "postback.deliver", { deliveryId: row.id, attempt: attempt + 1 }, { key: `${row.id}:${attempt + 1}`, startAfter: next });
    return "retrying";
  });
}
