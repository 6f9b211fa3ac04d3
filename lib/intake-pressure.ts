// Intake first. The order APIs and the shop webhooks must answer fast (Shopify waits 5 s, then
// retries and in the end drops the subscription), while everything after the intake runs as jobs
// that may as well wait a moment. When the in-process worker shares the CPU and, on the embedded
// database, the one connection with the intake, a burst of deliveries would otherwise be slowed
// by the very jobs it creates. The intake writers report how many items they hold; a job batch
// waits while that stays high, up to a bound, so a sustained burst still lets work through.

/** Items held by the intake writers (waiting for or inside a statement) that count as a burst. */
export const BUSY_AT = 8;
/** How long after the last busy moment the intake still counts as busy. */
const BUSY_FOR_MS = 250;

let held = 0;
let busyUntil = 0;

/** An intake writer took on `count` items (negative when they were written). */
export function intakeHeld(count: number): void {
  held += count;
  if (held >= BUSY_AT) busyUntil = Date.now() + BUSY_FOR_MS;
}

/** True while a burst of intake is being written, or was a moment ago. */
export function intakeBusy(now = Date.now()): boolean {
  return now < busyUntil;
}

/**
 * Waits while the intake is busy, at most `maxWaitMs`; resolves at once when it is not. Job
 * batches in a process that also takes intake call this before they start.
 */
export async function yieldToIntake(maxWaitMs: number): Promise<void> {
  const giveUpAt = Date.now() + maxWaitMs;
  for (let now = Date.now(); intakeBusy(now) && now < giveUpAt; now = Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(busyUntil - now, giveUpAt - now, 50)));
  }
}
