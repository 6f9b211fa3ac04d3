import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { openPglite } from "@/db/client";
import { acquireDataDirLock } from "@/db/lock";
import { version as appVersion } from "@/lib/version";
import { createTar, readTar } from "./tar";

// Backups of the embedded database. PGlite lives inside the server process and two processes on
// one folder lose writes, so a running server takes the copy itself: `npm run backup` asks it
// over a Unix socket next to its lock (DATA_DIR/inkbridge.sock, owner-only), and the server dumps
// the data directory between two transactions. With no server running, the command takes the
// lock and dumps the folder itself.

export const backupFormat = "inkbridge-backup/1";
/** Files of DATA_DIR that a restored database cannot do without (secrets at rest, sessions). */
const keyFiles = ["encryption-key", "auth-secret"];

export type BackupManifest = { format: string; createdAt: string; version: string; keys: string[]; via: "server" | "direct" };

export class BackupError extends Error {}

/** The control socket of the server that owns `dataDir` (in the temp dir when the path would be too long for a socket). */
export function controlSocketPath(dataDir: string): string {
  const beside = path.join(path.resolve(dataDir), "inkbridge.sock");
  if (Buffer.byteLength(beside) < 100) return beside;
  const hash = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join("/tmp", `inkbridge-${hash}.sock`);
}

/** A copy of the data directory taken at a moment when no transaction is open (a clean point for recovery). */
export async function dumpEmbeddedDatabase(pglite: PGlite): Promise<Buffer> {
  await pglite.exec("CHECKPOINT");
  const blob = await pglite._runExclusiveTransaction(() => pglite.dumpDataDir("none"));
  return Buffer.from(await blob.arrayBuffer());
}

/** Answers backup requests on the control socket while the server runs. */
export async function serveBackups(options: { dataDir: string; pglite: PGlite; onError?: (error: unknown) => void }): Promise<{ close(): Promise<void> }> {
  const socketPath = controlSocketPath(options.dataDir);
  // We hold the data-dir lock, so a socket file left here is a dead server's.
  rmSync(socketPath, { force: true });
  const server: Server = createServer((connection) => {
    connection.once("data", (chunk) => {
      if (chunk.toString("utf8").trim() !== "backup") {
        connection.end(`${JSON.stringify({ ok: false, error: "unknown request" })}\n`);
        return;
      }
      dumpEmbeddedDatabase(options.pglite).then(
        (dump) => {
          connection.write(`${JSON.stringify({ ok: true, bytes: dump.length })}\n`);
          connection.end(dump);
        },
        (error: unknown) => {
          options.onError?.(error);
          connection.end(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
        },
      );
    });
    connection.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

/** How long `npm run backup` waits for the running server's copy before it gives up. */
export const serverBackupTimeoutMs = 10 * 60_000;

/** Asks the running server for a dump; undefined when no server listens. */
async function requestDumpFromServer(dataDir: string, timeoutMs: number): Promise<Buffer | undefined> {
  const socketPath = controlSocketPath(dataDir);
  if (!existsSync(socketPath)) return undefined;
  return new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const connection = createConnection(socketPath, () => connection.write("backup\n"));
    // A server whose event loop is blocked (or stopped with SIGSTOP) accepts the connection in the
    // kernel and never answers: give up with a message instead of waiting for ever.
    connection.setTimeout(timeoutMs, () => {
      connection.destroy();
      reject(new BackupError(`The running server (socket ${socketPath}) did not answer within ${Math.round(timeoutMs / 1000)} s; is its process stopped or busy?`));
    });
    connection.on("data", (chunk) => chunks.push(chunk));
    connection.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") resolve(undefined);
      else reject(error);
    });
    connection.on("end", () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(0x0a);
      if (newline < 0) return reject(new BackupError("The running server closed the backup connection without an answer"));
      const header = JSON.parse(all.subarray(0, newline).toString("utf8")) as { ok: boolean; bytes?: number; error?: string };
      if (!header.ok) return reject(new BackupError(`The running server could not take the backup: ${header.error}`));
      const dump = all.subarray(newline + 1);
      if (dump.length !== header.bytes) return reject(new BackupError(`The backup was cut short (${dump.length} of ${header.bytes} bytes)`));
      resolve(dump);
    });
  });
}

async function dumpStoppedDataDir(dataDir: string): Promise<Buffer> {
  const pgliteDir = path.join(dataDir, "pglite");
  if (!existsSync(path.join(pgliteDir, "PG_VERSION"))) throw new BackupError(`${dataDir} holds no Inkbridge database (no pglite/PG_VERSION)`);
  const lock = acquireDataDirLock(dataDir);
  try {
    const handle = await openPglite(pgliteDir);
    try {
      return await dumpEmbeddedDatabase(handle.pglite!);
    } finally {
      await handle.close();
    }
  } finally {
    lock.release();
  }
}

/** Writes a backup of `dataDir` to `file` (gzip'd tar: manifest.json, the key files, pglite.tar), whether or not a server runs on it. */
export async function takeBackup(options: { dataDir: string; file: string; timeoutMs?: number }): Promise<BackupManifest & { bytes: number }> {
  const fromServer = await requestDumpFromServer(options.dataDir, options.timeoutMs ?? serverBackupTimeoutMs);
  const dump = fromServer ?? (await dumpStoppedDataDir(options.dataDir));
  const keys = keyFiles.filter((name) => existsSync(path.join(options.dataDir, name)));
  const manifest: BackupManifest = { format: backupFormat, createdAt: new Date().toISOString(), version: appVersion, keys, via: fromServer ? "server" : "direct" };
  const archive = gzipSync(
    createTar([
      { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2)), mode: 0o644 },
      ...keys.map((name) => ({ name, data: readFileSync(path.join(options.dataDir, name)) })),
      { name: "pglite.tar", data: dump },
    ]),
  );
  const partial = `${options.file}.partial`;
  writeFileSync(partial, archive, { mode: 0o600 });
  renameSync(partial, options.file);
  return { ...manifest, bytes: archive.length };
}

/** Restores a backup into `dataDir`, which must be missing or empty; checks that the database opens. */
export async function restoreBackup(options: { file: string; dataDir: string }): Promise<BackupManifest & { orders: number }> {
  if (existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0) {
    throw new BackupError(`${options.dataDir} is not empty: restore only into a new or empty folder (move the old one away first)`);
  }
  let files: Map<string, Buffer>;
  try {
    files = readTar(gunzipSync(readFileSync(options.file)));
  } catch (error) {
    throw new BackupError(`${options.file} is not an Inkbridge backup (${(error as Error).message})`);
  }
  const manifest = files.get("manifest.json");
  const dump = files.get("pglite.tar");
  const parsed = manifest ? (JSON.parse(manifest.toString("utf8")) as BackupManifest) : undefined;
  if (!parsed || parsed.format !== backupFormat || !dump) throw new BackupError(`${options.file} is not an Inkbridge backup (${backupFormat})`);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireDataDirLock(options.dataDir);
  try {
    for (const name of parsed.keys) writeFileSync(path.join(options.dataDir, name), files.get(name)!, { mode: 0o600 });
    const handle = await openPglite(path.join(options.dataDir, "pglite"), { loadDataDir: new Blob([new Uint8Array(dump)]) });
    try {
      const result = await handle.executeSql("select count(*)::int as n from orders");
      return { ...parsed, orders: Number(result.rows[0]?.n ?? 0) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    lock.release();
    // Leave nothing half-restored behind.
    rmSync(options.dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}
