import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { openPostgres, type DatabaseHandle } from "./client";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Applies every pending migration. On PostgreSQL an advisory lock keeps concurrent starts apart. */
export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const single = openPostgres(handle.url!, { max: 1 });
  try {
    await single.executeSql("SELECT pg_advisory_lock(7355608)");
    await migratePostgres(single.db as unknown as PostgresJsDatabase, { migrationsFolder });
    await single.executeSql("SELECT pg_advisory_unlock(7355608)");
  } finally {
    await single.close();
  }
}
