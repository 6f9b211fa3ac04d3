import { createServer } from "node:http";
import autocannon from "autocannon";
import { freePort, startAppServer } from "../tests/support/app-server";

const kind = process.argv[2] ?? "pglite";
const profile = process.argv[3] === "prof";
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const files = createServer((_q, r) => r.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length }).end(pdf));
const filePort = await freePort();
await new Promise<void>((r) => files.listen(filePort, "127.0.0.1", r));
const admin = { email: "bench@example.com", password: "bench password 123" };
let dbUrl = "";
if (kind === "postgres") {
  const { default: postgres } = await import("postgres");
  const sql = postgres("postgres://postgres@127.0.0.1:5432/postgres", { max: 1, onnotice: () => undefined });
  const name = `prof_${Date.now()}`;
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  dbUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
}
const server = await startAppServer({
  env: {
    DATABASE_URL: dbUrl, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, CONNECTOR_RATE_LIMIT: "1000000",
    FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${filePort}`, LOG_LEVEL: "error", WORKER: process.env.WORKER ?? "on",
  },
  nodeArgs: profile ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : [],
});
async function api(token: string | undefined, method: string, url: string, body?: unknown) {
  const r = await fetch(`${server.url}/api/admin/v1${url}`, { method, headers: { "content-type": "application/json", authorization: token ? `Bearer ${token}` : `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(await r.text());
  return r.json() as Promise<any>;
}
const { token } = await api(undefined, "POST", "/tokens", { name: "b" });
const customer = await api(token, "POST", "/customers", { name: "B" });
await api(token, "POST", "/products", { productUid: "bench_a4_flyer", title: "A4", fileTypes: ["default"] });
const g = await api(token, "POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "b" });
let seq = 0;
const run = Date.now().toString(36);
const body = () => JSON.stringify({ orderReferenceId: `G-${run}-${seq++}`, customerReferenceId: "b", currency: "EUR", items: [{ itemReferenceId: "1", productUid: "bench_a4_flyer", quantity: 1, files: [{ type: "default", url: `http://127.0.0.1:${filePort}/a.pdf` }] }], shippingAddress: { firstName: "Ada", lastName: "L", addressLine1: "1 Main St", city: "London", postCode: "N1 1AA", country: "GB", email: "a@example.com" } });
const res = await autocannon({ url: `${server.url}/api/gelato/v4/orders`, method: "POST", connections: 20, duration: Number(process.env.SECS ?? 10), requests: [{ setupRequest: (req: any) => ({ ...req, method: "POST", headers: { "content-type": "application/json", "x-api-key": `${g.apiKey}:${g.secret}` }, body: body() }) }] });
console.log(kind, "rps", res.requests.average, "p50", res.latency.p50, "p99", res.latency.p99, "non2xx", res.non2xx, "errors", res.errors);
await server.stop("SIGTERM");
files.close();
process.exit(0);
