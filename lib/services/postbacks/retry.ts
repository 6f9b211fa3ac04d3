// When a failed postback is tried again: exponential backoff (10 s, 30 s, 90 s, … up to 6 h
// apart) with ±20 % jitter, for 24 hours. A receiver's Retry-After can only push an attempt later.

export const retryWindowMs = 24 * 3600_000;
export const requestTimeoutMs = 15_000;
/**
 * An attempt holds the delivery this long (twice the request's time limit), so a second worker
 * does not send it at the same time; a worker killed mid-attempt delays the delivery this much.
 */
export const attemptLeaseMs = 2 * requestTimeoutMs;

const firstDelayMs = 10_000;
const maxDelayMs = 6 * 3600_000;

/** The pause after the `attemptsSoFar`-th failed attempt. */
export function backoffDelayMs(attemptsSoFar: number, random: () => number = Math.random): number {
  const base = Math.min(firstDelayMs * 3 ** Math.max(0, attemptsSoFar - 1), maxDelayMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** When to try again, or null when the retry window is over. */
export function nextAttemptAt(input: { attemptsSoFar: number; now: Date; retryUntil: Date; retryAfterMs?: number | null; random?: () => number }): Date | null {
  if (input.now.getTime() >= input.retryUntil.getTime()) return null;
  const delay = Math.max(backoffDelayMs(input.attemptsSoFar, input.random), Math.min(input.retryAfterMs ?? 0, maxDelayMs));
  return new Date(Math.min(input.now.getTime() + delay, input.retryUntil.getTime()));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, now = new Date()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
