import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseAlgorithm, parseOneflowDate, signedPaths, signRequest, verifySignature } from "./auth";

describe("parseOneflowDate", () => {
  it.each([
    ["2024-01-01T12:00:00.000Z", Date.UTC(2024, 0, 1, 12)],
    ["2022-03-10T17:16:18Z", Date.UTC(2022, 2, 10, 17, 16, 18)],
    ["2022-03-10T18:16:18+01:00", Date.UTC(2022, 2, 10, 17, 16, 18)],
    ["2022-03-10T17:16:18", Date.UTC(2022, 2, 10, 17, 16, 18)],
    ["2014-03-10 17:16:18", Date.UTC(2014, 2, 10, 17, 16, 18)],
    ["1700000000", 1_700_000_000_000],
    ["1700000000.5", 1_700_000_000_500],
  ])("reads %s", (text, expected) => {
    expect(parseOneflowDate(text)).toBe(expected);
  });

  it.each(["", "yesterday", "2024-13-01 00:00:00", "2024-02-30 10:00:00", "2024-01-01 24:00:00", "Mon, 01 Jan 2024 12:00:00 GMT", "12", "2024-01-01"])("refuses %j", (text) => {
    expect(parseOneflowDate(text)).toBeUndefined();
  });
});

describe("parseAlgorithm", () => {
  it("defaults to SHA1 and reads SHA256/SHA1 in any case", () => {
    expect(parseAlgorithm(undefined)).toBe("sha1");
    expect(parseAlgorithm("SHA256")).toBe("sha256");
    expect(parseAlgorithm("sha-256")).toBe("sha256");
    expect(parseAlgorithm("SHA1")).toBe("sha1");
    expect(parseAlgorithm("MD5")).toBeUndefined();
  });
});

describe("signatures", () => {
  const secret = "s3cret";
  const date = "2024-01-01T12:00:00.000Z";

  it("accepts the path as sent, percent-decoded, and in its /api form", () => {
    expect(signedPaths("/api/siteflow/order/A%20B/cancel")).toEqual([
      "/api/siteflow/order/A%20B/cancel",
      "/api/siteflow/order/A B/cancel",
      "/api/order/A%20B/cancel",
      "/api/order/A B/cancel",
    ]);
    expect(signedPaths("/api/siteflowish/order")).toEqual(["/api/siteflowish/order"]);
  });

  it("verifies a signature over any of the paths, in either hex case", () => {
    const signature = signRequest("sha256", secret, "post", "/api/order", date);
    expect(signature).toBe(createHmac("sha256", secret).update(`POST /api/order ${date}`).digest("hex"));
    const paths = signedPaths("/api/siteflow/order");
    expect(verifySignature({ algorithm: "sha256", secret, method: "POST", paths, date, signature })).toBe(true);
    expect(verifySignature({ algorithm: "sha256", secret, method: "POST", paths, date, signature: signature.toUpperCase() })).toBe(true);
  });

  it("refuses another method, date, secret, algorithm or length", () => {
    const paths = ["/api/siteflow/order"];
    const signature = signRequest("sha1", secret, "POST", paths[0]!, date);
    expect(verifySignature({ algorithm: "sha1", secret, method: "POST", paths, date, signature })).toBe(true);
    expect(verifySignature({ algorithm: "sha1", secret, method: "PUT", paths, date, signature })).toBe(false);
    expect(verifySignature({ algorithm: "sha1", secret, method: "POST", paths, date: `${date} `, signature })).toBe(false);
    expect(verifySignature({ algorithm: "sha1", secret: "other", method: "POST", paths, date, signature })).toBe(false);
    expect(verifySignature({ algorithm: "sha256", secret, method: "POST", paths, date, signature })).toBe(false);
    expect(verifySignature({ algorithm: "sha1", secret, method: "POST", paths, date, signature: signature.slice(2) })).toBe(false);
    expect(verifySignature({ algorithm: "sha1", secret, method: "POST", paths, date, signature: `${signature.slice(0, -1)}g` })).toBe(false);
  });
});
