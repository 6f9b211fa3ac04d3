import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDataDirLock, LockHeldError } from "./lock";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "inkbridge-lock-"));

describe("data dir lock", () => {
  it("refuses a second holder while the first process lives", async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
    writeFileSync(path.join(dir, "inkbridge.lock"), JSON.stringify({ pid: child.pid, startedAt: new Date().toISOString() }));
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(LockHeldError);
      expect(() => acquireDataDirLock(dir)).toThrow(/Another Inkbridge process/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("takes over the lock of a process that died", async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ["-e", "0"]);
    await new Promise((resolve) => child.on("exit", resolve));
    writeFileSync(path.join(dir, "inkbridge.lock"), JSON.stringify({ pid: child.pid, startedAt: new Date().toISOString() }));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });
});
