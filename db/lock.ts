import { closeSync, openSync, readFileSync, rmSync, writeSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";

// The embedded database must have exactly one process: two PGlite instances on one folder
// silently lose writes. The lock file is created exclusively and names its holder; a lock whose
// process is gone is taken over.

export class LockHeldError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(
      `Another Inkbridge process (pid ${holderPid}) is already using ${path.dirname(lockFile)}. ` +
        `Stop it first, or give this one its own DATA_DIR.`,
    );
    this.name = "LockHeldError";
  }
}

type LockContent = { pid: number; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // A recycled pid that now belongs to something other than node is not our holder.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("node");
  } catch {
    return true;
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockContent;
  } catch {
    return undefined;
  }
}

export type DataDirLock = { file: string; release(): void };

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "inkbridge.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockContent));
      closeSync(fd);
      return {
        file,
        release() {
          if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(file);
      if (holder?.pid === process.pid) return { file, release: () => rmSync(file, { force: true }) };
      if (holder && isAlive(holder.pid)) throw new LockHeldError(file, holder.pid);
      // Stale: its process died without cleaning up. Remove it and try again.
      if (existsSync(file)) rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
