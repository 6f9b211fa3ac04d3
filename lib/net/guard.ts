import http, { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import { classifyAddress, type AddressClass } from "./address";
import { isAllowedHost, type AllowEntry } from "./allow";
import type { OutboundPolicy, ResolvedAddress } from "./policy";
import { parseOutboundUrl, type OutboundTarget } from "./url";

export type OutboundErrorCode = "invalid_url" | "scheme" | "refused_address" | "dns" | "connect" | "tls" | "timeout" | "http_status";

/** Why an outbound exchange did not happen or broke off; `reason` reads after the URL. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    readonly reason: string,
    readonly transient: boolean,
  ) {
    super(reason);
    this.name = "OutboundError";
  }
}

type Agents = { http: http.Agent; https: https.Agent };
const agentPools = new Map<string, Agents>();

// Keep-alive pools, one per allow list: a pooled socket was opened to an address checked under
// the same rules for the same host and port, so reusing it cannot reach anything new.
function agentsFor(allow: readonly AllowEntry[]): Agents {
  const key = allow.map((entry) => `${entry.host}:${entry.port ?? ""}`).sort().join(",");
  let agents = agentPools.get(key);
  if (!agents) {
    agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 4000 }),
      https: new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 4000 }),
    };
    agentPools.set(key, agents);
  }
  return agents;
}

/** Parses a URL for `policy`; throws an OutboundError for a scheme or form it refuses. */
export function parseTarget(raw: string | URL, policy: Pick<OutboundPolicy, "allowHttp">): OutboundTarget {
  const parsed = parseOutboundUrl(raw, policy.allowHttp);
  if ("refusal" in parsed) throw new OutboundError(parsed.refusal.code, parsed.refusal.reason, false);
  return parsed.target;
}

/**
 * The one address a target may be connected to. The name is resolved once and every answer must
 * be public (a name that also resolves inside is refused outright), unless the host and port are
 * on the policy's allow list.
 */
export async function resolveTarget(target: OutboundTarget, policy: OutboundPolicy, signal: AbortSignal): Promise<ResolvedAddress> {
  const allowed = isAllowedHost(policy.allow, target.host, target.port);
  if (target.literal) {
    if (!allowed) refuseUnlessPublic(target.literal, policy);
    return { address: target.literal, family: target.literal.includes(":") ? 6 : 4 };
  }
  if (!allowed && (target.host === "localhost" || target.host.endsWith(".localhost"))) throw refused("loopback", policy);
  let answers: ResolvedAddress[];
  try {
    answers = await raceAbort(policy.resolve(target.host), signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOTFOUND" || code === "ENODATA") throw new OutboundError("dns", `has a host name that does not exist (${target.host})`, false);
    throw new OutboundError("dns", `could not look up ${target.host} (${code || "DNS error"})`, true);
  }
  if (answers.length === 0) throw new OutboundError("dns", `has a host name that does not exist (${target.host})`, false);
  if (!allowed) for (const answer of answers) refuseUnlessPublic(answer.address, policy);
  return answers[0]!;
}

function refuseUnlessPublic(address: string, policy: OutboundPolicy): void {
  const kind = classifyAddress(address);
  if (kind !== "public") throw refused(kind, policy);
}

function refused(kind: AddressClass, policy: OutboundPolicy): OutboundError {
  return new OutboundError("refused_address", `points to a non-public address (${kind}); ${policy.refusalHint}`, false);
}

/**
 * Checks a URL a person is saving: refused when its scheme or an address it names or resolves to
 * is not allowed. A name that cannot be looked up now passes; the send checks again anyway.
 */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<OutboundError | undefined> {
  const signal = AbortSignal.timeout(Math.min(policy.timeoutMs, 5000));
  try {
    await resolveTarget(parseTarget(raw, policy), policy, signal);
    return undefined;
  } catch (error) {
    if (error instanceof OutboundError && error.code !== "dns") return error;
    return undefined;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A lookup that answers every question with the address already checked. */
function fixedLookup(resolved: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: resolved.address, family: resolved.family }]);
    else callback(null, resolved.address, resolved.family);
  }) as unknown as LookupFunction;
}

export type OutboundRequest = { method: string; headers: Record<string, string>; body?: string | Buffer };

