import { readdirSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser } from "@/tests/support/browser";
import { SessionClient } from "@/tests/support/session-client";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp";

// Every route of the admin API (from the server's own OpenAPI documents, which Fastify builds from
// its route table) and every console and portal page (from the app/ folders), with bad values
// in each path parameter and query value. Nothing may answer 5xx.

const badValues = [
  "%00",
  "a%00b",
  "x".repeat(5000),
  "%C3%28",
  "%FF",
  "..%2F..%2Fetc%2Fpasswd",
  "../../etc/passwd",
  "%E2%9C%93%F0%9F%98%80",
  "%E2%80%AE%EF%BB%BF",
  "%25",
  "%27%22%3Cscript%3E",
  "-1",
  "%20",
];

type Probe = { method: string; path: string; status: number };

let server: AppServer;
let smtp: SmtpSink;
let browser: Browser;
let token: string;
let staff: SessionClient;
let portalUser: SessionClient;
/** Real ids, so a bad value in one parameter meets a real record in the others. */
const known: Record<string, string> = {};

/** Sends the path exactly as given (no URL normalisation), with a session cookie or a token. */
function send(method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(server.url);
    // A connection of its own, so a dropped one is this request's, not a kept-alive neighbour's.
    const req = request({ agent: false, host: url.hostname, port: url.port, method, path: target, headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}) } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    // A connection dropped without an answer counts as a failure (status 0), like a 5xx.
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

