// npm run bench: the order APIs against a bare node:http baseline doing the same auth check and
// one INSERT on the same store, side by side in one run (machines here are noisy; the ratio is
// the number that matters). Prints a table and writes bench/results/latest.json.
//   npm run bench -- --only gelato,siteflow,lag,shopify-webhooks,pipeline --db pglite,postgres --duration 10
//
// Scenarios: gelato and siteflow (intake throughput, then a fixed 500 req/s, each against the bare
// server); lag (orders sent at a fixed 200/s through the Gelato API, time from created to passed,
// against the 2 s target); shopify-webhooks (bench/shopify.ts: webhook intake throughput and a
// fixed 200 deliveries/s against the bare server, then webhook → passed at 100/s); pipeline
// (bench/pipeline.ts: created → passed per second against a bare processor doing the least the
// step needs).
import { fork } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, startAppServer, type AppServer } from "../tests/support/app-server";
import { shopifyKeys, stageShopifyStore, type ShopifyStage } from "../tests/support/shopify-seed";
import { runLoad, type DeliverySource, type LoadResult } from "./load";
import { liveDeliveries, signedOrderBodies, silenceEmitter } from "./shopify";
import type { SignedBody } from "./shopify-deliveries";
// @ts-expect-error – plain ESM script
import { buildIfNeeded } from "../scripts/build-if-needed.mjs";

type Kind = "pglite" | "postgres";
type Row = { scenario: string; db: Kind; server: "baseline" | "inkbridge"; mode: string; rps: number; p50: number; p99: number; max: number; errors: number; non2xx: number };

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const only = option("only", "gelato,siteflow,lag,shopify-webhooks,pipeline,products").split(",");
const duration = Number(option("duration", "10"));
const profileDir = option("profile", "");
const root = path.resolve(import.meta.dirname, "..");
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresReachable(): Promise<boolean> {
  const sql = postgres(pgUrl, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
}

const kinds = option("db", (await postgresReachable()) ? "pglite,postgres" : "pglite").split(",") as Kind[];

// A tiny artwork server, so the worker processes orders as in production while we measure.
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const files = createServer((_request, response) => response.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length }).end(pdf));
const filePort = await freePort();
await new Promise<void>((resolve) => files.listen(filePort, "127.0.0.1", resolve));
const fileUrl = `http://127.0.0.1:${filePort}/artwork.pdf`;

const admin = { email: "bench@example.com", password: "bench password 123" };