/**
 * Sends one request to exactly the checked address: TLS SNI and the Host header keep the name.
 * Redirects are answers like any other; following one is the caller's decision.
 */
export function openRequest(
  target: OutboundTarget,
  resolved: ResolvedAddress,
  request: OutboundRequest,
  policy: OutboundPolicy,
  signal: AbortSignal,
  retried = false,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const agents = agentsFor(policy.allow);
    const headers: Record<string, string> = { host: target.url.host, ...request.headers };
    if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
    const options: https.RequestOptions = {
      host: target.literal ?? target.host,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method: request.method,
      headers,
      lookup: fixedLookup(resolved),
      agent: target.secure ? agents.https : agents.http,
      signal,
    };
    if (target.secure) {
      if (!target.literal) options.servername = target.host;
      if (policy.trustedCertificates?.length) options.ca = [...rootCertificates, ...policy.trustedCertificates];
    }
    const outgoing: ClientRequest = (target.secure ? https : http).request(options);
    let response: IncomingMessage | undefined;
    let settled = false;
    outgoing.setTimeout(policy.idleTimeoutMs, () => {
      const failure = new OutboundError("timeout", `stopped answering for ${seconds(policy.idleTimeoutMs)}`, true);
      outgoing.destroy(failure);
      response?.destroy(failure);
    });
    outgoing.once("response", (answer) => {
      response = answer;
      settled = true;
      answer.on("error", () => undefined);
      resolve(answer);
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      // A kept-alive socket the server had just closed: try once more on a fresh one.
      if (!retried && outgoing.reusedSocket && error.code === "ECONNRESET" && !signal.aborted) {
        openRequest(target, resolved, request, policy, signal, true).then(resolve, reject);
        return;
      }
      reject(error);
    });
    outgoing.end(request.body);
  });
}

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|HOSTNAME/;

/** Any error from the steps above as an OutboundError; `aborted` says the time budget ran out. */
export function toOutboundError(error: unknown, aborted: boolean, timeoutMs: number): OutboundError {
  if (error instanceof OutboundError) return error;
  if (aborted) return new OutboundError("timeout", `did not finish within ${seconds(timeoutMs)}`, true);
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  if (tlsCodes.test(code)) return new OutboundError("tls", `has a TLS certificate that is not trusted (${code})`, false);
  if (code.startsWith("ERR_SSL") || code.startsWith("EPROTO")) return new OutboundError("tls", `could not set up TLS (${code})`, false);
  if (code.startsWith("HPE_")) return new OutboundError("http_status", "answered with invalid HTTP", false);
  return new OutboundError("connect", `could not be reached (${code || (error instanceof Error ? error.message : "connection failed")})`, true);
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

export type GuardedResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `maxBodyBytes` of the body. */
  body: Buffer;
  /** The body was longer than `maxBodyBytes`; the rest was not read. */
  truncated: boolean;
};

/**
 * One guarded HTTP exchange for a URL somebody typed: scheme and address checked, the connection
 * pinned to the checked address, no redirects followed, at most `maxBodyBytes` of the answer
 * read, all within the policy's time budget. Throws an OutboundError.
 */
export async function guardedFetch(raw: string, request: OutboundRequest & { maxBodyBytes: number }, policy: OutboundPolicy): Promise<GuardedResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    const target = parseTarget(raw, policy);
    const address = await resolveTarget(target, policy, controller.signal);
    const response = await openRequest(target, address, request, policy, controller.signal);
    const { body, truncated } = await readUpTo(response, request.maxBodyBytes);
    return { status: response.statusCode ?? 0, headers: response.headers, body, truncated };
  } catch (error) {
    throw toOutboundError(error, controller.signal.aborted, policy.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a body up to `limit` bytes; a longer one is cut off and its connection closed. */
export function readUpTo(response: IncomingMessage, limit: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (truncated: boolean) => {
      response.off("data", onData);
      resolve({ body: Buffer.concat(chunks).subarray(0, limit), truncated });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > limit) {
        finish(true);
        response.destroy();
      }
    };
    response.on("data", onData);
    response.once("end", () => finish(false));
    response.once("error", reject);
    response.once("close", () => (response.complete ? finish(false) : reject(new Error("the connection closed early"))));
  });
}
