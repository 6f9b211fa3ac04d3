import { createHmac } from "node:crypto";
import type { ServerResponse } from "node:http";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { samplePdf, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { TcpProxy } from "@/tests/support/tcp-proxy";

// PostgreSQL goes away under a running server: intake must answer 503 (never a 2xx for an order
// it could not store), the process must live on, and once the database is back everything that
// was accepted earlier must finish processing without anyone restarting anything.
// PGlite runs inside the process, so it cannot be stopped on its own; this runs on PostgreSQL only.

const postgresUrl = process.env.TEST_DATABASE_URL;
const admin = { email: "outage@example.com", password: "outage admin password" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let app: AppServer | undefined;
let proxy: TcpProxy | undefined;
let artwork: ArtworkServer | undefined;
let dropDatabase = async () => {};

afterAll(async () => {
  await app?.stop();
  await proxy?.stop();
  await artwork?.close();
  await dropDatabase();
});

type Connector = { apiKey: string; secret: string };
type Reply = { status: number; body: string; headers: Headers };

function gelatoOrder(reference: string, fileUrl: string) {
  return {
    orderReferenceId: reference,
    currency: "EUR",
    items: [{ itemReferenceId: "1", productUid: "outage_card", quantity: 1, files: [{ type: "default", url: fileUrl }] }],
    shippingAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Main St", city: "London", postCode: "N1 1AA", country: "GB", email: "ada@example.com" },
  };
}

function siteflowOrder(reference: string, fileUrl: string) {
  return {
    destination: { name: "inkbridge" },
    orderData: {
      sourceOrderId: reference,
      items: [{ sku: "outage_card", sourceItemId: "1", quantity: 1, components: [{ code: "default", fetch: true, path: fileUrl }] }],
      shipments: [{ shipTo: { name: "Ada Lovelace", address1: "1 Main St", town: "London", postcode: "N1 1AA", isoCountry: "GB" }, carrier: { alias: "standard" } }],
    },
  };
}

describe("database outage", () => {
  it.runIf(Boolean(postgresUrl))(
    "PostgreSQL (only with TEST_DATABASE_URL): intake answers 503 while the database is unreachable, and accepted orders are processed once it returns",
    { timeout: 300_000 },
    async () => {
      const name = `inkbridge_outage_${Date.now().toString(36)}`;
      const adminSql = postgres(postgresUrl!, { max: 1, onnotice: () => undefined });
      await adminSql.unsafe(`create database "${name}"`);
      await adminSql.end();
      dropDatabase = async () => {
        const dropper = postgres(postgresUrl!, { max: 1, onnotice: () => undefined });
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
        await dropper.end();
      };
      const target = new URL(postgresUrl!);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      const proxied = new URL(postgresUrl!);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(await proxy.start());
      proxied.pathname = `/${name}`;

      // Artwork answers only when the test lets it, so orders can be caught mid-processing.
      artwork = await startArtworkServer({ host: "127.0.0.1" });
      const waiting: ServerResponse[] = [];
      let holdArtwork = true;
      const sendFile = (response: ServerResponse) => response.writeHead(200, { "content-type": "application/pdf", "content-length": String(samplePdf.length) }).end(samplePdf);
      artwork.route("/art.pdf", (_request, response) => (holdArtwork ? waiting.push(response) : sendFile(response)));
      const fileUrl = `${artwork.url}/art.pdf`;

      app = await startAppServer({
        env: {
          DATABASE_URL: proxied.toString(),
          ADMIN_EMAIL: admin.email,
          ADMIN_PASSWORD: admin.password,
          FILE_FETCH_HTTP: "on",
          FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`,
        },
      });
      const base = app.url;

      async function adminApi<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
        const response = await fetch(`${base}/api/admin/v1${path}`, {
          method,
          headers: {
            "content-type": "application/json",
            authorization: token ? `Bearer ${token}` : `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}`,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
        return JSON.parse(text) as T;
      }
      const { token } = await adminApi<{ token: string }>("POST", "/tokens", { name: "outage" });
      const customer = await adminApi<{ id: string }>("POST", "/customers", { name: "Outage Customer", referenceId: "OUTAGE" }, token);
      await adminApi("POST", "/products", { productUid: "outage_card", title: "Card", fileTypes: ["default"] }, token);
      const gelato = await adminApi<Connector>("POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "outage g" }, token);
      const siteflow = await adminApi<Connector>("POST", `/customers/${customer.id}/connectors`, { type: "siteflow", name: "outage s" }, token);

      async function submit(dialect: "gelato" | "siteflow", reference: string): Promise<Reply> {
        const url = dialect === "gelato" ? `${base}/api/gelato/v4/orders` : `${base}/api/siteflow/order`;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (dialect === "gelato") headers["x-api-key"] = `${gelato.apiKey}:${gelato.secret}`;
        else {
          const date = new Date().toISOString();
          headers["x-oneflow-date"] = date;
          headers["x-oneflow-algorithm"] = "SHA256";
          headers["x-oneflow-authorization"] = `${siteflow.apiKey}:${createHmac("sha256", siteflow.secret).update(`POST /api/siteflow/order ${date}`).digest("hex")}`;
        }
        const body = dialect === "gelato" ? gelatoOrder(reference, fileUrl) : siteflowOrder(reference, fileUrl);
        const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
        return { status: response.status, body: await response.text(), headers: response.headers };
      }
      type Listed = { data: Array<{ id: string; externalId: string; status: string }> };
      const listOrders = async () => (await adminApi<Listed>("GET", `/orders?customerId=${customer.id}&limit=100`, undefined, token)).data;

      // Before the cut: four orders accepted, their processing stuck on the held artwork.
      const before = ["G-1", "S-1", "G-2", "S-2"];
      for (const reference of before) expect((await submit(reference.startsWith("G") ? "gelato" : "siteflow", reference)).status).toBeLessThan(300);
      await expect.poll(() => waiting.length, { timeout: 30_000 }).toBeGreaterThan(0);
      expect((await listOrders()).map((order) => order.status)).toEqual(["created", "created", "created", "created"]);

      await proxy.cut();
      // The worker finishes its file checks during the outage and cannot record anything.
      holdArtwork = false;
      for (const response of waiting.splice(0)) sendFile(response);

      const outageStarted = Date.now();
      let attempt = 0;
      while (Date.now() - outageStarted < 12_000) {
        attempt++;
        const roundStarted = Date.now();
        const gelatoReply = await submit("gelato", `G-OUT-${attempt}`);
        expect(gelatoReply.status, gelatoReply.body).toBe(503);
        expect(gelatoReply.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(JSON.parse(gelatoReply.body)).toMatchObject({ code: "service_unavailable", message: expect.any(String) });

        const siteflowReply = await submit("siteflow", `S-OUT-${attempt}`);
        expect(siteflowReply.status, siteflowReply.body).toBe(503);
        expect(siteflowReply.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(JSON.parse(siteflowReply.body)).toMatchObject({ success: false, error: { name: "ServiceUnavailable", code: 503 } });

        const health = await fetch(`${base}/api/health`);
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ status: "error", database: "unreachable" });
        expect(app.process.exitCode, app.output()).toBeNull();
        // Callers hear at once that they should come back, rather than waiting on a reconnect.
        expect(Date.now() - roundStarted, "three requests answered within").toBeLessThan(5000);
        await sleep(500);
      }
      expect(attempt).toBeGreaterThan(5);

      await proxy.restore();
      const restored = Date.now();
      // Intake works again on both dialects with no restart.
      await expect.poll(async () => (await submit("gelato", "G-3")).status, { timeout: 30_000, interval: 500 }).toBe(200);
      await expect.poll(async () => (await submit("siteflow", "S-3")).status, { timeout: 30_000, interval: 500 }).toBe(201);
      await expect.poll(async () => (await fetch(`${base}/api/health`)).status, { timeout: 30_000, interval: 500 }).toBe(200);

      // Every order, the ones caught by the outage included, reaches passed by itself.
      const all = [...before, "G-3", "S-3"];
      await expect
        .poll(async () => (await listOrders()).map((order) => `${order.externalId}:${order.status}`).sort(), { timeout: 120_000, interval: 1000 })
        .toEqual(all.map((reference) => `${reference}:passed`).sort());
      const recovery = Math.round((Date.now() - restored) / 1000);
      console.log(`database outage: ${attempt} rounds of 503s over ${Math.round((restored - outageStarted) / 1000)} s; everything passed ${recovery} s after the database returned`);

      // Processed once each, and nothing the outage refused was stored.
      const orders = await listOrders();
      expect(orders).toHaveLength(all.length);
      for (const order of orders) {
        const view = await adminApi<{ events: Array<{ type: string }> }>("GET", `/orders/${order.id}`, undefined, token);
        expect(view.events.map((event) => event.type)).toEqual(["order.received", "order.passed"]);
      }
      expect(app.process.exitCode).toBeNull();
    },
  );
});
