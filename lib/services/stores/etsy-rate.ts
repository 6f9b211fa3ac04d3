import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { queryRows, type Database } from "@/db/client";
import { ShopError } from "@/connectors/types";
import { getEtsyRateLimiter, InMemoryEtsyRateLimiter, setEtsyRateLimiter, type EtsyDailyBudget, type EtsyRateLimiter, type EtsyRateObservation } from "@/connectors/etsy";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";

// Etsy counts calls per app (keystring), whatever process makes them, so every process counts in one
// place: Redis when REDIS_URL is set, else the database's throttle_counters. Fixed windows allow a burst
// across a boundary, so each one-second window takes half of Etsy's per-second limit.

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
const DEFAULT_PER_SECOND = 10;
const DEFAULT_PER_DAY = 10_000;
// Waiting longer than this gives the job back to the queue instead of holding a worker.
const MAX_WAIT_MS = 30_000;

/** One counting call: the counts after this call (0 when paused), and how long a pause has left. */
export type EtsyRateHit = { second: number; day: number; dayEndsInMs: number; pausedForMs: number };

/** Where the app's counts live; both implementations answer one round trip per call. */
export type EtsyRateStore = {
  hit(secondKey: string, dayKey: string, pauseKey: string): Promise<EtsyRateHit>;
  refundDay(dayKey: string): Promise<void>;
  pause(pauseKey: string, ms: number): Promise<void>;
  usage(dayKey: string): Promise<{ used: number; endsInMs: number }>;
};

export type EtsyUsage = { limitPerDay: number; usedToday: number; remainingToday: number; resetsInMs: number };

/** The app's limiter shared by every process: per-second and per-day windows, Etsy's pauses after a 429. */
export class SharedEtsyRateLimiter implements EtsyRateLimiter {
  private perSecond = DEFAULT_PER_SECOND;
  private perDay = DEFAULT_PER_DAY;
  private daily: EtsyDailyBudget | null = null;
  private readonly keys: { second: string; day: string; pause: string };

  constructor(
    private readonly store: EtsyRateStore,
    app: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.keys = { second: `etsy:${app}:second`, day: `etsy:${app}:day`, pause: `etsy:${app}:pause` };
  }

  async acquire(): Promise<() => void> {
    let waited = 0;
    for (;;) {
      const hit = await this.store.hit(this.keys.second, this.keys.day, this.keys.pause);
      let wait: number;
      if (hit.pausedForMs > 0) {
        wait = hit.pausedForMs;
      } else if (hit.day > this.perDay) {
        await this.store.refundDay(this.keys.day);
        throw new ShopError("throttled", "Etsy's daily call budget for this app is used up", { retryAfterMs: Math.min(hit.dayEndsInMs, 3_600_000) });
      } else if (hit.second > Math.max(1, Math.floor(this.perSecond / 2))) {
        await this.store.refundDay(this.keys.day);
        wait = SECOND_MS - (Date.now() % SECOND_MS) + Math.round(Math.random() * 50);
      } else {
        return () => {};
      }
      if (waited + wait > MAX_WAIT_MS) throw new ShopError("throttled", "Etsy's call budget for this app is busy; trying again later", { retryAfterMs: wait });
      waited += wait;
      await this.sleep(wait);
    }
  }

  observe(observation: EtsyRateObservation): void {
    if (observation.limitPerSecond && observation.limitPerSecond > 0) this.perSecond = observation.limitPerSecond;
    if (observation.limitPerDay && observation.limitPerDay > 0) this.perDay = observation.limitPerDay;
    if (observation.limitPerDay !== undefined && observation.remainingToday !== undefined) {
      this.daily = { limitPerDay: observation.limitPerDay, remainingToday: observation.remainingToday, observedAt: new Date().toISOString() };
    }
    if (observation.throttledForMs !== undefined) {
      // Every process holds back, not only the one that was told.
      this.store.pause(this.keys.pause, observation.throttledForMs).catch((error) => getLogger().warn({ err: error }, "the Etsy pause could not be shared"));
    }
  }

  dailyBudget(): EtsyDailyBudget | null {
    return this.daily;
  }

  /** Calls counted today against the app's daily limit (for health and the poll schedule). */
  async usage(): Promise<EtsyUsage> {
    const { used, endsInMs } = await this.store.usage(this.keys.day);
    const limitPerDay = this.daily?.limitPerDay ?? this.perDay;
    // Etsy's own count wins when it says fewer calls are left (other apps' tools, calls before a restart).
    const remaining = Math.max(0, Math.min(limitPerDay - used, this.daily?.remainingToday ?? Number.POSITIVE_INFINITY));
    return { limitPerDay, usedToday: limitPerDay - remaining, remainingToday: remaining, resetsInMs: endsInMs };
  }
}

