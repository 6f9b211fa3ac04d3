import { randomBytes } from "node:crypto";
import { describe, expect, it, beforeEach } from "vitest";
import { parseEnv, setEnv } from "./env";
import { decryptSecret, encryptSecret, hashPassword, needsReencryption, safeEqual, verifyPassword } from "./crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const key = () => randomBytes(32).toString("base64");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-crypto-"));

describe("secrets at rest", () => {
  beforeEach(() => setEnv(parseEnv({ DATA_DIR: dataDir, ENCRYPTION_KEY: key(), AUTH_SECRET: "x".repeat(40) })));

  it("round-trips a secret and never stores it in clear", () => {
    const sealed = encryptSecret("shpat_super_secret");
    expect(sealed).not.toContain("shpat_super_secret");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed)).toBe("shpat_super_secret");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
  });

  it("refuses a tampered value", () => {
    const parts = encryptSecret("value").split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
  });

  it("opens values sealed with a rotated-out key listed in ENCRYPTION_KEYS_OLD", () => {
    const oldKey = key();
    setEnv(parseEnv({ DATA_DIR: dataDir, ENCRYPTION_KEY: oldKey, AUTH_SECRET: "x".repeat(40) }));
    const sealed = encryptSecret("before rotation");
    setEnv(parseEnv({ DATA_DIR: dataDir, ENCRYPTION_KEY: key(), ENCRYPTION_KEYS_OLD: oldKey, AUTH_SECRET: "x".repeat(40) }));
    expect(decryptSecret(sealed)).toBe("before rotation");
    expect(needsReencryption(sealed)).toBe(true);
    expect(needsReencryption(encryptSecret("after"))).toBe(false);
    setEnv(parseEnv({ DATA_DIR: dataDir, ENCRYPTION_KEY: key(), AUTH_SECRET: "x".repeat(40) }));
    expect(() => decryptSecret(sealed)).toThrow(/ENCRYPTION_KEYS_OLD/);
  });
});

describe("passwords", () => {
  it("are hashed with argon2id at m=19 MiB, t=2, p=1", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
  });

  it("treat a malformed hash as a mismatch", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("safeEqual", () => {
  it("compares without throwing on different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
