import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, formatPath, type ErrorDetail } from "@/lib/errors";
import { sendError, toAppError } from "../plugins/errors";
import { RequestValidationError } from "../plugins/validation";
import type { GelatoErrorBody } from "./schemas";

// The Gelato dialect's errors: {"code","message","details":[{"path","message"}]}, with Gelato's
// status codes (validation problems are 400, not 422).

const maxDetails = 100;

const canonicalToGelato: Array<[RegExp, string]> = [
  [/^externalId/, "orderReferenceId"],
  [/^shipments\[0\]\.address/, "shippingAddress"],
  [/^shipments\[0\]\.returnAddress/, "returnAddress"],
  [/^shipments\[0\]\.(sourceMethod|method)/, "shipmentMethodUid"],
  [/^(items\[\d+\])\.externalItemId/, "$1.itemReferenceId"],
  [/^(items\[\d+\])\.(sourceProductKey|productKeys)(\[\d+\])?/, "$1.productName"],
];

/** A canonical field path in Gelato's terms (paths already in Gelato's terms pass unchanged). */
export function gelatoPathOf(path: string): string {
  for (const [pattern, replacement] of canonicalToGelato) {
    if (pattern.test(path)) return path.replace(pattern, replacement);
  }
  return path;
}

type IssueLike = { path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: readonly string[] };

/** zod issues as error details at Gelato paths; an unknown field is named by its own path. */
export function issuesToDetails(issues: readonly IssueLike[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys" && issue.keys?.length) {
      for (const key of issue.keys) details.push({ path: formatPath([...issue.path, key]), message: "is not a field of this request" });
    } else {
      details.push({ path: formatPath(issue.path) || "(root)", message: issue.message });
    }
    if (details.length >= maxDetails) break;
  }
  return details.slice(0, maxDetails);
}

/** The HTTP status and body for an error, in this dialect. */
export function toGelatoError(error: AppError): { status: number; body: GelatoErrorBody } {
  const details = error.details.slice(0, maxDetails).map((detail) => ({ path: gelatoPathOf(detail.path), message: detail.message }));
  const body = (code: string, message = error.message): GelatoErrorBody => ({ code, message, details });
  switch (error.code) {
    case "bad_request":
      return { status: 400, body: body("invalid_request") };
    case "payload_too_large":
      return { status: 413, body: body("invalid_request", "The request body is larger than 1 MiB") };
    case "unsupported_media_type":
      return { status: 415, body: body("invalid_request", "Send the request body as JSON with Content-Type: application/json") };
    case "validation_failed":
      return { status: 400, body: body("validation_failed") };
    case "unauthorized":
    case "forbidden":
      return { status: 401, body: body("invalid_api_key_provided", "Access denied. Token is invalid.") };
    case "not_found":
      return { status: 404, body: body(error.reason ?? "order_not_found") };
    case "conflict":
      return { status: 409, body: body(error.reason ?? "conflict") };
    case "rate_limited":
      return { status: 429, body: body("too_many_requests") };
    case "unavailable":
      return { status: 503, body: body("service_unavailable") };
    case "upstream_unavailable":
      return { status: 502, body: body("upstream_unavailable") };
    case "internal":
      return { status: 500, body: body("internal_error") };
  }
}

export function gelatoErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError =
    error instanceof RequestValidationError
      ? new AppError("validation_failed", "The request is not valid", { details: issuesToDetails(error.issues) })
      : toAppError(error, request);
  const { status, body } = toGelatoError(appError);
  if (status === 401) reply.header("www-authenticate", 'ApiKey realm="inkbridge", header="X-API-KEY"');
  return sendError(reply, appError, body, status);
}
