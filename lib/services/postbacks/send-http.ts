import { requestTimeoutMs } from "./retry";

// The only code that talks HTTP to postback receivers.

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

async function readStart(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= keptBodyBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, keptBodyBytes).toString("utf8");
  return size > keptBodyBytes ? `${text}… (truncated)` : text;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return `No answer within ${requestTimeoutMs / 1000} s`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}: ${cause.message ?? error.message}`;
    return error.message;
  }
  return String(error);
}

/**
 * Sends one postback. Redirects are not followed: a receiver that moved must be updated on the
 * trigger, so a postback never lands somewhere staff did not choose.
 */
export async function sendHttp(request: HttpRequest, timeoutMs = requestTimeoutMs): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await readStart(response);
    const ok = response.status >= 200 && response.status < 300;
    let error: string | null = null;
    if (response.status >= 300 && response.status < 400) {
      error = `Redirected (${response.status}) to ${response.headers.get("location") ?? "an unnamed location"}; postbacks do not follow redirects, so change the trigger's URL`;
    } else if (response.status === 410) {
      error = "410 Gone: the receiver says this address no longer exists. The trigger stays active; delete it if that is true";
    } else if (!ok) {
      error = `The receiver answered ${response.status}`;
    }
    return { ok, status: response.status, body, durationMs: elapsed(), error, retryAfter: response.headers.get("retry-after") };
  } catch (error) {
    return { ok: false, status: null, body: null, durationMs: elapsed(), error: describe(error), retryAfter: null };
  }
}
