// Recognises PostgreSQL errors the same way on postgres.js and PGlite.
type PgErrorLike = { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };

function pgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  if (pg?.code !== "23505") return false;
  if (!constraint) return true;
  return (pg.constraint_name ?? pg.constraint) === constraint;
}

/** PostgreSQL broke a deadlock by failing this statement; running it again is safe once the other side is done. */
export function isDeadlock(error: unknown): boolean {
  return pgError(error)?.code === "40P01";
}

export function isForeignKeyViolation(error: unknown): boolean {
  return pgError(error)?.code === "23503";
}

const unavailableCodes = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"];
// node-postgres (inside pg-boss) reports a dropped or unopenable connection by message only.
const unavailableMessages = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** Connection-level failures: the database is down or unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pg = pgError(error);
  if (pg?.code && /^(08|57P0[1-3]|53300)/.test(pg.code)) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && unavailableCodes.includes(code)) return true;
    if (typeof message === "string" && unavailableMessages.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
