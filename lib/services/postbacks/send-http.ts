import type { Env } from "@/lib/env";
import { guardedFetch, OutboundError, parseAllowList, systemResolver, toOutboundError, type OutboundPolicy } from "@/lib/net";
import { requestTimeoutMs } from "./retry";

// The only code that talks HTTP to postback receivers, through the outbound guard.

export type HttpRequest = { url: string; method: "POST" | "PUT"; headers: Record<string, string>; body: string };

export type HttpOutcome = {
  ok: boolean;
  status: number | null;
  /** The start of the response body (receivers' bodies are logged, not used). */
  body: string | null;
  durationMs: number;
  error: string | null;
  retryAfter: string | null;
};

const keptBodyBytes = 4096;

/** Where postbacks may go: public addresses over http or https, and the hosts in POSTBACK_ALLOW. */
export function postbackPolicy(env: Pick<Env, "POSTBACK_ALLOW">, overrides: Partial<OutboundPolicy> = {}): OutboundPolicy {
  return {
    allowHttp: true,
    allow: parseAllowList(env.POSTBACK_ALLOW),
    timeoutMs: requestTimeoutMs,
    idleTimeoutMs: requestTimeoutMs,
    resolve: systemResolver,
    refusalHint: "postbacks only go to public addresses, or to hosts listed in POSTBACK_ALLOW",
    ...overrides,
  };
}

/** The guard's refusals are about the URL; everything else is about the receiver. */
function describe(error: OutboundError): string {
  switch (error.code) {
    case "invalid_url":
    case "scheme":
    case "refused_address":
    case "dns":
      return `Not sent: the URL ${error.reason}`;
    case "connect":
    case "tls":
    case "timeout":
    case "http_status":
      return `The receiver ${error.reason}`;
  }
}

/**
 * Sends one postback. Redirects are not followed: a receiver that moved must be updated on the
 * trigger, so a postback never lands somewhere staff did not choose.
 */
export async function sendHttp(request: HttpRequest, policy: OutboundPolicy): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await guardedFetch(request.url, { method: request.method, headers: request.headers, body: request.body, maxBodyBytes: keptBodyBytes }, policy);
    const text = response.body.toString("utf8");
    const body = response.truncated ? `${text}… (truncated)` : text;
    const status = response.status;
    const ok = status >= 200 && status < 300;
    let error: string | null = null;
    if (status >= 300 && status < 400) {
      error = `Redirected (${status}) to ${response.headers.location ?? "an unnamed location"}; postbacks do not follow redirects, so change the trigger's URL`;
    } else if (status === 410) {
      error = "410 Gone: the receiver says this address no longer exists. The trigger stays active; delete it if that is true";
    } else if (!ok) {
      error = `The receiver answered ${status}`;
    }
    const retryAfter = response.headers["retry-after"];
    return { ok, status, body, durationMs: elapsed(), error, retryAfter: typeof retryAfter === "string" ? retryAfter : null };
  } catch (error) {
    const failure = error instanceof OutboundError ? error : toOutboundError(error, false, policy.timeoutMs);
    return { ok: false, status: null, body: null, durationMs: elapsed(), error: describe(failure), retryAfter: null };
  }
}
