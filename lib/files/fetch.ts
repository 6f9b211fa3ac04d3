import http, { type IncomingMessage, type ClientRequest } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import { classifyAddress, type AddressClass } from "./address";
import { isAllowedHost } from "./allow";
import type { FetchPolicy, ResolvedAddress } from "./policy";
import {
  allowedTypesText,
  canonicalContentTypes,
  declaredType,
  fileNameOfDisposition,
  fileNameOfUrl,
  fileTypeLabels,
  sniffFileType,
  typeFromFileName,
  type FileType,
} from "./sniff";
import { isSampleArtworkUrl } from "./sample";
import { parseArtworkUrl, type ArtworkTarget } from "./url";

export type FileCheckCode =
  | "invalid_url"
  | "scheme"
  | "refused_address"
  | "dns"
  | "connect"
  | "tls"
  | "timeout"
  | "http_status"
  | "redirects"
  | "too_large"
  | "empty"
  | "type";

export type FileCheckOk = { ok: true; fileType: FileType; contentType: string; size: number | null };
/** `reason` reads after the URL: "https://…/a.pdf answered 404". */
export type FileCheckFailure = { ok: false; code: FileCheckCode; reason: string; transient: boolean };
export type FileCheck = FileCheckOk | FileCheckFailure;

class CheckFailure extends Error {
  constructor(
    readonly code: FileCheckCode,
    readonly reason: string,
    readonly transient: boolean,
  ) {
    super(reason);
  }
}

// Keep-alive pools: a pooled socket is always one that was opened to a checked address for the
// same host and port, so reusing it cannot reach anything new.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 4000 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 4000 }),
};

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Checks that an artwork URL serves an allowed print file, without downloading it: https only
 * (http when allowed), the name resolved once and every address checked, the connection made to
 * exactly the checked address, redirects re-checked hop by hop, the declared size capped, and the
 * first bytes compared with the declared content type and the file name.
 */
export async function checkArtwork(raw: string, policy: FetchPolicy): Promise<FileCheck> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    const first = parseArtworkUrl(raw, policy.allowHttp || isSampleArtworkUrl(raw, policy));
    if ("refusal" in first) return { ok: false, code: first.refusal.code, reason: first.refusal.reason, transient: false };
    let target = first.target;
    const nameClaim = nameClaimOf(fileNameOfUrl(target.url));
    for (let hop = 0; ; hop++) {
      const address = await pickAddress(target, policy, controller.signal);
      const response = await get(target, address, policy, controller.signal);
      const status = response.statusCode ?? 0;
      if (redirectStatuses.has(status)) {
        discard(response);
        if (hop >= policy.maxRedirects) throw new CheckFailure("redirects", `redirected more than ${policy.maxRedirects} times`, false);
        target = nextHop(target, response.headers.location, status, policy);
        continue;
      }
      return await inspect(response, policy, nameClaim);
    }
  } catch (error) {
    return toFailure(error, controller.signal.aborted, policy);
  } finally {
    clearTimeout(timer);
  }
}

function nextHop(current: ArtworkTarget, location: string | undefined, status: number, policy: FetchPolicy): ArtworkTarget {
  if (!location) throw new CheckFailure("http_status", `answered ${status} without saying where to`, false);
  let next: URL;
  try {
    next = new URL(location, current.url);
  } catch {
    throw new CheckFailure("invalid_url", "redirects to an invalid URL", false);
  }
  const parsed = parseArtworkUrl(next, policy.allowHttp || isSampleArtworkUrl(next, policy));
  if ("refusal" in parsed) throw new CheckFailure(parsed.refusal.code, `redirects to a URL that ${parsed.refusal.reason}`, false);
  return parsed.target;
}

async function pickAddress(target: ArtworkTarget, policy: FetchPolicy, signal: AbortSignal): Promise<ResolvedAddress> {
  const allowed = isAllowedHost(policy.allow, target.host, target.port) || isSampleArtworkUrl(target.url, policy);
  if (target.literal) {
    if (!allowed) refuseUnlessPublic(target.literal);
    return { address: target.literal, family: target.literal.includes(":") ? 6 : 4 };
  }
  if (!allowed && (target.host === "localhost" || target.host.endsWith(".localhost"))) throw refused("loopback");
  let answers: ResolvedAddress[];
  try {
    answers = await raceAbort(policy.resolve(target.host), signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOTFOUND" || code === "ENODATA") throw new CheckFailure("dns", `has a host name that does not exist (${target.host})`, false);
    throw new CheckFailure("dns", `could not look up ${target.host} (${code || "DNS error"})`, true);
  }
  if (answers.length === 0) throw new CheckFailure("dns", `has a host name that does not exist (${target.host})`, false);
  // Every answer is checked: a name that also resolves to an inside address is refused outright.
  if (!allowed) for (const answer of answers) refuseUnlessPublic(answer.address);
  return answers[0]!;
}

function refuseUnlessPublic(address: string): void {
  const kind = classifyAddress(address);
  if (kind !== "public") throw refused(kind);
}

function refused(kind: AddressClass): CheckFailure {
  return new CheckFailure("refused_address", `points to a non-public address (${kind}); artwork is only fetched from public addresses`, false);
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

function get(target: ArtworkTarget, resolved: ResolvedAddress, policy: FetchPolicy, signal: AbortSignal, retried = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      host: target.literal ?? target.host,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method: "GET",
      headers: {
        host: target.url.host,
        "user-agent": "Inkbridge artwork check",
        accept: "*/*",
        "accept-encoding": "identity",
        range: `bytes=0-${policy.sniffBytes - 1}`,
      },
      lookup: fixedLookup(resolved),
      agent: target.secure ? agents.https : agents.http,
      signal,
    };
    if (target.secure) {
      if (!target.literal) options.servername = target.host;
      if (policy.trustedCertificates?.length) options.ca = [...rootCertificates, ...policy.trustedCertificates];
    }
    const request: ClientRequest = (target.secure ? https : http).request(options);
    let response: IncomingMessage | undefined;
    let settled = false;
    request.setTimeout(policy.idleTimeoutMs, () => {
      const failure = new CheckFailure("timeout", `stopped answering for ${seconds(policy.idleTimeoutMs)}`, true);
      request.destroy(failure);
      response?.destroy(failure);
    });
    request.once("response", (answer) => {
      response = answer;
      settled = true;
      answer.on("error", () => undefined);
      resolve(answer);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      // A kept-alive socket the server had just closed: try once more on a fresh one.
      if (!retried && request.reusedSocket && error.code === "ECONNRESET" && !signal.aborted) {
        get(target, resolved, policy, signal, true).then(resolve, reject);
        return;
      }
      reject(error);
    });
    request.end();
  });
}