async function api(method: string, apiPath: string, body?: unknown): Promise<{ id: string }> {
  const response = await fetch(`${server.url}/api/admin/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${apiPath}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  [server, browser] = await Promise.all([startAppServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off` } }), launchBrowser()]);
  const minted = await fetch(`${server.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`admin@localhost:${server.adminPassword()}`).toString("base64")}` },
    body: JSON.stringify({ name: "fuzz" }),
  });
  token = ((await minted.json()) as { token: string }).token;

  const customer = await api("POST", "/customers", { name: "Fuzz Prints" });
  known.id = customer.id;
  known.customerId = customer.id;
  known.lookupId = (await api("POST", `/customers/${customer.id}/lookups`, { name: "SKUs", field: "product", entries: [{ key: "A", value: "B" }] })).id;
  known.productId = (await api("POST", "/products", { productUid: "fuzz_poster", title: "Fuzz poster", options: { size: "A4" }, fileTypes: ["default"] })).id;
  known.productUid = "fuzz_poster";

  staff = new SessionClient(server.url);
  await staff.signIn("admin@localhost", server.adminPassword()!);
  expect(await staff.isSignedIn()).toBe(true);

  // A storefront admin: invited through the admin API, password set on the invitation page.
  await api("POST", `/customers/${customer.id}/storefront-access`, { email: "ada@fuzz.example", firstName: "Ada", lastName: "Fuzz" });
  const mail = await smtp.waitFor("ada@fuzz.example");
  const link = new RegExp(`${server.url}/invite/[A-Za-z0-9_-]{20,}`).exec(mail.text)![0];
  const page = await browser.newPage();
  await page.goto(link);
  await page.fill("input[name=password]", "ada's long fuzzing password");
  await page.fill("input[name=confirm]", "ada's long fuzzing password");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/(portal|sign-in)/);
  portalUser = new SessionClient(server.url);
  await portalUser.signIn("ada@fuzz.example", "ada's long fuzzing password");
  expect((await portalUser.fetch("/portal")).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

type OpenApiParameter = { name: string; in: string };
type OpenApiDocument = { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> };

/** Requests for one route: each path parameter bad in turn (the others real), and every query value bad at once. */
function variants(template: string, pathNames: string[], queryNames: string[], isRead: boolean, fill: (name: string) => string): string[] {
  const build = (bad: string | undefined, badName: string | undefined) =>
    template.replace(/\{(\w+)\}|\[(\w+)\]/g, (_match, openApi: string | undefined, next: string | undefined) => {
      const name = (openApi ?? next)!;
      return name === badName ? bad! : fill(name);
    });
  const targets: string[] = [];
  for (const value of badValues) {
    for (const name of pathNames) targets.push(build(value, name));
    // Query values only where reading is safe: a write with real ids would change the fixtures.
    if (isRead && queryNames.length > 0) targets.push(`${build(undefined, undefined)}?${queryNames.map((name) => `${name}=${value}`).join("&")}`);
  }
  return targets;
}

async function runAll(targets: Array<{ method: string; path: string; headers: Record<string, string>; body?: string }>): Promise<Probe[]> {
  const results: Probe[] = [];
  // A few at a time: the point is the answers, not load.
  for (let start = 0; start < targets.length; start += 4) {
    const batch = targets.slice(start, start + 4);
    results.push(...(await Promise.all(batch.map(async (target) => ({ method: target.method, path: target.path.slice(0, 160), status: await send(target.method, target.path, target.headers, target.body) })))));
  }
  return results;
}

describe("route fuzz: bad path parameters and query values never give a 5xx", () => {
  it("admin, Gelato and Site Flow APIs: every route Fastify serves", { timeout: 900_000 }, async () => {
    const targets: Array<{ method: string; path: string; headers: Record<string, string>; body?: string }> = [];
    for (const part of ["admin", "gelato", "siteflow"]) {
      const document = (await (await fetch(`${server.url}/api/docs/${part}.json`)).json()) as OpenApiDocument;
      for (const [template, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const parameters = operation.parameters ?? [];
          const pathNames = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
          const queryNames = [...new Set([...parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name), "q", "cursor", "limit"])];
          const isRead = method === "get";
          for (const target of variants(template, pathNames, queryNames, isRead, (name) => (isRead ? (known[name] ?? "missing_1") : "missing_1"))) {
            targets.push({ method: method.toUpperCase(), path: target, headers: { authorization: `Bearer ${token}` }, body: isRead || method === "delete" ? undefined : "{}" });
          }
        }
      }
    }
    const results = await runAll(targets);
    console.info(`API fuzz: ${results.length} requests, statuses ${summarize(results)}`);
    expect(targets.length).toBeGreaterThan(500);
    expect(results.filter((result) => result.status >= 500 || result.status === 0)).toEqual([]);
  });

  it("console and portal: every page and route handler under app/, signed in", { timeout: 900_000 }, async () => {
    const root = path.resolve(import.meta.dirname, "../../app");
    const targets: Array<{ method: string; path: string; headers: Record<string, string> }> = [];
    const templates: string[] = [];
    for (const file of walk(root)) {
      const name = path.basename(file);
      if (name !== "page.tsx" && name !== "route.ts") continue;
      const relative = path.relative(root, path.dirname(file)).split(path.sep).filter((segment) => segment && !/^\(.*\)$/.test(segment));
      if (relative[0] === "api") continue; // Auth.js' own endpoints
      const template = `/${relative.join("/")}`;
      const source = readFileSync(file, "utf8");
      const pathNames = [...template.matchAll(/\[(\w+)\]/g)].map((match) => match[1]!);
      const queryNames = queryNamesOf(source);
      const methods = name === "page.tsx" ? ["GET"] : ["GET", "POST"].filter((method) => new RegExp(`export (async )?function ${method}\\b`).test(source));
      const session = template.startsWith("/portal") ? portalUser : staff;
      templates.push(template);
      for (const method of methods) {
        for (const target of variants(template, pathNames, queryNames, method === "GET", (param) => known[param] ?? "missing_1")) {
          targets.push({ method, path: target, headers: { cookie: session.cookieHeader } });
        }
      }
    }
    const results = await runAll(targets);
    console.info(`Page fuzz: ${results.length} requests over ${templates.length} pages and route handlers, statuses ${summarize(results)}`);
    expect(templates).toEqual(expect.arrayContaining(["/portal/orders/[id]", "/portal/products/[id]", "/orders/[id]", "/customers/[id]/lookups/[lookupId]/import"]));
    expect(targets.length).toBeGreaterThan(300);
    expect(results.filter((result) => result.status >= 500 || result.status === 0)).toEqual([]);
    // The sessions were still good at the end: the answers were pages, not redirects to sign-in.
    expect(await staff.isSignedIn()).toBe(true);
    expect((await portalUser.fetch("/portal")).status).toBe(200);
  });
});

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The query names a page reads: the keys of its searchParams type, and the paging ones every list takes. */
function queryNamesOf(source: string): string[] {
  const literals = [...source.matchAll(/searchParams: Promise<\{([^}]*)\}>|type Search = \{([^}]*)\}/g)].map((match) => match[1] ?? match[2] ?? "");
  const names = literals.flatMap((literal) => [...literal.matchAll(/(\w+)\?:/g)].map((match) => match[1]!));
  return [...new Set([...names, "q", "offset"])];
}

function summarize(results: Probe[]): string {
  const counts = new Map<number, number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
}
