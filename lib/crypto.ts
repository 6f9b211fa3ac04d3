import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { getEnv } from "./env";

// Secrets at rest: AES-256-GCM, a fresh 96-bit IV per value, and the id of the key that sealed
// it, so ENCRYPTION_KEY can rotate while ENCRYPTION_KEYS_OLD still opens older values.

type Key = { id: string; bytes: Buffer };

function keyFrom(base64: string): Key {
  const bytes = Buffer.from(base64, "base64");
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

let cachedKeys: { source: string; current: Key; all: Map<string, Key> } | undefined;

function keys() {
  const env = getEnv();
  const source = [env.ENCRYPTION_KEY, ...env.ENCRYPTION_KEYS_OLD].join(",");
  if (cachedKeys?.source !== source) {
    const current = keyFrom(env.ENCRYPTION_KEY);
    const all = new Map<string, Key>([[current.id, current]]);
    for (const old of env.ENCRYPTION_KEYS_OLD) {
      const key = keyFrom(old);
      if (!all.has(key.id)) all.set(key.id, key);
    }
    cachedKeys = { source, current, all };
  }
  return cachedKeys;
}

export function encryptSecret(plain: string): string {
  const { current } = keys();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", current.id, iv.toString("base64url"), tag.toString("base64url"), sealed.toString("base64url")].join(".");
}

export function decryptSecret(blob: string): string {
  const [version, keyId, iv, tag, sealed] = blob.split(".");
  if (version !== "v1" || !keyId || !iv || !tag || sealed === undefined) throw new Error("Unrecognised encrypted value");
  const key = keys().all.get(keyId);
  if (!key) throw new Error(`No encryption key with id ${keyId} is configured (set ENCRYPTION_KEYS_OLD)`);
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
}

/** True when the value was sealed with an old key and should be re-encrypted. */
export function needsReencryption(blob: string): boolean {
  return blob.split(".")[1] !== keys().current.id;
}

// Passwords: argon2id with the OWASP ASVS minimum (19 MiB, 2 passes, 1 lane).
// `algorithm: 2` is Argon2id (a const enum in the typings, which isolated modules cannot read).
const argonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, argonOptions);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(hash, password);
  } catch {
    return false;
  }
}

// A fixed hash verified when the account does not exist, so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
}

// High-entropy tokens (API tokens, one-time links, session ids) are stored as SHA-256.
export function sha256Hex(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function hmacHex(algorithm: "sha1" | "sha256", key: string | Buffer, message: string): string {
  return createHmac(algorithm, key).update(message).digest("hex");
}

/** Constant-time comparison of two strings or buffers; unequal lengths are simply unequal. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === "string" ? Buffer.from(a) : a;
  const right = typeof b === "string" ? Buffer.from(b) : b;
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
