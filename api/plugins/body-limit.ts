import type { IncomingMessage, ServerResponse } from "node:http";

/** Forms, server actions and Auth.js posts. */
export const formBodyLimit = 64 * 1024;
/** File imports (lookup CSV, catalog CSV, shipments CSV). */
export const importBodyLimit = 20 * 1024 * 1024;
/** The order preview takes an order as the intake APIs would, so it gets their limit. */
export const orderBodyLimit = 1024 * 1024;

const routeLimits: Array<{ path: RegExp; limit: number }> = [
  { path: /^\/customers\/[^/]+\/lookups\/[^/]+\/import$/, limit: importBodyLimit },
  { path: /^\/catalog\/import$/, limit: importBodyLimit },
  { path: /^\/production$/, limit: importBodyLimit },
  { path: /^\/customers\/[^/]+\/lookups\/preview$/, limit: orderBodyLimit },
];

/** The most bytes a request to this console or portal path may carry. */
export function nextBodyLimit(url: string): number {
  const pathname = (url.split("?")[0] ?? "/").replace(/\/+$/, "") || "/";
  return routeLimits.find((route) => route.path.test(pathname))?.limit ?? formBodyLimit;
}

function describe(limit: number): string {
  return limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`;
}

/**
 * Answers 413 and closes the connection a moment later. Closing at once while the client is still
 * sending makes the kernel answer with a reset, which can destroy the 413 before the client reads
 * it; the body stops being read at the refusal (see limitNextBody), so the wait costs no memory.
 */
function refuse(request: IncomingMessage, response: ServerResponse, limit: number): void {
  const socket = request.socket;
  if (response.headersSent) {
    socket.destroy();
    return;
  }
  // No `connection: close`: Node would then close at once, with the reset described above.
  response.writeHead(413, { "content-type": "text/plain; charset=utf-8" });
  response.end(`The request body is larger than ${describe(limit)}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * Caps the body Next will read: a declared Content-Length above the limit is refused at once;
 * a chunked body is counted as it arrives and refused the moment it passes the limit, before
 * the excess reaches Next. After a refusal nothing more is read. Returns false when refused.
 */
export function limitNextBody(request: IncomingMessage, response: ServerResponse, limit = nextBodyLimit(request.url ?? "/")): boolean {
  let received = 0;
  let refused = false;
  const push = request.push.bind(request);
  // The HTTP parser hands every body chunk to push(); counting there sees each byte once,
  // whether Next reads the request as a Node stream or as a web stream. A refused request's
  // chunks are dropped without asking for more, so the socket stops being read.
  request.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (refused) return false;
    if (chunk !== null && chunk !== undefined) {
      received += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
      if (received > limit) {
        refused = true;
        refuse(request, response, limit);
        return false;
      }
    }
    return push(chunk, encoding);
  };
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    refused = true;
    refuse(request, response, limit);
    return false;
  }
  return true;
}
