import { describe, expect, it } from "vitest";
import { createNonce, pageContentSecurityPolicy } from "./security-headers";

describe("page Content-Security-Policy", () => {
  it("allows scripts and style elements only with the nonce, frames nothing and never allows eval in production", () => {
    const policy = pageContentSecurityPolicy("abc123", { isSecure: false, isDevelopment: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).toContain("style-src 'self' 'nonce-abc123'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("upgrades requests when APP_URL is https, and lets React's development build use eval", () => {
    expect(pageContentSecurityPolicy("n", { isSecure: true, isDevelopment: false })).toContain("upgrade-insecure-requests");
    expect(pageContentSecurityPolicy("n", { isSecure: false, isDevelopment: true })).toContain("'unsafe-eval'");
  });

  it("makes a fresh 128-bit nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