/** Counts in throttle_counters, each call one upsert statement (as sign-in throttling does). */
export function databaseRateStore(db: Database): EtsyRateStore {
  return {
    async hit(secondKey, dayKey, pauseKey) {
      const [row] = await queryRows<{ second: number | null; day: number | null; day_ends_ms: number | null; paused_ms: number | null }>(
        db,
        sql`
        with pause as (
          select greatest(0, extract(epoch from (window_started_at - now())) * 1000)::int as ms
          from throttle_counters where key = ${pauseKey} and window_started_at > now()
        ), hit as (
          insert into throttle_counters (key, hits, window_started_at)
          select k, 1, now() from unnest(array[${secondKey}, ${dayKey}]::text[]) as k
          where not exists (select 1 from pause)
          order by k
          on conflict (key) do update set
            hits = case when throttle_counters.window_started_at <= now() - (case when excluded.key = ${secondKey} then ${SECOND_MS}::int else ${DAY_MS}::int end) * interval '1 millisecond'
              then 1 else throttle_counters.hits + 1 end,
            window_started_at = case when throttle_counters.window_started_at <= now() - (case when excluded.key = ${secondKey} then ${SECOND_MS}::int else ${DAY_MS}::int end) * interval '1 millisecond'
              then now() else throttle_counters.window_started_at end
          returning key, hits, window_started_at
        )
        select
          (select hits from hit where key = ${secondKey}) as second,
          (select hits from hit where key = ${dayKey}) as day,
          (select greatest(0, extract(epoch from (window_started_at + ${DAY_MS}::int * interval '1 millisecond' - now())) * 1000)::bigint from hit where key = ${dayKey}) as day_ends_ms,
          (select ms from pause) as paused_ms`,
      );
      return { second: Number(row?.second ?? 0), day: Number(row?.day ?? 0), dayEndsInMs: Number(row?.day_ends_ms ?? DAY_MS), pausedForMs: Number(row?.paused_ms ?? 0) };
    },
    async refundDay(dayKey) {
      await db.execute(sql`update throttle_counters set hits = greatest(hits - 1, 0) where key = ${dayKey}`);
    },
    async pause(pauseKey, ms) {
      await db.execute(sql`
        insert into throttle_counters (key, hits, window_started_at) values (${pauseKey}, 0, now() + ${Math.round(ms)}::int * interval '1 millisecond')
        on conflict (key) do update set window_started_at = greatest(throttle_counters.window_started_at, excluded.window_started_at)`);
    },
    async usage(dayKey) {
      const [row] = await queryRows<{ hits: number; ends_ms: number }>(
        db,
        sql`select hits, greatest(0, extract(epoch from (window_started_at + ${DAY_MS}::int * interval '1 millisecond' - now())) * 1000)::bigint as ends_ms
            from throttle_counters where key = ${dayKey} and window_started_at > now() - ${DAY_MS}::int * interval '1 millisecond'`,
      );
      return row ? { used: Number(row.hits), endsInMs: Number(row.ends_ms) } : { used: 0, endsInMs: DAY_MS };
    },
  };
}

/** Counts in Redis: INCR on keys that expire with their window, one MULTI per call. */
export function redisRateStore(redis: Redis): EtsyRateStore {
  return {
    async hit(secondKey, dayKey, pauseKey) {
      const results = await redis
        .multi()
        .pttl(pauseKey)
        .set(secondKey, 0, "PX", SECOND_MS, "NX")
        .incr(secondKey)
        .set(dayKey, 0, "PX", DAY_MS, "NX")
        .incr(dayKey)
        .pttl(dayKey)
        .exec();
      if (!results) throw new Error("Redis refused the Etsy rate transaction");
      const value = (index: number) => Number(results[index]?.[1] ?? 0);
      const pausedForMs = Math.max(0, value(0));
      if (pausedForMs > 0) {
        // A paused call is not a call: take the counts back.
        await redis.multi().decr(secondKey).decr(dayKey).exec();
        return { second: 0, day: 0, dayEndsInMs: value(5), pausedForMs };
      }
      return { second: value(2), day: value(4), dayEndsInMs: Math.max(0, value(5)), pausedForMs: 0 };
    },
    async refundDay(dayKey) {
      await redis.decr(dayKey);
    },
    async pause(pauseKey, ms) {
      const left = await redis.pttl(pauseKey);
      if (left < ms) await redis.set(pauseKey, "1", "PX", Math.max(1, Math.round(ms)));
    },
    async usage(dayKey) {
      const [used, ttl] = await Promise.all([redis.get(dayKey), redis.pttl(dayKey)]);
      return { used: Number(used ?? 0), endsInMs: ttl > 0 ? ttl : DAY_MS };
    },
  };
}

// Held on globalThis: Next bundles its own copy of the services and the connector, and both copies must use the one limiter.
const holder = globalThis as typeof globalThis & { __inkbridgeEtsyLimiter?: SharedEtsyRateLimiter };
let redisClient: Redis | undefined;

/** Installs the process's shared limiter into this copy of the connector, when there is one. */
export function adoptSharedEtsyRateLimiter(): void {
  const limiter = holder.__inkbridgeEtsyLimiter;
  if (limiter && getEtsyRateLimiter() !== limiter) setEtsyRateLimiter(limiter);
}

/**
 * At start: the app's Etsy calls count in Redis (REDIS_URL) or the database, for every process.
 * Without Etsy credentials nothing changes.
 */
export function useSharedEtsyRateLimiter(db: Database): SharedEtsyRateLimiter | undefined {
  const env = getEnv();
  if (!env.ETSY_KEYSTRING) return undefined;
  if (env.REDIS_URL) redisClient ??= new Redis(env.REDIS_URL, { connectTimeout: 1000, maxRetriesPerRequest: 2 });
  const store = redisClient ? redisRateStore(redisClient) : databaseRateStore(db);
  const shared = new SharedEtsyRateLimiter(store, env.ETSY_KEYSTRING);
  holder.__inkbridgeEtsyLimiter = shared;
  setEtsyRateLimiter(shared);
  return shared;
}

/** On stop (and between tests): back to the connector's in-memory default, Redis closed. */
export async function resetEtsyRateLimiter(): Promise<void> {
  holder.__inkbridgeEtsyLimiter = undefined;
  setEtsyRateLimiter(new InMemoryEtsyRateLimiter());
  const client = redisClient;
  redisClient = undefined;
  await client?.quit().catch(() => undefined);
}

/** The app's daily Etsy budget as counted by the shared limiter; null when it is not in use. */
export async function etsyUsage(): Promise<EtsyUsage | null> {
  const shared = holder.__inkbridgeEtsyLimiter;
  if (!shared) return null;
  try {
    return await shared.usage();
  } catch {
    return null;
  }
}
