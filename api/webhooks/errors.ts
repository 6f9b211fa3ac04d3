import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { sendError, toAppError } from "../plugins/errors";

// Platforms read only the status; the body says what was wrong for people reading delivery logs.
export function webhookErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, request);
  return sendError(reply, appError, { error: { code: appError.code, message: appError.message } });
}
