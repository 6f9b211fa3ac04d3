import { createHmac, randomInt } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort, startAppServer, type AppServer } from "./app-server";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "./postback-receiver";

// The crash storm: thousands of orders over both order APIs with duplicates (some concurrent),
// while the server is SIGKILLed every 1–3 s and restarted; clients retry whatever got no 2xx,
// as real senders do. Afterwards every order must exist exactly once, be processed exactly once,
// and every order event must have reached the postback receiver exactly once (by webhook-id).

export type StormOptions = {
  orders: number;
  minKills: number;
  database: "pglite" | "postgres";
  postgresUrl?: string;
  duplicateRatio?: number;
  concurrentDuplicateRatio?: number;
  /** Spread the submissions over at least this long, so the kills land while orders arrive (default 2 s per kill). */
  submitSeconds?: number;
  log?: (line: string) => void;
};

export type StormReport = {
  orders: number;
  requests: number;
  retriedRequests: number;
  kills: number;
  unexpected: string[];
  storedOrders: number;
  notPassed: string[];
  eventsPerOrder: Map<string, Map<string, number>>;
  deliveriesByEvent: Map<string, Set<string>>;
  signaturesValid: boolean;
  seconds: number;
};

type Planned = { dialect: "gelato" | "siteflow"; reference: string; body: string; sends: number; concurrent: boolean };

