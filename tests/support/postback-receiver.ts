import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A postback receiver for tests: a real HTTP server that verifies every Standard Webhooks
// signature on its own (not with the app's signer) and counts deliveries by webhook-id.

export type ReceivedPostback = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  webhookId: string;
  timestamp: number;
  body: string;
  /** The signatures in `webhook-signature`, in order. */
  signatures: string[];
  /** For each signature, the secret it verifies against (undefined when none does). */
  verifiedWith: Array<string | undefined>;
  /** Every signature verified and the timestamp is within five minutes. */
  valid: boolean;
  status: number;
};

export type PostbackReceiver = {
  url: string;
  received: ReceivedPostback[];
  /** Requests grouped by webhook-id: duplicates of one message count once. */
  uniqueIds(): string[];
  byId(webhookId: string): ReceivedPostback[];
  /** Secrets the receiver accepts (set after reading them from the app). */
  secrets: string[];
  /** Decides the answer to each request (default 204). */
  respond: (request: { path: string; count: number; webhookId: string; body: string }) => { status: number; body?: string; headers?: Record<string, string> };
  waitFor(predicate: (receiver: PostbackReceiver) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

const toleranceSeconds = 5 * 60;

/**
 * Receivers listen on 127.0.0.1, which the outbound guard refuses: tests open it by name, without
 * a port, because each receiver's port is chosen when it starts.
 */
export const receiverEnv = { POSTBACK_ALLOW: "127.0.0.1" } as const;

/** Standard Webhooks verification, written from the spec: HMAC-SHA256 over "id.timestamp.body". */
export function verifyWebhook(secret: string, webhookId: string, timestamp: string, body: string, signature: string): boolean {
  const [version, encoded] = signature.split(",", 2);
  if (version !== "v1" || !encoded) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${webhookId}.${timestamp}.${body}`).digest();
  const given = Buffer.from(encoded, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startPostbackReceiver(): Promise<PostbackReceiver> {
  const received: ReceivedPostback[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((request, response) => handle(request, response));
  const receiver: PostbackReceiver = {
    url: "",
    received,
    secrets: [],
    respond: () => ({ status: 204 }),
    uniqueIds: () => [...new Set(received.map((request) => request.webhookId))],
    byId: (webhookId) => received.filter((request) => request.webhookId === webhookId),
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver)) {
        if (Date.now() > deadline) throw new Error(`The receiver did not see what was expected in ${timeoutMs} ms (got ${received.length} requests)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const webhookId = String(request.headers["webhook-id"] ?? "");
      const timestamp = String(request.headers["webhook-timestamp"] ?? "");
      const signatures = String(request.headers["webhook-signature"] ?? "")
        .split(" ")
        .filter(Boolean);
      const verifiedWith = signatures.map((signature) => receiver.secrets.find((secret) => verifyWebhook(secret, webhookId, timestamp, body, signature)));
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= toleranceSeconds;
      const path = request.url ?? "/";
      const count = (counts.get(path) ?? 0) + 1;
      counts.set(path, count);
      const answer = receiver.respond({ path, count, webhookId, body });
      received.push({
        method: request.method ?? "",
        path,
        headers: request.headers,
        webhookId,
        timestamp: Number(timestamp),
        body,
        signatures,
        verifiedWith,
        valid: signatures.length > 0 && verifiedWith.every(Boolean) && fresh,
        status: answer.status,
      });
      response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      response.end(answer.body ?? "");
    });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
