import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { SessionClient } from "@/tests/support/session-client";

const MiB = 1024 * 1024;
const rows = 100_000;

let server: AppServer;
let staff: SessionClient;
let lookupPath: string;

/** A lookup file of 100,000 rows, as close to 20 MiB as they allow. */
function bigCsv(): string {
  const rowBytes = Math.floor((20 * MiB - "key,value\n".length) / rows);
  const lines = ["key,value"];
  for (let index = 0; index < rows; index++) {
    const key = `SKU-${index}-`.padEnd(Math.floor((rowBytes - 2) / 2), "k");
    lines.push(`${key},${"v".repeat(rowBytes - 2 - key.length)}`);
  }
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  server = await startAppServer();
  const admin = `Basic ${Buffer.from(`admin@localhost:${server.adminPassword()}`).toString("base64")}`;
  const api = async (path: string, body: unknown, authorization: string) => {
    const response = await fetch(`${server.url}/api/admin/v1${path}`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(response.status, path).toBe(201);
    return (await response.json()) as { id: string; token: string };
  };
  const bearer = `Bearer ${(await api("/tokens", { name: "large import" }, admin)).token}`;
  const customer = await api("/customers", { name: "Big Catalog Ltd" }, bearer);
  const lookup = await api(`/customers/${customer.id}/lookups`, { name: "SKUs", field: "product" }, bearer);
  lookupPath = `/customers/${customer.id}/lookups/${lookup.id}/import`;
  staff = new SessionClient(server.url);
  await staff.signIn("admin@localhost", server.adminPassword()!);
  expect(await staff.isSignedIn()).toBe(true);
});

afterAll(async () => {
  await server?.stop();
});

async function timedHealth(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/health`);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/**
 * Probes /api/health every 50 ms from a process of its own, so the times are the server's and not
 * this process's, which is busy sending 20 MiB. Stops when told on stdin and prints the probes.
 */
function startProber(url: string): { stop: () => Promise<Array<{ status: number; ms: number }>> } {
  const script = `
    const probes = [];
    let running = true;
    process.stdin.on("data", () => { running = false; });
    (async () => {
      while (running) {
        const started = performance.now();
        try {
          const response = await fetch(${JSON.stringify(`${url}/api/health`)});
          await response.arrayBuffer();
          probes.push({ status: response.status, ms: performance.now() - started });
        } catch { probes.push({ status: 0, ms: performance.now() - started }); }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      process.stdout.write(JSON.stringify(probes));
      process.exit(0);
    })();`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    stop: async () => {
      child.stdin.end("stop\n");
      await exited;
      return JSON.parse(output) as Array<{ status: number; ms: number }>;
    },
  };
}

describe("a 20 MiB lookup import from the console", () => {
  it("streams progress and all 100,000 rows while /api/health answers within 200 ms", { timeout: 300_000 }, async () => {
    // Encoded up front, so this process is free to probe while it uploads.
    const csv = Buffer.from(bigCsv());
    expect(csv.byteLength).toBeGreaterThan(19 * MiB);
    expect(csv.byteLength).toBeLessThanOrEqual(20 * MiB);
    expect((await timedHealth()).status).toBe(200);

    const prober = startProber(server.url);
    const started = performance.now();
    const { status, events } = await staff
      .fetch(lookupPath, { method: "POST", headers: { "content-type": "text/csv" }, body: csv })
      .then(async (response) => ({ status: response.status, events: (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { type: string; phase?: string; count?: number }) }));
    const took = performance.now() - started;
    const probes = await prober.stop();
    const times = probes.map((probe) => probe.ms).sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)]!;
    const slowest = times.at(-1)!;
    console.info(`20 MiB console import: ${Math.round(took)} ms, ${probes.length} health probes, p95 ${p95.toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms`);

    expect(status).toBe(200);
    expect(events.at(-1)).toEqual({ type: "done", count: rows });
    expect(events.filter((event) => event.phase === "checking").length).toBeGreaterThan(10);
    expect(events.filter((event) => event.phase === "writing").length).toBeGreaterThan(10);
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.filter((probe) => probe.status !== 200)).toEqual([]);
    // Within 200 ms while the import runs; a shared machine may stall any one probe for a moment
    // (the scheduler, not the server), so one in twenty may take longer, but none a whole second.
    expect(p95).toBeLessThan(200);
    expect(slowest).toBeLessThan(1000);
  });

  it("a file with more rows than a lookup holds is refused and changes nothing", async () => {
    const tooMany = Array.from({ length: rows + 2 }, (_, index) => `K${index},V`).join("\n");
    const response = await staff.fetch(lookupPath, { method: "POST", headers: { "content-type": "text/csv" }, body: tooMany });
    const events = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(events.at(-1)).toMatchObject({ type: "error", message: "A lookup holds at most 100,000 entries; split the file" });
  });
});