const admin = { email: "storm@example.com", password: "storm password 123" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashStorm(options: StormOptions): Promise<StormReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const root = mkdtempSync(path.join(os.tmpdir(), "inkbridge-storm-"));
  const pdf = Buffer.from("%PDF-1.4\n%storm\n%%EOF\n");
  const files: Server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length }).end(pdf));
  const filePort = await freePort();
  await new Promise<void>((resolve) => files.listen(filePort, "127.0.0.1", resolve));
  const fileUrl = `http://127.0.0.1:${filePort}/art.pdf`;
  const receiver: PostbackReceiver = await startPostbackReceiver();

  let databaseUrl = "";
  let dropDatabase = async () => {};
  if (options.database === "postgres") {
    const name = `inkbridge_storm_${Date.now().toString(36)}`;
    const adminSql = postgres(options.postgresUrl!, { max: 1, onnotice: () => undefined });
    await adminSql.unsafe(`create database "${name}"`);
    await adminSql.end();
    const parsed = new URL(options.postgresUrl!);
    parsed.pathname = `/${name}`;
    databaseUrl = parsed.toString();
    dropDatabase = async () => {
      const dropper = postgres(options.postgresUrl!, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    };
  }

  const port = await freePort();
  const serverOptions = {
    port,
    dataDir: path.join(root, "data"),
    env: {
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      CONNECTOR_RATE_LIMIT: "100000",
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${filePort}`,
      ...receiverEnv,
      LOG_LEVEL: "error",
    },
  };
  let server: AppServer = await startAppServer(serverOptions);
  const base = server.url;

  async function adminCall<T>(method: string, url: string, body?: unknown, token?: string): Promise<T> {
    for (;;) {
      try {
        const response = await fetch(`${base}/api/admin/v1${url}`, {
          method,
          headers: {
            "content-type": "application/json",
            authorization: token ? `Bearer ${token}` : `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}`,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        if (response.status >= 500) throw new Error(`${response.status}`);
        if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
        return (await response.json()) as T;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith(`${method} `)) throw error;
        await sleep(200);
      }
    }
  }

  const { token } = await adminCall<{ token: string }>("POST", "/tokens", { name: "storm" });
  const customer = await adminCall<{ id: string }>("POST", "/customers", { name: "Storm Customer", referenceId: "STORM" }, token);
  await adminCall("POST", "/products", { productUid: "storm_card", title: "Card", fileTypes: ["default"] }, token);
  const gelato = await adminCall<{ apiKey: string; secret: string }>("POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "storm g" }, token);
  const siteflow = await adminCall<{ apiKey: string; secret: string }>("POST", `/customers/${customer.id}/connectors`, { type: "siteflow", name: "storm s" }, token);
  const events = ["order.received", "order.passed", "order.not_connected", "order.failed", "order.on_hold", "order.in_production", "order.printed", "order.shipped", "order.canceled"];
  await adminCall("POST", `/customers/${customer.id}/triggers`, { events, url: `${receiver.url}/hook`, method: "POST" }, token);
  const { secret } = await adminCall<{ secret: string }>("GET", `/customers/${customer.id}/postback-secret`, undefined, token);
  receiver.secrets.push(secret);

  const run = Date.now().toString(36);
  const planned: Planned[] = Array.from({ length: options.orders }, (_, index) => {
    const dialect = index % 2 === 0 ? "gelato" : "siteflow";
    const reference = `${dialect === "gelato" ? "G" : "S"}-${run}-${index}`;
    const address = { name: "Ada Lovelace", first: "Ada", last: "Lovelace" };
    const body =
      dialect === "gelato"
        ? JSON.stringify({
            orderReferenceId: reference,
            customerReferenceId: "storm",
            currency: "EUR",
            items: [{ itemReferenceId: "1", productUid: "storm_card", quantity: 1, files: [{ type: "default", url: fileUrl }] }],
            shippingAddress: { firstName: address.first, lastName: address.last, addressLine1: "1 Main St", city: "London", postCode: "N1 1AA", country: "GB", email: "ada@example.com" },
          })
        : JSON.stringify({
            destination: { name: "inkbridge" },
            orderData: {
              sourceOrderId: reference,
              items: [{ sku: "storm_card", sourceItemId: "1", quantity: 1, components: [{ code: "default", fetch: true, path: fileUrl }] }],
              shipments: [{ shipTo: { name: address.name, address1: "1 Main St", town: "London", postcode: "N1 1AA", isoCountry: "GB" }, carrier: { alias: "standard" } }],
            },
          });
    const duplicated = Math.random() < (options.duplicateRatio ?? 0.3);
    return { dialect, reference, body, sends: duplicated ? 2 + randomInt(2) : 1, concurrent: duplicated && Math.random() < (options.concurrentDuplicateRatio ?? 0.1) };
  });

  let requests = 0;
  let retriedRequests = 0;
  const unexpected: string[] = [];

  async function sendOnce(order: Planned): Promise<void> {
    const url = order.dialect === "gelato" ? `${base}/api/gelato/v4/orders` : `${base}/api/siteflow/order`;
    for (let attempt = 0; ; attempt++) {
      requests++;
      if (attempt > 0) retriedRequests++;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (order.dialect === "gelato") headers["x-api-key"] = `${gelato.apiKey}:${gelato.secret}`;
      else {
        const date = new Date().toISOString();
        headers["x-oneflow-date"] = date;
        headers["x-oneflow-algorithm"] = "SHA256";
        headers["x-oneflow-authorization"] = `${siteflow.apiKey}:${createHmac("sha256", siteflow.secret).update(`POST /api/siteflow/order ${date}`).digest("hex")}`;
      }
      try {
        const response = await fetch(url, { method: "POST", headers, body: order.body, signal: AbortSignal.timeout(15_000) });
        const text = await response.text();
        if (response.status === 200 || response.status === 201) return;
        if (response.status >= 500 || response.status === 429) {
          await sleep(100 + randomInt(200));
          continue;
        }
        unexpected.push(`${order.reference}: ${response.status} ${text.slice(0, 200)}`);
        return;
      } catch {
        await sleep(100 + randomInt(200));
      }
    }
  }

  const tasks: Array<() => Promise<void>> = [];
  for (const order of planned) {
    if (order.concurrent) tasks.push(() => Promise.all(Array.from({ length: order.sends }, () => sendOnce(order))).then(() => undefined));
    else for (let i = 0; i < order.sends; i++) tasks.push(() => sendOnce(order));
  }
  for (let i = tasks.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [tasks[i], tasks[j]] = [tasks[j]!, tasks[i]!];
  }

  let submitting = true;
  let kills = 0;
  const killer = (async () => {
    while (submitting || kills < options.minKills) {
      await sleep(1000 + randomInt(2000));
      await server.stop("SIGKILL");
      kills++;
      log(`kill ${kills} (${requests} requests so far)`);
      server = await startAppServer(serverOptions);
    }
  })();
  let next = 0;
  const submitStarted = Date.now();
  const paceMs = (options.submitSeconds ?? options.minKills * 2) * 1000;
  await Promise.all(
    Array.from({ length: 24 }, async () => {
      while (next < tasks.length) {
        const index = next++;
        const due = submitStarted + (index / tasks.length) * paceMs;
        if (due > Date.now()) await sleep(due - Date.now());
        await tasks[index]!();
      }
    }),
  );
  submitting = false;
  await killer;
  log(`submitted: ${requests} requests (${retriedRequests} retries) through ${kills} kills`);

  // Wait for the pipeline to finish: every order passed and every event delivered.
  const expectedEvents = options.orders * 2;
  const deadline = Date.now() + 300_000;
  const eventsOf = () => {
    const byEvent = new Map<string, Set<string>>();
    const perOrder = new Map<string, Map<string, number>>();
    for (const request of receiver.received) {
      const body = JSON.parse(request.body) as { id?: string; eventId?: string; eventType: string; orderReferenceId?: string; sourceOrderId?: string };
      const eventId = body.eventId ?? body.id ?? "";
      const ids = byEvent.get(eventId) ?? new Set();
      const firstTime = ids.size === 0;
      ids.add(request.webhookId);
      byEvent.set(eventId, ids);
      if (!firstTime) continue;
      const reference = body.orderReferenceId ?? body.sourceOrderId ?? "";
      const counts = perOrder.get(reference) ?? new Map<string, number>();
      counts.set(body.eventType, (counts.get(body.eventType) ?? 0) + 1);
      perOrder.set(reference, counts);
    }
    return { byEvent, perOrder };
  };
  while (eventsOf().byEvent.size < expectedEvents && Date.now() < deadline) await sleep(500);

  const stored: Array<{ externalId: string; status: string }> = [];
  let cursor: string | null = null;
  do {
    const page: { data: Array<{ externalId: string; status: string }>; nextCursor: string | null } = await adminCall(
      "GET",
      `/orders?customerId=${customer.id}&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      undefined,
      token,
    );
    stored.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  await sleep(1500);
  const { byEvent, perOrder } = eventsOf();

  await server.stop("SIGTERM");
  await receiver.close();
  files.close();
  await dropDatabase();
  rmSync(root, { recursive: true, force: true });
  return {
    orders: options.orders,
    requests,
    retriedRequests,
    kills,
    unexpected,
    storedOrders: new Set(stored.map((order) => order.externalId)).size === stored.length ? stored.length : -stored.length,
    notPassed: stored.filter((order) => order.status !== "passed").map((order) => `${order.externalId}:${order.status}`),
    eventsPerOrder: perOrder,
    deliveriesByEvent: byEvent,
    signaturesValid: receiver.received.every((request) => request.valid),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
