import { z } from "zod";
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { isIP } from "node:net";
import { parseAllowEntry } from "./net/allow";

// The only reader of process.env. Parsed once at start; a bad value stops the start with one
// line naming the variable.

const onOff = z.enum(["on", "off"]);
const list = z
  .string()
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean));

const allowList = list.superRefine((entries, ctx) => {
  for (const entry of entries) {
    try {
      parseAllowEntry(entry);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `must be a comma list of host[:port]: ${(error as Error).message}` });
    }
  }
});

const base64Key = z.string().refine((value) => Buffer.from(value, "base64").length === 32, {
  message: "must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)",
});

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: "must be an http(s) URL" });

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

// Whose X-Forwarded-For to believe: nobody (unset), a hop count, or proxies by address/CIDR/name.
const trustProxy = z.string().transform((value, ctx): number | string[] => {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return hops;
    ctx.addIssue({ code: "custom", message: "as a hop count must be between 1 and 10" });
    return z.NEVER;
  }
  const entries = text.split(",").map((part) => part.trim()).filter(Boolean);
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (entries.length === 0 || bad !== undefined) {
    ctx.addIssue({ code: "custom", message: `must be a hop count (1-10), or a comma list of loopback, linklocal, uniquelocal, IP addresses and CIDR ranges${bad ? ` (not understood: ${bad})` : ""}` });
    return z.NEVER;
  }
  return entries;
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  APP_URL: httpUrl.optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
      message: "must be a postgres:// URL",
    })
    .optional(),
  ENCRYPTION_KEY: base64Key.optional(),
  ENCRYPTION_KEYS_OLD: z
    .string()
    .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(base64Key))
    .optional(),
  TRUST_PROXY: trustProxy.optional(),
  CONNECTOR_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(100),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  REDIS_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), { message: "must be a redis:// URL" })
    .optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").max(256).optional(),
  PARTNER_NAME: z.string().min(1).max(100).default("Inkbridge"),
  SITEFLOW_ACCOUNT: z.string().min(1).max(100).default("inkbridge"),
  SMTP_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^smtps?:$/.test(new URL(value).protocol), { message: "must be an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("Inkbridge <no-reply@localhost>"),
  WORKER: onOff.default("on"),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_SCOPES: z.string().min(1).optional(),
  ETSY_KEYSTRING: z.string().min(1).optional(),
  ETSY_SHARED_SECRET: z.string().min(1).optional(),
  ETSY_WEBHOOK_SECRET: z.string().regex(/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/, "must be the whsec_… signing secret from Etsy's webhook portal").optional(),
  SHOPIFY_API_ORIGIN: httpUrl.optional(),
  ETSY_API_ORIGIN: httpUrl.optional(),
  FILE_FETCH_HTTP: onOff.default("off"),
  FILE_FETCH_ALLOW: allowList.optional(),
  POSTBACK_ALLOW: allowList.optional(),
  SHOP_FETCH_ALLOW: allowList.optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").max(256).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

type RawEnv = z.infer<typeof envSchema>;

export type Env = Omit<RawEnv, "APP_URL" | "ENCRYPTION_KEY" | "AUTH_SECRET" | "ENCRYPTION_KEYS_OLD" | "FILE_FETCH_ALLOW" | "POSTBACK_ALLOW" | "SHOP_FETCH_ALLOW"> & {
  APP_URL: string;
  ENCRYPTION_KEY: string;
  ENCRYPTION_KEYS_OLD: string[];
  AUTH_SECRET: string;
  FILE_FETCH_ALLOW: string[];
  POSTBACK_ALLOW: string[];
  SHOP_FETCH_ALLOW: string[];
  dataDir: string;
  isSecure: boolean;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function readOrCreateSecret(dataDir: string, file: string, create: () => string): string {
  const full = path.join(dataDir, file);
  if (existsSync(full)) return readFileSync(full, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const value = create();
  writeFileSync(full, value + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(full, 0o600);
  return value;
}

/** Parses an environment (process.env by default); throws ConfigError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset, as most deploy tools write them for "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(`Configuration error: ${name} ${issue.message}`);
  }
  const raw = result.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  const appUrl = (raw.APP_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, "");
  const encryptionKey =
    raw.ENCRYPTION_KEY ?? readOrCreateSecret(dataDir, "encryption-key", () => randomBytes(32).toString("base64"));
  if (Buffer.from(encryptionKey, "base64").length !== 32) {
    throw new ConfigError(`Configuration error: ENCRYPTION_KEY in ${path.join(dataDir, "encryption-key")} is not 32 bytes of base64`);
  }
  const authSecret = raw.AUTH_SECRET ?? readOrCreateSecret(dataDir, "auth-secret", () => randomBytes(32).toString("base64url"));
  return {
    ...raw,
    APP_URL: appUrl,
    ENCRYPTION_KEY: encryptionKey,
    ENCRYPTION_KEYS_OLD: raw.ENCRYPTION_KEYS_OLD ?? [],
    AUTH_SECRET: authSecret,
    FILE_FETCH_ALLOW: raw.FILE_FETCH_ALLOW ?? [],
    POSTBACK_ALLOW: raw.POSTBACK_ALLOW ?? [],
    SHOP_FETCH_ALLOW: raw.SHOP_FETCH_ALLOW ?? [],
    dataDir,
    isSecure: appUrl.startsWith("https://"),
  };
}

declare global {
  var __inkbridgeEnv: Env | undefined;
}

/** The environment of this process: parsed once, shared with code compiled into Next. */
export function getEnv(): Env {
  globalThis.__inkbridgeEnv ??= parseEnv();
  return globalThis.__inkbridgeEnv;
}

export function setEnv(env: Env): void {
  globalThis.__inkbridgeEnv = env;
}
