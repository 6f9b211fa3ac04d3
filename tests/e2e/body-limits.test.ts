import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { SessionClient } from "@/tests/support/session-client";

// Every Next-bound route with a body limit (api/plugins/body-limit.ts), sent 100 MiB chunked the
// way its real client sends it: server actions with their action id, the import route signed in.
const MiB = 1024 * 1024;
type Route = { path: string; limit: number; kind: string; action?: boolean };
const routes: Route[] = [
  { path: "/sign-in", limit: 64 * 1024, kind: "sign-in server action", action: true },
  { path: "/api/auth/callback/credentials", limit: 64 * 1024, kind: "Auth.js form" },
  { path: "/customers/new", limit: 64 * 1024, kind: "console server action", action: true },
  { path: "/portal/users", limit: 64 * 1024, kind: "portal server action", action: true },
  { path: "/customers/{customer}/lookups/preview", limit: 1 * MiB, kind: "order preview", action: true },
  { path: "/customers/{customer}/lookups/{lookup}/import", limit: 20 * MiB, kind: "lookup import route" },
  { path: "/catalog/import", limit: 20 * MiB, kind: "catalog import", action: true },
  { path: "/production", limit: 20 * MiB, kind: "shipments import", action: true },
];

let server: AppServer;
let staff: SessionClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startAppServer();
  const basic = `Basic ${Buffer.from(`admin@localhost:${server.adminPassword()}`).toString("base64")}`;
  const post = async (path: string, body: unknown, authorization: string) =>
    (await (await fetch(`${server.url}/api/admin/v1${path}`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as { id: string; token: string };
  const bearer = `Bearer ${(await post("/tokens", { name: "body limits" }, basic)).token}`;
  ids.customer = (await post("/customers", { name: "Big Bodies Ltd" }, bearer)).id;
  ids.lookup = (await post(`/customers/${ids.customer}/lookups`, { name: "SKUs", field: "product" }, bearer)).id;
  staff = new SessionClient(server.url);
  await staff.signIn("admin@localhost", server.adminPassword()!);
  expect(await staff.isSignedIn()).toBe(true);
});

/** The id of a server action on the page (the last one it names; the sign-out action is everywhere). */
async function actionId(path: string): Promise<string> {
  const html = await (await staff.fetch(path.startsWith("/portal") ? "/customers/new" : path)).text();
  const found = [...html.matchAll(/\b[0-9a-f]{42}\b/g)].map((match) => match[0]);
  expect(found.length, `no server action on ${path}`).toBeGreaterThan(0);
  return found.at(-1)!;
}

afterAll(async () => {
  await server?.stop();
});

/** Resident memory of the server process, in bytes (Linux). */
function serverRss(): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

type Outcome = { status: number; body: string; sentWhenAnswered: number; sent: number };

/** POSTs `total` bytes with chunked transfer encoding, as fast as the server takes them. */
function streamChunked(path: string, total: number, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answer: Omit<Outcome, "sent"> | undefined;
    const req = request(`${server.url}${path}`, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    const finish = () => (answer ? resolve({ ...answer, sent }) : reject(new Error(`no answer after ${sent} bytes`)));
    req.on("response", (response) => {
      const sentWhenAnswered = sent;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (part: string) => (body += part));
      response.on("end", () => {
        answer = { status: response.statusCode ?? 0, body, sentWhenAnswered };
        req.destroy();
        finish();
      });
    });
    // The server drops the connection after its answer: a write error then is expected.
    req.on("error", () => setTimeout(finish, 200));
    const pump = () => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (sent >= total && !req.destroyed) req.end();
    };
    pump();
  });
}

describe("body limits before Next", () => {
  it.each(routes)("$kind ($path): 100 MiB chunked is refused with 413 early, and memory stays flat", async (route) => {
    const { limit } = route;
    const path = route.path.replace("{customer}", ids.customer!).replace("{lookup}", ids.lookup!);
    const headers: Record<string, string> = { cookie: staff.cookieHeader };
    if (route.action) Object.assign(headers, { "next-action": await actionId(path), "content-type": "multipart/form-data; boundary=----inkbridge" });
    else headers["content-type"] = path.endsWith("/import") ? "text/csv" : "application/x-www-form-urlencoded";
    const before = serverRss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, serverRss())), 25);
    const outcome = await streamChunked(path, 100 * MiB, headers).finally(() => clearInterval(sampler));
    peak = Math.max(peak, serverRss());
    console.info(`${path}: ${outcome.status} after ${(outcome.sentWhenAnswered / MiB).toFixed(1)} MiB sent; server RSS ${(before / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MiB`);
    expect(outcome.status).toBe(413);
    expect(outcome.body).toBe(`The request body is larger than ${limit >= MiB ? `${limit / MiB} MB` : `${limit / 1024} KB`}`);
    // Answered once the limit was passed, not after the whole upload. The kernel's socket buffers
    // and the loopback hold several MiB between what the client wrote and what the server read, more
    // when the machine is busy (28 MiB for a 20 MiB limit has been seen), so the margin is 16 MiB.
    expect(outcome.sentWhenAnswered).toBeLessThan(limit + 16 * MiB);
    expect(outcome.sent).toBeLessThan(100 * MiB);
    expect(peak - before).toBeLessThan(50 * MiB);
  });

  it("the server still answers afterwards", async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/sign-in`)).status).toBe(200);
  });
});
