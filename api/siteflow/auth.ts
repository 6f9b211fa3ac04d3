import { createHmac } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RoutingRule } from "@/db/schema/connectors";
import { AppError } from "@/lib/errors";
import { safeEqual } from "@/lib/crypto";
import { getDb } from "@/lib/runtime";
import { findConnectorCredentials, resolveConnectorCustomer, touchConnector } from "@/lib/services/connectors";

// HP Site Flow's request signing: x-oneflow-authorization is `<apiKey>:<hex HMAC(secret,
// "<METHOD> <path> <x-oneflow-date>")>`, with SHA256 or SHA1 named by x-oneflow-algorithm. The
// body is not signed, so a signature may be reused within the window; sourceOrderId catches
// duplicates.

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated SiteFlow connector's routing rules. */
    siteflowRoutingRules?: RoutingRule[];
  }
}

export const dateWindowMs = 15 * 60 * 1000;
const basePath = "/api/siteflow";

export type SignatureAlgorithm = "sha1" | "sha256";

/** The algorithm named by x-oneflow-algorithm; SHA1 when the header is absent (older clients). */
export function parseAlgorithm(header: string | undefined): SignatureAlgorithm | undefined {
  if (header === undefined || header.trim() === "") return "sha1";
  const name = header.trim().toLowerCase().replace("-", "");
  if (name === "sha256" || name === "hmacsha256") return "sha256";
  if (name === "sha1" || name === "hmacsha1") return "sha1";
  return undefined;
}

/**
 * The instant an x-oneflow-date names: ISO 8601 (`2024-01-01T12:00:00.000Z`), `YYYY-MM-DD
 * HH:mm:ss` in UTC, or Unix seconds. Undefined for anything else.
 */
export function parseOneflowDate(value: string): number | undefined {
  const text = value.trim();
  if (/^\d{9,11}(\.\d{1,6})?$/.test(text)) return Math.round(Number(text) * 1000);
  const plain = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (plain) {
    const [year, month, day, hour, minute, second] = plain.slice(1).map(Number) as [number, number, number, number, number, number];
    const time = Date.UTC(year, month - 1, day, hour, minute, second);
    const check = new Date(time);
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
    return time;
  }
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i.exec(text);
  if (!iso) return undefined;
  const time = Date.parse(iso[3] ? text : `${text}Z`);
  return Number.isNaN(time) ? undefined : time;
}

/** The paths a client may have signed: as sent, percent-decoded, and with `/api` for `/api/siteflow`. */
export function signedPaths(urlPath: string): string[] {
  const paths = new Set([urlPath]);
  try {
    paths.add(decodeURIComponent(urlPath));
  } catch {
    // A malformed escape cannot have been signed decoded.
  }
  for (const path of [...paths]) {
    if (path === basePath || path.startsWith(`${basePath}/`)) paths.add(`/api${path.slice(basePath.length)}`);
  }
  return [...paths];
}

export function signRequest(algorithm: SignatureAlgorithm, secret: string, method: string, path: string, date: string): string {
  return createHmac(algorithm, secret).update(`${method.toUpperCase()} ${path} ${date}`).digest("hex");
}

/** Constant-time check of a hex signature against every path the client may have signed. */
export function verifySignature(input: { algorithm: SignatureAlgorithm; secret: string; method: string; paths: readonly string[]; date: string; signature: string }): boolean {
  const length = input.algorithm === "sha1" ? 20 : 32;
  if (input.signature.length !== length * 2 || !/^[0-9a-f]+$/i.test(input.signature)) return false;
  const given = Buffer.from(input.signature, "hex");
  let matched = false;
  for (const path of input.paths) {
    const expected = createHmac(input.algorithm, input.secret).update(`${input.method.toUpperCase()} ${path} ${input.date}`).digest();
    if (safeEqual(expected, given)) matched = true;
  }
  return matched;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refuse(request: FastifyRequest, reason: string, message: string, apiKey?: string): never {
  request.log.warn({ reason, apiKey, method: request.method, path: request.url.split("?")[0] }, "SiteFlow authentication failed");
  throw new AppError("unauthorized", message, { reason });
}

/** onRequest hook of the SiteFlow surface: checks the HMAC headers and sets the connector actor. */
export async function authenticateSiteflow(request: FastifyRequest): Promise<void> {
  const authorization = header(request, "x-oneflow-authorization")?.trim();
  if (!authorization) refuse(request, "missing_authorization", "Sign the request: send x-oneflow-authorization as <apiKey>:<signature> with x-oneflow-date");
  const colon = authorization.lastIndexOf(":");
  const apiKey = colon > 0 ? authorization.slice(0, colon).trim() : "";
  const signature = colon > 0 ? authorization.slice(colon + 1).trim() : "";
  if (!apiKey || !signature) refuse(request, "malformed_authorization", "x-oneflow-authorization must be <apiKey>:<hex signature>");

  const date = header(request, "x-oneflow-date");
  if (!date) refuse(request, "missing_date", "Send the x-oneflow-date header that the signature covers", apiKey);
  const algorithm = parseAlgorithm(header(request, "x-oneflow-algorithm"));
  if (!algorithm) refuse(request, "unsupported_algorithm", "x-oneflow-algorithm must be SHA256 or SHA1", apiKey);
  const time = parseOneflowDate(date);
  if (time === undefined) {
    refuse(request, "invalid_date", "x-oneflow-date must be an ISO 8601 time, YYYY-MM-DD HH:mm:ss (UTC) or Unix seconds", apiKey);
  }
  if (Math.abs(Date.now() - time) > dateWindowMs) {
    refuse(request, "date_out_of_window", `x-oneflow-date is more than 15 minutes from the server's clock (${new Date().toISOString()})`, apiKey);
  }

  const db = getDb();
  const credentials = await findConnectorCredentials(db, apiKey);
  if (!credentials || credentials.type !== "siteflow") refuse(request, "unknown_key", "The API key is not a SiteFlow connector's, or it has been revoked", apiKey);
  const paths = signedPaths(request.url.split("?")[0] ?? "");
  if (!verifySignature({ algorithm, secret: credentials.secret, method: request.method, paths, date, signature })) {
    refuse(request, "bad_signature", "The signature does not match: sign \"<METHOD> <path> <x-oneflow-date>\" with the connector's secret", apiKey);
  }

  const customerId = await resolveConnectorCustomer(db, credentials, header(request, "customer-reference-id"));
  request.actor = { type: "connector", connectorId: credentials.id, customerId };
  request.siteflowRoutingRules = credentials.routingRules;
  touchConnector(db, request.log, credentials.id);
}

export function decorateSiteflowRequest(app: FastifyInstance): void {
  if (!app.hasRequestDecorator("siteflowRoutingRules")) app.decorateRequest("siteflowRoutingRules", undefined);
}
