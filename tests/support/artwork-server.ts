import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Resolver } from "@/lib/net";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export type ArtworkServer = {
  readonly port: number;
  /** Base URL on 127.0.0.1 (`http://127.0.0.1:port`). */
  readonly url: string;
  /** TCP connections accepted so far, whatever came over them. */
  readonly connections: number;
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage["headers"]; servername?: string }>;
  /** Answers `path` (exact, without the query) with `handler`; unknown paths get 404. */
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
};

/**
 * A local HTTP(S) server for artwork: files with Range support, redirects, slow or broken answers.
 * Listens on all loopback addresses (IPv4 and IPv6) so it also works as a canary that counts
 * every connection made to it.
 */
export async function startArtworkServer(options: { tls?: { key: string; cert: string }; host?: string } = {}): Promise<ArtworkServer> {
  const routes = new Map<string, Handler>();
  const requests: ArtworkServer["requests"] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const socket = request.socket as Socket & { servername?: string };
    requests.push({ method: request.method ?? "GET", path, headers: request.headers, servername: socket.servername || undefined });
    const handler = routes.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 5000;
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? "::", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` like a file server: Content-Length, and 206 answers to a Range request. */
export function serveFile(body: Buffer, headers: Record<string, string> = {}): Handler {
  return (request, response) => {
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers.range ?? ""));
    if (range && body.length === 0) {
      response.writeHead(416, { "content-range": "bytes */0", ...headers }).end();
      return;
    }
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
      const slice = body.subarray(start, end + 1);
      response.writeHead(206, { "content-length": String(slice.length), "content-range": `bytes ${start}-${end}/${body.length}`, ...headers });
      response.end(slice);
      return;
    }
    response.writeHead(200, { "content-length": String(body.length), ...headers });
    response.end(body);
  };
}

export function redirectTo(location: string, status = 302): Handler {
  return (_request, response) => void response.writeHead(status, { location, "content-length": "0" }).end();
}

export const samplePdf = Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), Buffer.alloc(20_000, 0x20)]);
export const samplePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 1)]);
export const sampleJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 2)]);
export const sampleTiff = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(2000, 3)]);
export const sampleSvg = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100"/></svg>\n');

/** Stands in for DNS: names map to addresses, anything else does not exist. */
export function stubResolver(names: Record<string, string | string[]>): Resolver {
  return async (hostname) => {
    const answer = names[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return (Array.isArray(answer) ? answer : [answer]).map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  };
}
