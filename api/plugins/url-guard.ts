import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "@/lib/errors";
import { isSafeRouteValue } from "@/lib/route-params";
import { toGelatoError } from "../gelato/errors";
import { toSiteflowError } from "../siteflow/errors";

// Path and query values are checked for characters here; how long each may be is up to its route.
const anyLength = Infinity;

function decodes(part: string): boolean {
  try {
    return isSafeRouteValue(decodeURIComponent(part.replace(/\+/g, " ")), anyLength);
  } catch {
    return false;
  }
}

/** Printable ASCII without percent-escapes or `+`: nothing to decode, nothing to refuse. */
const plainUrl = /^[\x21-\x24\x26-\x2a\x2c-\x7e]*$/;

/** Whether every path segment and query name and value is well-formed UTF-8 without control characters. */
export function isSafeUrl(url: string): boolean {
  if (plainUrl.test(url)) return true;
  const mark = url.indexOf("?");
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? "" : url.slice(mark + 1);
  if (!path.split("/").every(decodes)) return false;
  return query.split(/[&=]/).every(decodes);
}

/**
 * Refuses, before any route or page runs, a URL whose path or query holds a NUL or other control
 * character or bytes that are not UTF-8, so no such value reaches a service or the database.
 */
export async function refuseUnsafeUrls(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (isSafeUrl(request.url)) return;
  const error = new AppError("bad_request", "The URL is not valid: it holds control characters or bytes that are not UTF-8");
  const url = request.url;
  const { status, body } = url.startsWith("/api/gelato/")
    ? toGelatoError(error)
    : url.startsWith("/api/siteflow/")
      ? toSiteflowError(error)
      : url.startsWith("/api/")
        ? { status: error.status, body: { error: { code: error.code, message: error.message } } }
        : { status: error.status, body: error.message };
  await reply.status(status).type(typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8").send(typeof body === "string" ? body : JSON.stringify(body));
}

/** The longest query value a console or portal page takes: search terms and filters (services cap them at 200). */
export const maxPageQueryValue = 200;
/** Query values that carry a URL (the page to return to after sign-in) may be longer. */
const longPageQueryValues: Record<string, number> = { callbackUrl: 2000 };

/**
 * Whether every query value of a console or portal URL is short enough for its page: a longer
 * one is refused before Next renders anything (a service refusing it there would be a 500).
 */
export function hasPageSizedQuery(url: string): boolean {
  const mark = url.indexOf("?");
  if (mark === -1) return true;
  for (const [name, value] of new URLSearchParams(url.slice(mark + 1))) {
    if (value.length > (longPageQueryValues[name] ?? maxPageQueryValue)) return false;
  }
  return true;
}
