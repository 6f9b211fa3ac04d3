import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { openPglite, openPostgres, wrapPglite, type DatabaseHandle } from "./client";
import { migrationsFolder, runMigrations } from "./migrate";

// Test databases: every test file gets its own, cloned from a migrated template (with the job
// queue's schema installed) instead of running initdb and migrations again. The template is
// named after a hash of the migrations, so it is rebuilt exactly when they change.

export type TestDatabaseKind = "pglite" | "postgres";

function templateHash(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, file);
    if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(file).update(readFileSync(full));
  }
  hash.update(JSON.stringify(JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/pg-boss/package.json"), "utf8")).version));
  return hash.digest("hex").slice(0, 12);
}

const pgliteTemplateFile = () => path.join(os.tmpdir(), `inkbridge-test-template-${templateHash()}.tar`);

/** Creates the job queue's tables (pg-boss), as a server's first start would. */
export async function installQueueSchema(handle: DatabaseHandle): Promise<void> {
  const boss =
    handle.kind === "pglite"
      ? new PgBoss({ db: { executeSql: handle.executeSql as never }, supervise: false, schedule: false })
      : new PgBoss({ connectionString: handle.url!, supervise: false, schedule: false, max: 1 });
  await boss.start();
  await boss.stop({ graceful: false, close: handle.kind === "postgres", wait: true });
}

/** Builds the templates if they are missing (vitest globalSetup calls this once per run). */
export async function prepareTemplates(postgresUrl?: string): Promise<void> {
  const file = pgliteTemplateFile();
  if (!existsSync(file)) {
    const pg = await PGlite.create();
    const handle = wrapPglite(pg);
    await runMigrations(handle);
    await installQueueSchema(handle);
    const dump = await pg.dumpDataDir("none");
    await pg.close();
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    renameSync(temporary, file);
  }
  if (postgresUrl) await preparePostgresTemplate(postgresUrl);
}

function templateDatabaseName(): string {
  return `inkbridge_tmpl_${templateHash()}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function preparePostgresTemplate(url: string): Promise<void> {
  const name = templateDatabaseName();
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await admin`select pg_advisory_lock(4242)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      const building = `${name}_build`;
      await admin.unsafe(`drop database if exists "${building}"`);
      await admin.unsafe(`create database "${building}"`);
      const handle = openPostgres(withDatabase(url, building), { max: 2 });
      await runMigrations(handle);
      await installQueueSchema(handle);
      await handle.close();
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    }
    await admin`select pg_advisory_unlock(4242)`;
  } finally {
    await admin.end();
  }
}

/** The migrated embedded-database template (built when missing), to load into a new data directory. */
export async function pgliteTemplate(): Promise<Blob> {
  const file = pgliteTemplateFile();
  if (!existsSync(file)) await prepareTemplates();
  return new Blob([readFileSync(file)]);
}

/**
 * The migrated template as an embedded-database data directory (built from the template dump when
 * missing). A server started on a copy of it skips initdb, migrations and the job queue's schema:
 * about half of a fresh start.
 */
export async function pgliteTemplateDir(): Promise<string> {
  const dir = path.join(os.tmpdir(), `inkbridge-test-template-${templateHash()}.pglite`);
  if (existsSync(dir)) return dir;
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  const handle = await openPglite(building, { loadDataDir: await pgliteTemplate() });
  await handle.close();
  try {
    renameSync(building, dir);
  } catch (error) {
    // Another process got there first: its copy is as good.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(kind: TestDatabaseKind, postgresUrl?: string): Promise<DatabaseHandle> {
  if (kind === "pglite") {
    const file = pgliteTemplateFile();
    if (!existsSync(file)) await prepareTemplates();
    const pg = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
    return wrapPglite(pg);
  }
  if (!postgresUrl) throw new Error("TEST_DATABASE_URL is needed for PostgreSQL tests");
  await preparePostgresTemplate(postgresUrl);
  const name = `inkbridge_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}" template "${templateDatabaseName()}"`);
  await admin.end();
  const handle = openPostgres(withDatabase(postgresUrl, name), { max: 8 });
  const close = handle.close.bind(handle);
  return {
    ...handle,
    async close() {
      await close();
      const dropper = postgres(postgresUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await dropper.end();
    },
  };
}
