import type { IncomingMessage } from "node:http";
import { OutboundError, openRequest, parseAllowEntry, parseTarget, resolveTarget, toOutboundError, type OutboundTarget } from "@/lib/net";
import type { FetchPolicy } from "./policy";
import { isSampleArtworkUrl } from "./sample";
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
  const headers = {
    "user-agent": "Inkbridge artwork check",
    accept: "*/*",
    "accept-encoding": "identity",
    range: `bytes=0-${policy.sniffBytes - 1}`,
  };
  try {
    let target = parseTarget(raw, policyFor(raw, policy));
    const nameClaim = nameClaimOf(fileNameOfUrl(target.url));
    for (let hop = 0; ; hop++) {
      const hopPolicy = policyFor(target.url, policy);
      const address = await resolveTarget(target, hopPolicy, controller.signal);
      const response = await openRequest(target, address, { method: "GET", headers }, hopPolicy, controller.signal);
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

function nextHop(current: OutboundTarget, location: string | undefined, status: number, policy: FetchPolicy): OutboundTarget {
  if (!location) throw new CheckFailure("http_status", `answered ${status} without saying where to`, false);
  let next: URL;
  try {
    next = new URL(location, current.url);
  } catch {
    throw new CheckFailure("invalid_url", "redirects to an invalid URL", false);
  }
  try {
    return parseTarget(next, policyFor(next, policy));
  } catch (error) {
    if (error instanceof OutboundError) throw new CheckFailure(error.code, `redirects to a URL that ${error.reason}`, false);
    throw error;
  }
}

/** The sample file on APP_URL's own origin is the one URL exempt from the scheme and address rules; each hop is judged alone. */
function policyFor(url: string | URL, policy: FetchPolicy): FetchPolicy {
  if (!isSampleArtworkUrl(url, policy)) return policy;
  const own = new URL(policy.sampleArtworkUrl!);
  const port = own.port ? Number(own.port) : own.protocol === "https:" ? 443 : 80;
  return { ...policy, allowHttp: true, allow: [...policy.allow, { ...parseAllowEntry(own.host), port }] };
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

function toFailure(error: unknown, aborted: boolean, policy: FetchPolicy): FileCheckFailure {
  const failure = error instanceof CheckFailure ? error : toOutboundError(error, aborted, policy.timeoutMs);
  return { ok: false, code: failure.code, reason: failure.reason, transient: failure.transient };
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
