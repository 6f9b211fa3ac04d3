// Intake first. The order APIs and the shop webhooks must answer fast (Shopify waits 5 s, then
// retries and in the end drops the subscription), while everything after the intake runs as jobs
// that may as well wait a moment. When the in-process worker shares the CPU and, on the embedded
// database, the one connection with the intake, a burst of deliveries would otherwise be slowed
// by the very jobs it creates. Intake counts the requests it is working on; job batches, the job
// relay and long polls wait while that count stays high, up to a bound, so a sustained burst
// still lets work through.

/** Intake requests in progress at once that count as a burst. */
export const BUSY_AT = 8;
/** How long after the last busy moment the intake still counts as busy. */
const BUSY_FOR_MS = 250;
/**
 * The longest work after the intake stands back at a time, by database. On PostgreSQL each round
 * of that work (the outbox relay's thousand jobs, a batch per queue) slows the commits of the
 * deliveries arriving alongside: let through every 3 s, it cost the intake about a third of its
 * throughput during a burst, so it waits up to 15 s. The embedded database runs every statement
 * on the one thread the intake also needs: there the relay's statement grows with the wait, and
 * after 15 s it held acknowledgements back for longer than a round every 3 s did.
 */
export function intakeFirstMaxMsFor(kind: "pglite" | "postgres"): number {
  return kind === "postgres" ? 15_000 : 3_000;
}

let maxWaitMs = intakeFirstMaxMsFor("pglite");

/** Sets how long work after the intake stands back at most (the job queue sets it for its database). */
export function setIntakeFirstMaxMs(ms: number): void {
  maxWaitMs = ms;
}

let inProgress = 0;
let busyUntil = 0;
let lastStartAt = 0;

/** Runs one intake request (a delivery, an order) and counts it while it is in progress. */
export async function asIntake<T>(work: () => Promise<T>): Promise<T> {
  inProgress++;
  lastStartAt = Date.now();
  if (inProgress >= BUSY_AT) busyUntil = lastStartAt + BUSY_FOR_MS;
  try {
    return await work();
  } finally {
    if (inProgress >= BUSY_AT) busyUntil = Date.now() + BUSY_FOR_MS;
    inProgress--;
  }
}

/**
 * True while a burst of intake is in progress (many requests at once and new ones still
 * arriving), or was a moment ago. Requests that stay in progress with nothing new arriving (stuck
 * on a dead connection, say) do not hold work back.
 */
export function intakeBusy(now = Date.now()): boolean {
  return (inProgress >= BUSY_AT && now - lastStartAt < BUSY_FOR_MS) || now < busyUntil;
}

/** Waits while the intake is busy, at most `maxWait` (by default the bound set for the database); resolves at once when it is not. */
export async function yieldToIntake(maxWait = maxWaitMs): Promise<void> {
  const giveUpAt = Date.now() + maxWait;
  for (let now = Date.now(); intakeBusy(now) && now < giveUpAt; now = Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(busyUntil - now, giveUpAt - now, 50))));
  }
}

/** True when no intake request is in progress and none started in the last `quietMs`. */
export function intakeQuiet(quietMs: number, now = Date.now()): boolean {
  return inProgress === 0 && now - lastStartAt >= quietMs;
}

/** Waits for a quiet moment of the intake (see intakeQuiet), at most `maxWaitMs`. */
export async function waitForQuietIntake(quietMs: number, maxWaitMs: number): Promise<void> {
  const giveUpAt = Date.now() + maxWaitMs;
  for (let now = Date.now(); !intakeQuiet(quietMs, now) && now < giveUpAt; now = Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(quietMs, giveUpAt - now, 250))));
  }
}
