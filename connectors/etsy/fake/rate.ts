// Etsy's per-app limits: calls per second and a rolling 24-hour budget, counted per API keystring. The
// windows use a monotonic clock so tests that freeze Date (token expiry) do not freeze the limits.

export type RateLimits = { perSecond: number; perDay: number };
export const DEFAULT_RATE_LIMITS: RateLimits = { perSecond: 10, perDay: 10_000 };

export type RateDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; retryAfterSeconds: number };

const DAY_MS = 24 * 3600_000;
const MINUTE_MS = 60_000;

type AppWindow = { recent: number[]; minutes: Map<number, number>; blockedUntil: number };

export class AppRateLimiter {
  private readonly apps = new Map<string, AppWindow>();

  constructor(
    private limits: RateLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  configure(limits: Partial<RateLimits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  /** Every call of the app answers 429 for the next `ms` (a test empties the budget). */
  block(app: string, ms: number): void {
    this.window(app).blockedUntil = this.clock() + ms;
  }

  /** Forgets every call counted so far. */
  reset(): void {
    this.apps.clear();
  }

  unblock(app: string): void {
    this.window(app).blockedUntil = 0;
  }

  /** Counts the call when it fits; otherwise says how long to wait. */
  take(app: string): RateDecision {
    const window = this.window(app);
    const at = this.clock();
    if (window.blockedUntil > at) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.blockedUntil - at) / 1000)) };
    window.recent = window.recent.filter((time) => at - time < 1000);
    const usedToday = this.usedToday(window, at);
    if (usedToday >= this.limits.perDay) return { ok: false, retryAfterSeconds: 3600 };
    if (window.recent.length >= this.limits.perSecond) return { ok: false, retryAfterSeconds: 1 };
    window.recent.push(at);
    const minute = Math.floor(at / MINUTE_MS);
    window.minutes.set(minute, (window.minutes.get(minute) ?? 0) + 1);
    return {
      ok: true,
      headers: {
        "x-limit-per-second": String(this.limits.perSecond),
        "x-remaining-this-second": String(this.limits.perSecond - window.recent.length),
        "x-limit-per-day": String(this.limits.perDay),
        "x-remaining-today": String(this.limits.perDay - usedToday - 1),
      },
    };
  }

  private usedToday(window: AppWindow, at: number): number {
    let used = 0;
    for (const [minute, count] of window.minutes) {
      if ((minute + 1) * MINUTE_MS <= at - DAY_MS) window.minutes.delete(minute);
      else used += count;
    }
    return used;
  }

  private window(app: string): AppWindow {
    let window = this.apps.get(app);
    if (!window) {
      window = { recent: [], minutes: new Map(), blockedUntil: 0 };
      this.apps.set(app, window);
    }
    return window;
  }
}
