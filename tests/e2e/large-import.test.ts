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

describe("a 20 MiB lookup import from the console", () => {
  it("streams progress and all 100,000 rows while /api/health answers within 200 ms", { timeout: 300_000 }, async () => {
    // Encoded up front, so this process is free to probe while it uploads.
    const csv = Buffer.from(bigCsv());
    expect(csv.byteLength).toBeGreaterThan(19 * MiB);
    expect(csv.byteLength).toBeLessThanOrEqual(20 * MiB);
    expect((await timedHealth()).status).toBe(200);

    let finished = false;
    const importing = staff
      .fetch(lookupPath, { method: "POST", headers: { "content-type": "text/csv" }, body: csv })
      .then(async (response) => ({ status: response.status, events: (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { type: string; phase?: string; count?: number }) }))
      .finally(() => (finished = true));
    const probes: Array<{ status: number; ms: number }> = [];
    const started = performance.now();
    while (!finished) {
      probes.push(await timedHealth());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const took = performance.now() - started;
    const { status, events } = await importing;
    const slowest = Math.max(...probes.map((probe) => probe.ms));
    console.info(`20 MiB console import: ${Math.round(took)} ms, ${probes.length} health probes, slowest ${slowest.toFixed(1)} ms`);

    expect(status).toBe(200);
    expect(events.at(-1)).toEqual({ type: "done", count: rows });
    expect(events.filter((event) => event.phase === "checking").length).toBeGreaterThan(10);
    expect(events.filter((event) => event.phase === "writing").length).toBeGreaterThan(10);
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.filter((probe) => probe.status !== 200)).toEqual([]);
    expect(slowest).toBeLessThan(200);
  });

  it("a file with more rows than a lookup holds is refused and changes nothing", async () => {
    const tooMany = Array.from({ length: rows + 2 }, (_, index) => `K${index},V`).join("\n");
    const response = await staff.fetch(lookupPath, { method: "POST", headers: { "content-type": "text/csv" }, body: tooMany });
    const events = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(events.at(-1)).toMatchObject({ type: "error", message: "A lookup holds at most 100,000 entries; split the file" });
  });
});
