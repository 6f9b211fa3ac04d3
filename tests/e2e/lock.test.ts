import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startAppServer, type AppServer } from "@/tests/support/app-server";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-lock-e2e-"));
let first: AppServer;
let token: string;

async function admin(method: string, route: string, body?: unknown) {
  const response = await fetch(`${first.url}/api/admin/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

/** `npm start` on a folder another process holds: what it printed, its exit code and how long it took. */
async function startSecond(dataDir: string): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output, ms: Date.now() - started };
}

beforeAll(async () => {
  first = await startAppServer({ dataDir, env: { ADMIN_EMAIL: "owner@example.com", ADMIN_PASSWORD: "lock test owner password" } });
  const basic = Buffer.from("owner@example.com:lock test owner password").toString("base64");
  const response = await fetch(`${first.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "lock test" }),
  });
  expect(response.status).toBe(201);
  token = ((await response.json()) as { token: string }).token;
});

afterAll(async () => {
  await first?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("one process per DATA_DIR", () => {
  it("a second npm start on the same DATA_DIR stops at once, names the holder and leaves the data alone", async () => {
    const created = await admin("POST", "/customers", { name: "Before the second start", referenceId: "LOCK-1" });
    expect(created.status).toBe(201);
    const lockFile = path.join(dataDir, "inkbridge.lock");
    const holder = JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number; startedAt: string };
    expect(holder.pid).toBe(first.process.pid);

    const second = await startSecond(dataDir);
    expect(second.code).toBe(1);
    expect(second.ms).toBeLessThan(5_000);
    expect(second.output).toContain(`Another Inkbridge process (pid ${holder.pid}) is already using ${dataDir}`);
    expect(second.output).not.toMatch(/listening|First admin created|password:/i);

    // The refused start touched nothing: same lock, same server, same data, still writable.
    expect(JSON.parse(readFileSync(lockFile, "utf8"))).toEqual(holder);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    const found = await admin("GET", "/customers?q=LOCK-1");
    expect(found.body.data.map((customer: { id: string }) => customer.id)).toEqual([created.body.id]);
    expect((await admin("POST", "/customers", { name: "After the refused start" })).status).toBe(201);
  });

  it("the data survives a restart of the first process, which takes the lock back", async () => {
    await first.stop();
    expect(() => readFileSync(path.join(dataDir, "inkbridge.lock"))).toThrow();
    first = await startAppServer({ dataDir });
    const names = (await admin("GET", "/customers")).body.data.map((customer: { name: string }) => customer.name).sort();
    expect(names).toEqual(["After the refused start", "Before the second start"]);
  });
});
