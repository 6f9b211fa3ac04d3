import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { OrderProblem } from "@/lib/domain/order";
import { sendError, toAppError } from "../plugins/errors";
import { toSiteflowPath } from "./to-order";

// Site Flow's error dialect: {"success":false,"error":{"name","code","message"}}, with code 208
// and `validations` for orders that fail validation (answered with HTTP 400).

export type SiteflowValidation = { path: string; message: string };
export type SiteflowErrorBody = {
  success: false;
  error: { name: string; code: number; message: string; validations?: SiteflowValidation[] };
};

/** Code Site Flow uses for an order that failed validation. */
export const validationCode = 208;

const names: Record<ErrorCode, string> = {
  bad_request: "BadRequest",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "NotFound",
  conflict: "Conflict",
  payload_too_large: "PayloadTooLarge",
  unsupported_media_type: "UnsupportedMediaType",
  validation_failed: "ValidationError",
  rate_limited: "TooManyRequests",
  internal: "InternalServerError",
  upstream_unavailable: "BadGateway",
  unavailable: "ServiceUnavailable",
};

/** An order that failed validation, its problems named by Site Flow paths. */
export function siteflowValidationError(problems: readonly OrderProblem[], message = "The order failed validation"): AppError {
  return new AppError("validation_failed", message, { details: problems.map((problem) => ({ path: toSiteflowPath(problem.path), message: problem.message })) });
}

function validationBody(message: string, validations: SiteflowValidation[]): { status: number; body: SiteflowErrorBody } {
  return { status: 400, body: { success: false, error: { name: names.validation_failed, code: validationCode, message, validations } } };
}

/** The HTTP status and body of an error in the Site Flow dialect. */
export function toSiteflowError(error: AppError): { status: number; body: SiteflowErrorBody } {
  if (error.code === "validation_failed") {
    const validations = error.details.map((detail) => ({ path: toSiteflowPath(detail.path), message: detail.message }));
    return validationBody(error.message, validations.length > 0 ? validations : [{ path: "(root)", message: error.message }]);
  }
  if (error.code === "conflict" && error.reason === "duplicate_order_reference") {
    return validationBody("The order failed validation", [
      { path: "orderData.sourceOrderId", message: "an order with this sourceOrderId already exists with different content" },
    ]);
  }
  if (error.code === "conflict" && error.reason === "order_not_updatable") {
    return validationBody(error.message, [{ path: "orderData", message: error.message }]);
  }
  return { status: error.status, body: { success: false, error: { name: names[error.code], code: error.status, message: error.message } } };
}

export function siteflowErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, request);
  const { status, body } = toSiteflowError(appError);
  if (appError.code === "unauthorized") reply.header("www-authenticate", 'OneFlow realm="siteflow"');
  return sendError(reply, appError, body, status);
}
