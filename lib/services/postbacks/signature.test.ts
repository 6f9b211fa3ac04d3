import { describe, expect, it } from "vitest";
import { generateSigningSecret, isSigningSecret, signature, signatureHeader, signedHeaders } from "./signature";

describe("postback signatures (Standard Webhooks)", () => {
  it("matches the Standard Webhooks reference vector", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("makes whsec_ secrets of 32 random bytes, different every time", () => {
    const first = generateSigningSecret();
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(first.slice(6), "base64")).toHaveLength(32);
    expect(isSigningSecret(first)).toBe(true);
    expect(generateSigningSecret()).not.toBe(first);
  });

  it("puts one signature per secret in the header, newest first, separated by a space", () => {
    const current = generateSigningSecret();
    const previous = generateSigningSecret();
    const header = signatureHeader([current, previous], "msg_1", 1700000000, "{}");
    expect(header.split(" ")).toEqual([signature(current, "msg_1", 1700000000, "{}"), signature(previous, "msg_1", 1700000000, "{}")]);
  });

  it("signs with the timestamp it sends, in seconds", () => {
    const secret = generateSigningSecret();
    const headers = signedHeaders([secret], "msg_2", '{"a":1}', new Date("2026-01-02T03:04:05.678Z"));
    expect(headers["webhook-timestamp"]).toBe("1767323045");
    expect(headers["webhook-signature"]).toBe(signature(secret, "msg_2", 1767323045, '{"a":1}'));
    expect(headers["webhook-id"]).toBe("msg_2");
  });
});
