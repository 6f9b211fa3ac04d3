import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { toAppError, sendError } from "../plugins/errors";

// Admin API errors: {"error": {"code", "message", "details"}} (spec: admin-api.md).
export function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, request);
  return sendError(reply, appError, {
    error: { code: appError.code, message: appError.message, ...(appError.details.length ? { details: appError.details } : {}) },
  });
}