async function api(server: AppServer, token: string | undefined, method: string, url: string, body?: unknown) {
  const send = () =>
    fetch(`${server.url}/api/admin/v1${url}`, {
      method,
      headers: {
        "content-type": "application/json",
        authorization: token ? `Bearer ${token}` : `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response = await send();
  // A server shedding load while it works off a backlog answers 503: read again shortly, as a client would.
  for (let attempt = 0; response.status === 503 && attempt < 30; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    response = await send();
  }
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

type Credentials = { token: string; gelato: { apiKey: string; secret: string }; siteflow: { apiKey: string; secret: string } };

async function setUp(server: AppServer): Promise<Credentials> {
  const { token } = (await api(server, undefined, "POST", "/tokens", { name: "bench" })) as { token: string };
  const customer = (await api(server, token, "POST", "/customers", { name: "Bench Customer" })) as { id: string };
  await api(server, token, "POST", "/products", { productUid: "bench_a4_flyer", title: "A4 flyer", fileTypes: ["default"] });
  const gelato = (await api(server, token, "POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "bench" })) as { apiKey: string; secret: string };
  const siteflow = (await api(server, token, "POST", `/customers/${customer.id}/connectors`, { type: "siteflow", name: "bench" })) as { apiKey: string; secret: string };
  return { token, gelato, siteflow };
}

type OrderSummary = { status: string; createdAt: string; statusChangedAt: string };

/** Orders at a fixed 200/s for `seconds`, then the time each took from created to passed. */
async function measureLag(server: AppServer, token: string, seconds: number): Promise<LagRow> {
  // Let the backlog of the throughput runs drain first: lag is measured on a worker at rest.
  const drainUntil = Date.now() + 600_000;
  while (Date.now() < drainUntil && ((await api(server, token, "GET", "/orders?status=created&limit=1")) as { data: unknown[] }).data.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const customer = (await api(server, token, "POST", "/customers", { name: `Lag Customer ${runId}` })) as { id: string };
  const connector = (await api(server, token, "POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "lag" })) as { apiKey: string; secret: string };
  const sent = await runLoad(server.url, requestFor("gelato", connector), { seconds, rate: 200 });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const orders: OrderSummary[] = [];
    let cursor: string | null = null;
    do {
      const page = (await api(server, token, "GET", `/orders?customerId=${customer.id}&limit=200${cursor ? `&cursor=${cursor}` : ""}`)) as { data: OrderSummary[]; nextCursor: string | null };
      orders.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    const waiting = orders.filter((order) => order.status === "created").length;
    if (waiting === 0 || Date.now() > deadline) {
      const lags = orders
        .filter((order) => order.status === "passed")
        .map((order) => Date.parse(order.statusChangedAt) - Date.parse(order.createdAt))
        .sort((a, b) => a - b);
      const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;
      return { orders: orders.length, passed: lags.length, sentPerSecond: sent.rps, p50: at(0.5), p99: at(0.99), max: lags.at(-1) ?? NaN, errors: sent.errors + sent.non2xx };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Shopify deliveries at a fixed 100/s for `seconds` (each order placed in the shop as its webhook goes), then webhook → passed per order. */
/** Waits until the app has processed every delivery it took (at most 15 min). */
async function drainShopify(server: AppServer, token: string, stage: ShopifyStage): Promise<void> {
  const drainUntil = Date.now() + 900_000;
  while (Date.now() < drainUntil && ((await api(server, token, "GET", `/webhook-events?storeId=${stage.storeId}&status=received&limit=1`)) as { data: unknown[] }).data.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function measureShopifyLag(server: AppServer, token: string, stage: ShopifyStage, seconds: number): Promise<LagRow> {
  // The throughput runs leave a backlog of deliveries to process: measure on a worker at rest.
  await drainShopify(server, token, stage);
  const deliveries = liveDeliveries(stage);
  const sent = await runLoad(server.url, deliveries, { seconds, rate: 100 });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const orders: Array<OrderSummary & { externalId: string }> = [];
    let cursor: string | null = null;
    do {
      const page = (await api(server, token, "GET", `/orders?customerId=${stage.customerId}&limit=200${cursor ? `&cursor=${cursor}` : ""}`)) as { data: Array<OrderSummary & { externalId: string }>; nextCursor: string | null };
      orders.push(...page.data.filter((order) => deliveries.sentAt.has(order.externalId)));
      cursor = page.nextCursor;
    } while (cursor);
    const passed = orders.filter((order) => order.status === "passed");
    if (passed.length >= deliveries.sentAt.size || Date.now() > deadline) {
      const lags = passed.map((order) => Date.parse(order.statusChangedAt) - deliveries.sentAt.get(order.externalId)!).sort((a, b) => a - b);
      const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;
      // Where the time goes: webhook sent → order created (intake, relay, the webhook job's re-read).
      const toCreated = orders.map((order) => Date.parse(order.createdAt) - deliveries.sentAt.get(order.externalId)!).sort((a, b) => a - b);
      const createdAt = (q: number) => toCreated[Math.min(toCreated.length - 1, Math.floor(q * toCreated.length))] ?? NaN;
      return {
        orders: deliveries.sentAt.size,
        passed: lags.length,
        sentPerSecond: sent.rps,
        p50: at(0.5),
        p99: at(0.99),
        max: lags.at(-1) ?? NaN,
        errors: sent.errors + sent.non2xx,
        createdP50: createdAt(0.5),
        createdP99: createdAt(0.99),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

type LagRow = { orders: number; passed: number; sentPerSecond: number; p50: number; p99: number; max: number; errors: number; createdP50?: number; createdP99?: number };
type PipelineRow = { database: Kind; processor: "inkbridge" | "baseline"; orders: number; passedPerSecond: number };

let sequence = 0;
const runId = Date.now().toString(36);

function gelatoBody(): string {
  return JSON.stringify({
    orderReferenceId: `G-${runId}-${sequence++}`,
    customerReferenceId: "bench",
    currency: "EUR",
    items: [{ itemReferenceId: "1", productUid: "bench_a4_flyer", quantity: 1, files: [{ type: "default", url: fileUrl }] }],
    shippingAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Main St", city: "London", postCode: "N1 1AA", country: "GB", email: "ada@example.com" },
  });
}

function siteflowBody(): string {
  return JSON.stringify({
    destination: { name: "inkbridge" },
    orderData: {
      sourceOrderId: `S-${runId}-${sequence++}`,
      items: [{ sku: "bench_a4_flyer", sourceItemId: "1", quantity: 1, components: [{ code: "default", fetch: true, path: fileUrl }] }],
      shipments: [{ shipTo: { name: "Ada Lovelace", address1: "1 Main St", town: "London", postcode: "N1 1AA", isoCountry: "GB" }, carrier: { alias: "standard" } }],
    },
  });
}

function requestFor(scenario: string, credentials: { apiKey: string; secret: string }): DeliverySource {
  if (scenario === "gelato") {
    return { path: "/api/gelato/v4/orders", next: () => ({ headers: { "content-type": "application/json", "x-api-key": `${credentials.apiKey}:${credentials.secret}` }, body: gelatoBody() }) };
  }
  // Clients sign once per second and reuse the signature, as HP's SDKs effectively do.
  let signedAt = "";
  let signature = "";
  const headers = () => {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    if (now !== signedAt) {
      signedAt = now;
      signature = createHmac("sha256", credentials.secret).update(`POST /api/siteflow/order ${now}`).digest("hex");
    }
    return { "content-type": "application/json", "x-oneflow-authorization": `${credentials.apiKey}:${signature}`, "x-oneflow-date": signedAt, "x-oneflow-algorithm": "SHA256" };
  };
  return { path: "/api/siteflow/order", next: () => ({ headers: headers(), body: siteflowBody() }) };
}

/** The same load from a process of its own (bench/load-child.ts), away from the Shopify fake in this one. */
async function loadApart(url: string, shop: string, pool: SignedBody[], options: { seconds: number; rate?: number }): Promise<LoadResult> {
  const child = fork(path.join(root, "bench/load-child.ts"), [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.once("message", (message) => resolve(message as LoadResult));
    child.once("exit", (code) => reject(new Error(`the load generator exited with ${code}`)));
  });
  child.send({ url, shop, pool, ...options });
  return result;
}

async function startBaseline(kind: Kind, target: string, credentials: { apiKey: string; secret: string }) {
  const port = await freePort();
  const child = fork(path.join(root, "bench/baseline.ts"), [String(port), kind, target, credentials.apiKey, credentials.secret], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`baseline exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM"))) };
}

const rows: Row[] = [];
const lagRows: Array<LagRow & { db: Kind }> = [];
const shopifyLagRows: Array<LagRow & { db: Kind }> = [];
buildIfNeeded(root);

for (const kind of kinds) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-bench-"));
  let databaseUrl = "";
  let dropDatabase = async () => {};
  if (kind === "postgres") {
    const name = `inkbridge_bench_${runId}`;
    const sql = postgres(pgUrl, { max: 1, onnotice: () => undefined });
    await sql.unsafe(`create database "${name}"`);
    await sql.end();
    const parsed = new URL(pgUrl);
    parsed.pathname = `/${name}`;
    databaseUrl = parsed.toString();
    dropDatabase = async () => {
      const dropper = postgres(pgUrl, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    };
  }
  // The Shopify scenario's store is connected and linked before the server first starts.
  const port = await freePort();
  const stage =
    only.includes("shopify-webhooks") || only.includes("shopify-lag")
      ? await stageShopifyStore({ database: kind, databaseUrl: databaseUrl || undefined, dataDir: path.join(dataDir, "app"), port, fileUrl, fake: { throttle: { capacity: 1e9, restoreRate: 1e9 } } })
      : undefined;
  const server = await startAppServer({
    port,
    // --profile <dir>: a CPU profile of the app server, written when it stops (open it in Chrome DevTools).
    nodeArgs: profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [],
    dataDir: path.join(dataDir, "app"),
    env: {
      ...stage?.env,
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      CONNECTOR_RATE_LIMIT: "1000000",
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${filePort}`,
      LOG_LEVEL: "error",
    },
  });
  try {
    const credentials = await setUp(server);
    for (const scenario of only.filter((name) => name === "gelato" || name === "siteflow") as Array<"gelato" | "siteflow">) {
      const creds = credentials[scenario];
      const baseline = await startBaseline(kind, kind === "pglite" ? path.join(dataDir, "baseline") : databaseUrl, creds);
      try {
        for (const [server_, url] of [
          ["baseline", baseline.url],
          ["inkbridge", server.url],
        ] as const) {
          await runLoad(url, requestFor(scenario, creds), { seconds: 2 });
          rows.push({ scenario, db: kind, server: server_, mode: "throughput", ...(await runLoad(url, requestFor(scenario, creds), { seconds: duration })) });
        }
        for (const [server_, url] of [
          ["baseline", baseline.url],
          ["inkbridge", server.url],
        ] as const) {
          rows.push({ scenario, db: kind, server: server_, mode: "500 req/s", ...(await runLoad(url, requestFor(scenario, creds), { seconds: duration, rate: 500 })) });
        }
      } finally {
        await baseline.stop();
      }
    }
    if (only.includes("lag")) lagRows.push({ db: kind, ...(await measureLag(server, credentials.token, duration)) });
    if (stage) silenceEmitter(stage);
    if (stage && only.includes("shopify-webhooks")) {
      const bodies = signedOrderBodies(stage, 2000);
      const baseline = await startBaseline(kind, kind === "pglite" ? path.join(dataDir, "baseline") : databaseUrl, { apiKey: "-", secret: shopifyKeys.apiSecret });
      try {
        for (const [server_, url] of [
          ["baseline", baseline.url],
          ["inkbridge", server.url],
        ] as const) {
          await loadApart(url, stage.shop, bodies, { seconds: 2 });
          rows.push({ scenario: "shopify", db: kind, server: server_, mode: "throughput", ...(await loadApart(url, stage.shop, bodies, { seconds: duration })) });
        }
        // The burst leaves a backlog: both fixed-rate runs start with the app's worker at rest, and
        // the app processes its 200 deliveries/s while they are measured.
        await drainShopify(server, credentials.token, stage);
        for (const [server_, url] of [
          ["baseline", baseline.url],
          ["inkbridge", server.url],
        ] as const) {
          rows.push({ scenario: "shopify", db: kind, server: server_, mode: "200 req/s", ...(await loadApart(url, stage.shop, bodies, { seconds: duration, rate: 200 })) });
        }
      } finally {
        await baseline.stop();
      }
    }
    if (stage) shopifyLagRows.push({ db: kind, ...(await measureShopifyLag(server, credentials.token, stage, duration)) });
  } finally {
    await stage?.fake.close();
    await server.stop();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
files.close();

// Ratios against the baseline of the same scenario, database and mode.
const report = rows.map((row) => {
  const base = rows.find((other) => other.server === "baseline" && other.scenario === row.scenario && other.db === row.db && other.mode === row.mode);
  return { ...row, ratio: base && base.rps ? Number((row.rps / base.rps).toFixed(2)) : null, p99Ratio: base && base.p99 ? Number((row.p99 / base.p99).toFixed(2)) : null };
});
const pad = (value: unknown, width: number) => String(value).padStart(width);
console.log(`\n${"scenario".padEnd(9)}${"db".padEnd(9)}${"server".padEnd(10)}${"mode".padEnd(11)}${pad("req/s", 7)}${pad("p50", 6)}${pad("p99", 6)}${pad("max", 7)}${pad("err", 5)}${pad("non2xx", 7)}${pad("ratio", 7)}`);
for (const row of report) {
  console.log(
    `${row.scenario.padEnd(9)}${row.db.padEnd(9)}${row.server.padEnd(10)}${row.mode.padEnd(11)}${pad(row.rps, 7)}${pad(row.p50, 6)}${pad(row.p99, 6)}${pad(row.max, 7)}${pad(row.errors, 5)}${pad(row.non2xx, 7)}${pad(row.server === "baseline" ? "1.00" : (row.mode === "throughput" ? row.ratio : `p99 ${row.p99Ratio}`), 7)}`,
  );
}

if (lagRows.length > 0) {
  console.log(`\nlag: orders sent at 200/s for ${duration} s through the Gelato API, created → passed (target p99 ≤ 2000 ms)`);
  console.log(`${"db".padEnd(9)}${pad("orders", 7)}${pad("passed", 7)}${pad("sent/s", 7)}${pad("p50", 7)}${pad("p99", 7)}${pad("max", 7)}${pad("err", 5)}${pad("p99/target", 11)}`);
  for (const row of lagRows) {
    console.log(`${row.db.padEnd(9)}${pad(row.orders, 7)}${pad(row.passed, 7)}${pad(row.sentPerSecond, 7)}${pad(row.p50, 7)}${pad(row.p99, 7)}${pad(row.max, 7)}${pad(row.errors, 5)}${pad((row.p99 / 2000).toFixed(2), 11)}`);
  }
}

if (shopifyLagRows.length > 0) {
  console.log(`\nshopify-webhooks: deliveries at 100/s for ${duration} s, webhook sent → order passed (target p99 ≤ 3000 ms)`);
  console.log(`${"db".padEnd(9)}${pad("orders", 7)}${pad("passed", 7)}${pad("sent/s", 7)}${pad("p50", 7)}${pad("p99", 7)}${pad("max", 7)}${pad("err", 5)}${pad("p99/target", 11)}${pad("created p50", 12)}${pad("p99", 7)}`);
  for (const row of shopifyLagRows) {
    console.log(
      `${row.db.padEnd(9)}${pad(row.orders, 7)}${pad(row.passed, 7)}${pad(row.sentPerSecond, 7)}${pad(row.p50, 7)}${pad(row.p99, 7)}${pad(row.max, 7)}${pad(row.errors, 5)}${pad((row.p99 / 3000).toFixed(2), 11)}${pad(row.createdP50 ?? NaN, 12)}${pad(row.createdP99 ?? NaN, 7)}`,
    );
  }
}

// Pipeline throughput runs in its own process, on databases of its own.
const pipelineRows: PipelineRow[] = [];
if (only.includes("pipeline")) {
  for (const kind of kinds) {
    const out = path.join(os.tmpdir(), `inkbridge-pipeline-${runId}-${kind}.json`);
    await new Promise<void>((resolve, reject) => {
      const child = fork(path.join(root, "bench/pipeline.ts"), ["--db", kind, "--orders", option("orders", "5000"), "--baseline", "--out", out], {
        execArgv: ["--import", "tsx"],
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: pgUrl },
      });
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pipeline bench exited with ${code}`))));
    });
    pipelineRows.push(...(JSON.parse(readFileSync(out, "utf8")) as { results: PipelineRow[] }).results);
    rmSync(out, { force: true });
  }
  console.log(`\npipeline: created → passed per second (target on PostgreSQL ≥ 500/s)`);
  console.log(`${"db".padEnd(9)}${"processor".padEnd(11)}${pad("orders", 7)}${pad("passed/s", 9)}${pad("ratio", 7)}`);
  for (const row of pipelineRows) {
    const base = pipelineRows.find((other) => other.database === row.database && other.processor === "baseline");
    const ratio = row.processor === "baseline" ? "1.00" : base ? (row.passedPerSecond / base.passedPerSecond).toFixed(2) : "-";
    console.log(`${row.database.padEnd(9)}${row.processor.padEnd(11)}${pad(row.orders, 7)}${pad(row.passedPerSecond, 9)}${pad(ratio, 7)}`);
  }
}

// Product sync of a 10,000-variant fake Shopify shop with Shopify's cost limits, in its own process.
const productRows: unknown[] = [];
if (only.includes("products")) {
  for (const kind of kinds) {
    const out = path.join(os.tmpdir(), `inkbridge-products-${runId}-${kind}.json`);
    await new Promise<void>((resolve, reject) => {
      const child = fork(path.join(root, "bench/product-sync.ts"), ["--db", kind, "--variants", option("variants", "10000"), "--out", out], {
        execArgv: ["--import", "tsx"],
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: pgUrl },
      });
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`product sync bench exited with ${code}`))));
    });
    productRows.push(...(JSON.parse(readFileSync(out, "utf8")) as { results: unknown[] }).results);
    rmSync(out, { force: true });
  }
}

mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(
  path.join(root, "bench/results/latest.json"),
  JSON.stringify({ at: new Date().toISOString(), duration, rows: report, lag: lagRows, shopifyLag: shopifyLagRows, pipeline: pipelineRows, products: productRows }, null, 2),
);