function discard(response: IncomingMessage): void {
  const length = Number(response.headers["content-length"]);
  if (Number.isFinite(length) && length <= 16_384) response.resume();
  else response.destroy();
}

async function inspect(response: IncomingMessage, policy: FetchPolicy, nameClaim: NameClaim | undefined): Promise<FileCheckOk> {
  const status = response.statusCode ?? 0;
  if (status === 416) {
    discard(response);
    if (/\/0\s*$/.test(String(response.headers["content-range"] ?? ""))) throw new CheckFailure("empty", "is an empty file", false);
    throw new CheckFailure("http_status", "answered 416", false);
  }
  if (status < 200 || status > 299 || status === 204) {
    discard(response);
    const transient = status >= 500 || status === 408 || status === 425 || status === 429;
    throw new CheckFailure("http_status", `answered ${status}`, transient);
  }
  const size = declaredSize(response);
  if (size !== null && size > policy.maxBytes) {
    response.destroy();
    throw new CheckFailure("too_large", `is ${formatBytes(size)}, more than the ${formatBytes(policy.maxBytes)} allowed`, false);
  }
  const head = await readHead(response, policy.sniffBytes);
  if (head.length === 0) throw new CheckFailure("empty", "is an empty file", false);
  const declared = declaredType(response.headers["content-type"]);
  if (declared.kind === "other") throw new CheckFailure("type", `is ${declared.contentType}, not a ${allowedTypesText} file`, false);
  const sniffed = sniffFileType(head);
  if (!sniffed) throw new CheckFailure("type", `is not a ${allowedTypesText} file`, false);
  const label = fileTypeLabels[sniffed];
  if (declared.kind === "type" && declared.type !== sniffed) {
    throw new CheckFailure("type", `is sent as ${canonicalContentTypes[declared.type]} but the content is ${label}`, false);
  }
  if (declared.kind === "xml" && sniffed !== "svg") throw new CheckFailure("type", `is sent as XML but the content is ${label}`, false);
  for (const claim of [nameClaim, nameClaimOf(fileNameOfDisposition(response.headers["content-disposition"]))]) {
    if (claim && claim.type !== sniffed) throw new CheckFailure("type", `is named “${claim.name}” but the content is ${label}`, false);
  }
  return { ok: true, fileType: sniffed, contentType: canonicalContentTypes[sniffed], size };
}

type NameClaim = { name: string; type: FileType };

function nameClaimOf(name: string | undefined): NameClaim | undefined {
  if (!name) return undefined;
  const type = typeFromFileName(name);
  return type ? { name, type } : undefined;
}

/** The whole file's size: the total of a Content-Range, or the Content-Length of a full answer. */
function declaredSize(response: IncomingMessage): number | null {
  if (response.statusCode === 206) {
    const total = /\/(\d+)\s*$/.exec(String(response.headers["content-range"] ?? ""));
    return total ? Number(total[1]) : null;
  }
  const length = response.headers["content-length"];
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
}

function readHead(response: IncomingMessage, limit: number): Promise<Buffer> {
  const length = Number(response.headers["content-length"]);
  // A short answer is read to its end so the socket can be kept alive; a long one is cut off.
  const readAll = Number.isFinite(length) && length <= limit;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = () => {
      response.off("data", onData);
      resolve(Buffer.concat(chunks).subarray(0, limit));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (!readAll && received >= limit) {
        finish();
        response.destroy();
      }
    };
    response.on("data", onData);
    response.once("end", finish);
    response.once("error", reject);
    response.once("close", () => (response.complete ? finish() : reject(new Error("the connection closed early"))));
  });
}

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|HOSTNAME/;

function toFailure(error: unknown, aborted: boolean, policy: FetchPolicy): FileCheckFailure {
  if (error instanceof CheckFailure) return { ok: false, code: error.code, reason: error.reason, transient: error.transient };
  if (aborted) return { ok: false, code: "timeout", reason: `did not finish within ${seconds(policy.timeoutMs)}`, transient: true };
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  if (tlsCodes.test(code)) return { ok: false, code: "tls", reason: `has a TLS certificate that is not trusted (${code})`, transient: false };
  if (code.startsWith("ERR_SSL") || code.startsWith("EPROTO")) return { ok: false, code: "tls", reason: `could not set up TLS (${code})`, transient: false };
  if (code.startsWith("HPE_")) return { ok: false, code: "http_status", reason: "answered with invalid HTTP", transient: false };
  return { ok: false, code: "connect", reason: `could not be reached (${code || (error instanceof Error ? error.message : "connection failed")})`, transient: true };
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
