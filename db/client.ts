import { mkdirSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database or a transaction: services take either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type SqlExecutor = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export type DatabaseHandle = {
  kind: "pglite" | "postgres";
  db: Database;
  /** Raw SQL for code that speaks SQL text (the job queue, bulk relays). */
  executeSql: SqlExecutor;
  /** Connection string for libraries that open their own pool (Postgres only). */
  url?: string;
  pglite?: PGlite;
  /** LISTEN on a channel (PostgreSQL only): cross-process notifications. */
  listen?: (channel: string, onMessage: (payload: string) => void) => Promise<unknown>;
  close(): Promise<void>;
};

export class DataDirError extends Error {}

/** Opens the embedded database in `dir` (created when missing) or in memory when `dir` is undefined. */
export async function openPglite(dir: string | undefined, options: { loadDataDir?: Blob | File } = {}): Promise<DatabaseHandle> {
  if (dir) {
    mkdirSync(dir, { recursive: true });
    const entries = readdirSync(dir);
    // An initdb that was interrupted leaves a folder PGlite cannot open; say so plainly.
    if (entries.length > 0 && !existsSync(path.join(dir, "PG_VERSION"))) {
      throw new DataDirError(`${dir} is not an Inkbridge database folder (no PG_VERSION); move it away or set DATA_DIR`);
    }
  }
  const client = await PGlite.create(dir ? { dataDir: dir, loadDataDir: options.loadDataDir } : { loadDataDir: options.loadDataDir });
  return wrapPglite(client);
}

export function wrapPglite(client: PGlite): DatabaseHandle {
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
  const executeSql: SqlExecutor = async (text, values) => {
    if (values && values.length > 0) {
      const result = await client.query<Record<string, unknown>>(text, values);
      return { rows: result.rows };
    }
    try {
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    } catch (error) {
      // A failed multi-statement script can leave the single connection inside an aborted
      // transaction; roll it back so the next caller starts clean.
      await client.exec("ROLLBACK").catch(() => undefined);
      throw error;
    }
  };
  return {
    kind: "pglite",
    db,
    executeSql,
    pglite: client,
    async close() {
      if (client.closed) return;
      await client.exec("CHECKPOINT").catch(() => undefined);
      await client.close();
    },
  };
}

export function openPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    connection: { application_name: "inkbridge" },
    // postgres.js waits up to 20 s between reconnects once the database has been away, and
    // queries queue behind the wait: keep it short so callers get their 503 at once and work
    // resumes soon after the database does.
    backoff: reconnectDelaySeconds,
    connect_timeout: 10,
  });
  usePreparedStatements(client as unknown as ScopedSql);
  const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Database;
  const executeSql: SqlExecutor = async (text, values) => {
    const rows = await client.unsafe(text, (values ?? []) as never[]);
    skipTypeFetchFromNowOn(client);
    return { rows: rows as unknown as Record<string, unknown>[] };
  };
  return {
    kind: "postgres",
    db,
    executeSql,
    url,
    listen: (channel, onMessage) => client.listen(channel, onMessage),
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * postgres.js reads the array types on every new connection, and a connection lost during that
 * read leaves a rejected promise nobody handles (seen when the database goes away). The types are
 * the same for the whole database and the parsers are shared by the client's connections, so
 * once one query has answered, later connections skip the read (and save a round trip).
 */
function skipTypeFetchFromNowOn(client: { options: { fetch_types: boolean } }): void {
  if (client.options.fetch_types) client.options.fetch_types = false;
}

/** Seconds before the next connection attempt after `retries` failed ones: 0.1, 0.2, 0.4 … at most 1. */
export function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1);
}

type ScopedSql = {
  unsafe: (query: string, args?: unknown[], options?: Record<string, unknown>) => unknown;
  begin?: (...params: unknown[]) => unknown;
  savepoint?: (...params: unknown[]) => unknown;
};

/**
 * Drizzle sends every query unprepared, which postgres.js answers with two round trips (describe,
 * then execute) and no pipelining. Named prepared statements, cached per connection, take one;
 * transactions and savepoints get their own scoped client, so those are wrapped too.
 */
function usePreparedStatements(sql: ScopedSql): void {
  const unsafe = sql.unsafe;
  sql.unsafe = (query, args = [], options = {}) => unsafe(query, args, { ...options, prepare: true });
  for (const name of ["begin", "savepoint"] as const) {
    const original = sql[name];
    if (!original) continue;
    sql[name] = (...params: unknown[]) => {
      const index = params.findIndex((param) => typeof param === "function");
      if (index >= 0) {
        const body = params[index] as (scoped: ScopedSql) => unknown;
        params[index] = (scoped: ScopedSql) => {
          usePreparedStatements(scoped);
          return body(scoped);
        };
      }
      return original.apply(sql, params);
    };
  }
}

/** Rows of a raw `sql` query, whatever the driver returns. */
export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
