import type { DatabaseHandle } from "@/db/client";
import { afterCommit, type ServiceContext } from "@/lib/services/context";

// Small in-process caches (connector credentials, a customer's lookups, the catalog) keep the
// order APIs off the database for data that rarely changes. A change invalidates them after its
// transaction commits: here at once, and in other processes through PostgreSQL NOTIFY.

export type CacheTopic = "connector" | "lookups" | "catalog" | "store";
type Listener = (key: string) => void;

const channel = "inkbridge_invalidate";

declare global {
  var __inkbridgeCacheListeners: Map<CacheTopic, Set<Listener>> | undefined;
  var __inkbridgeCacheDatabase: DatabaseHandle | undefined;
}

function listeners(): Map<CacheTopic, Set<Listener>> {
  globalThis.__inkbridgeCacheListeners ??= new Map();
  return globalThis.__inkbridgeCacheListeners;
}

export function onInvalidate(topic: CacheTopic, listener: Listener): void {
  const set = listeners().get(topic) ?? new Set();
  set.add(listener);
  listeners().set(topic, set);
}

function dispatch(topic: CacheTopic, key: string): void {
  for (const listener of listeners().get(topic) ?? []) listener(key);
}

/** Drops cached entries for `key` once the caller's transaction commits, in every process. */
export function invalidate(ctx: ServiceContext, topic: CacheTopic, key: string): void {
  afterCommit(ctx, () => {
    dispatch(topic, key);
    const database = globalThis.__inkbridgeCacheDatabase;
    if (database?.kind === "postgres") {
      database.executeSql(`SELECT pg_notify($1, $2)`, [channel, JSON.stringify({ topic, key, pid: process.pid })]).catch(() => undefined);
    }
  });
}

/** Subscribes this process to invalidations made by others (PostgreSQL only). */
export async function listenForInvalidations(database: DatabaseHandle): Promise<void> {
  globalThis.__inkbridgeCacheDatabase = database;
  if (!database.listen) return;
  await database.listen(channel, (payload) => {
    try {
      const message = JSON.parse(payload) as { topic: CacheTopic; key: string; pid: number };
      if (message.pid !== process.pid) dispatch(message.topic, message.key);
    } catch {
      // not ours
    }
  });
}

/** A map whose entries expire, for values that are also invalidated explicitly. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
