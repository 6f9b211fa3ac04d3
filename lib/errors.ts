// One error type for the whole app. Each transport (admin API, Gelato, SiteFlow, console)
// converts it to its own dialect in one place.

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  upstream_unavailable: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorDetail = { path: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** A finer-grained reason a dialect may map to its own code, e.g. "duplicate_order_reference". */
  readonly reason: string | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetail[]; reason?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details ?? [];
    this.reason = options.reason;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof Error && error.name === "AppError" && "code" in error && (error as AppError).code in errorStatus;
}

export function notFound(what: string, id: string): AppError {
  return new AppError("not_found", `${what} ${id} not found`);
}

/** Formats a zod issue path the way our error bodies show it: `items[0].files[1].url` (a prefix like `query.` goes first). */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ""): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out && !out.endsWith(".") ? `.${String(part)}` : String(part);
  }
  return out.endsWith(".") ? out.slice(0, -1) : out;
}

type ZodLikeIssue = { path: ReadonlyArray<PropertyKey>; message: string };

/** The message of a schema failure; forms replace it with their own wording. */
export const invalidInputMessage = "The request body is not valid";

export function validationError(issues: readonly ZodLikeIssue[], options: { prefix?: string; message?: string } = {}): AppError {
  const details = issues.map((issue) => ({ path: formatPath(issue.path, options.prefix) || "(root)", message: issue.message }));
  return new AppError("validation_failed", options.message ?? invalidInputMessage, { details });
}
