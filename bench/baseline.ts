// The baseline the order APIs and the Shopify webhook intake are measured against: a bare
// node:http server doing the same authentication and one INSERT per request on the same kind of
// store, nothing else. For /api/webhooks/shopify the secret is the app's webhook secret.
import { createServer } from "node:http";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

const port = Number(process.argv[2]);
const kind = process.argv[3] as "pglite" | "postgres";
const target = process.argv[4]!; // a data directory, or a postgres URL
const apiKey = process.argv[5]!;
const secret = process.argv[6]!;

type Insert = (id: string, body: string) => Promise<void>;
let insert: Insert;
if (kind === "pglite") {
  const db = await PGlite.create({ dataDir: target });
  await db.exec("create table if not exists bench_inbox (id text primary key, body jsonb not null, created_at timestamptz default now())");
  insert = async (id, body) => {
    await db.query("insert into bench_inbox (id, body) values ($1, $2) on conflict do nothing", [id, body]);
  };
} else {
  const sql = postgres(target, { max: 10, onnotice: () => undefined });
  await sql`create table if not exists bench_inbox (id text primary key, body jsonb not null, created_at timestamptz default now())`;
  insert = async (id, body) => {
    await sql`insert into bench_inbox (id, body) values (${id}, ${body}) on conflict do nothing`;
  };
}

const secretHash = createHash("sha256").update(secret).digest();

function gelatoOk(header: string | undefined): boolean {
  if (!header) return false;
  const colon = header.indexOf(":");
  if (header.slice(0, colon) !== apiKey) return false;
  const given = createHash("sha256").update(header.slice(colon + 1)).digest();
  return timingSafeEqual(given, secretHash);
}

function siteflowOk(method: string, path: string, auth: string | undefined, date: string | undefined): boolean {
  if (!auth || !date) return false;
  const [key, signature] = auth.split(":");
  if (key !== apiKey || !signature) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${method} ${path} ${date}`).digest("hex"));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function shopifyOk(body: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let counter = 0;
createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", async () => {
    const raw = Buffer.concat(chunks);
    const body = raw.toString("utf8");
    const path = (request.url ?? "/").split("?")[0]!;
    if (path === "/api/webhooks/shopify") {
      if (!shopifyOk(raw, request.headers["x-shopify-hmac-sha256"] as string)) {
        response.writeHead(401).end();
        return;
      }
      try {
        await insert(String(request.headers["x-shopify-webhook-id"] ?? `n${counter++}`), body);
        response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      } catch {
        response.writeHead(400).end();
      }
      return;
    }
    const ok = path.startsWith("/api/siteflow")
      ? siteflowOk(request.method ?? "GET", path, request.headers["x-oneflow-authorization"] as string, request.headers["x-oneflow-date"] as string)
      : gelatoOk(request.headers["x-api-key"] as string);
    if (!ok) {
      response.writeHead(401).end();
      return;
    }
    try {
      const parsed = JSON.parse(body) as { orderReferenceId?: string; orderData?: { sourceOrderId?: string } };
      const id = parsed.orderReferenceId ?? parsed.orderData?.sourceOrderId ?? `n${counter++}`;
      await insert(id, body);
      response.writeHead(path.startsWith("/api/siteflow") ? 201 : 200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    } catch {
      response.writeHead(400).end();
    }
  });
}).listen(port, "127.0.0.1", () => process.send?.("ready"));
