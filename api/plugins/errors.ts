import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, formatPath, isAppError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/db/errors";
import { RequestValidationError } from "./validation";

const contextPrefix: Record<string, string> = { body: "", querystring: "query", params: "params", headers: "headers" };

/**
 * Turns anything a route threw into an AppError. Unknown errors become `internal` (logged, never
 * shown); a database that is down becomes `unavailable` (503) so callers retry.
 */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (isAppError(error)) return error;
  if (error instanceof RequestValidationError) {
    const prefix = contextPrefix[error.validationContext ?? "body"] ?? "";
    const details = error.issues.map((issue) => ({ path: formatPath(issue.path, prefix) || "(root)", message: issue.message }));
    return new AppError("validation_failed", "The request is not valid", { details });
  }
  const fastifyError = error as FastifyError & { statusCode?: number };
  switch (fastifyError.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new AppError("bad_request", "The request body is not valid JSON", { reason: "invalid_json" });
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", "The request body is larger than 1 MiB");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("unsupported_media_type", "Send the request body as application/json");
    case "FST_ERR_RATE_LIMIT_EXCEEDED":
      return new AppError("rate_limited", "Too many requests; slow down and retry after the time in Retry-After");
  }
  if (fastifyError.statusCode === 429) return new AppError("rate_limited", "Too many requests; retry after the time in Retry-After");
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new AppError("bad_request", "The request body is not valid JSON", { reason: "invalid_json" });
  }
  if (fastifyError.statusCode === 413) return new AppError("payload_too_large", "The request body is too large");
  if (fastifyError.statusCode === 415) return new AppError("unsupported_media_type", "Send the request body as application/json");
  if (fastifyError.statusCode === 503) return new AppError("unavailable", "The service is overloaded; retry shortly");
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, "database unavailable");
    return new AppError("unavailable", "The service is temporarily unavailable; retry shortly");
  }
  request.log.error({ err: error }, "unhandled error");
  return new AppError("internal", "Something went wrong on our side. The request was not completed; it is safe to retry.");
}

/** Sends the error with Retry-After where it helps. */
export function sendError(reply: FastifyReply, error: AppError, body: unknown, status = error.status): FastifyReply {
  if (error.code === "unavailable") reply.header("retry-after", "5");
  if (error.code === "unauthorized" && !reply.hasHeader("www-authenticate")) reply.header("www-authenticate", 'Bearer realm="inkbridge"');
  return reply.status(status).send(body);
}
