import pino from "pino";
import { getEnv } from "./env";

type LogFn = (objOrMsg: unknown, msg?: string, ...args: unknown[]) => void;

/** The logging surface services use; pino's and Fastify's request loggers both satisfy it. */
export type Logger = {
  level: string;
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  child(bindings: Record<string, unknown>): Logger;
};

// Paths that must never reach a log line, whatever object they are logged in.
const redact = {
  paths: [
    "password",
    "*.password",
    "secret",
    "*.secret",
    "token",
    "*.token",
    "accessToken",
    "*.accessToken",
    "headers.authorization",
    "headers.cookie",
    'headers["x-api-key"]',
    'headers["x-oneflow-authorization"]',
    "req.headers.authorization",
    "req.headers.cookie",
    'req.headers["x-api-key"]',
    'req.headers["x-oneflow-authorization"]',
    'res.headers["set-cookie"]',
  ],
  censor: "[redacted]",
};

declare global {
  var __inkbridgeLogger: Logger | undefined;
}

export function createLogger(level = "info"): Logger {
  return pino({ level, redact, base: { service: "inkbridge" } });
}

/** The process logger, shared between the Fastify side and code compiled into Next. */
export function getLogger(): Logger {
  globalThis.__inkbridgeLogger ??= createLogger(getEnv().LOG_LEVEL);
  return globalThis.__inkbridgeLogger;
}

export function setLogger(logger: Logger): void {
  globalThis.__inkbridgeLogger = logger;
}
