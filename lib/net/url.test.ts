import { describe, expect, it } from "vitest";
import { canonicalHost, isAllowedHost, parseAllowEntry } from "./allow";
import { displayUrl, parseOutboundUrl } from "./url";

describe("parseOutboundUrl", () => {
  it.each(["file:///etc/passwd", "gopher://127.0.0.1:70/_x", "data:application/pdf;base64,JVBERi0=", "ftp://files.example.com/a.pdf", "javascript:alert(1)", "ws://example.com/a.pdf"])(
    "refuses %s by its scheme",
    (url) => {
      const parsed = parseOutboundUrl(url, true);
      expect("refusal" in parsed && parsed.refusal.code).toBe("scheme");
    },
  );

  it("refuses http unless it is switched on", () => {
    const off = parseOutboundUrl("http://files.example.com/a.pdf", false);
    expect("refusal" in off && off.refusal.reason).toBe("uses http, but only https is allowed");
    expect("target" in parseOutboundUrl("http://files.example.com/a.pdf", true)).toBe(true);
  });

  it("refuses garbage and credentials", () => {
    expect("refusal" in parseOutboundUrl("not a url", true)).toBe(true);
    expect("refusal" in parseOutboundUrl("https://user:pass@files.example.com/a.pdf", true)).toBe(true);
  });

  it.each([
    ["http://2130706433/a.pdf", "127.0.0.1"],
    ["http://0x7f.1/a.pdf", "127.0.0.1"],
    ["http://127.1/a.pdf", "127.0.0.1"],
    ["http://0177.0.0.1./a.pdf", "127.0.0.1"],
    ["http://[::ffff:127.0.0.1]/a.pdf", "::ffff:7f00:1"],
    ["http://[::1]:8080/a.pdf", "::1"],
  ])("reads %s as the literal %s", (url, literal) => {
    const parsed = parseOutboundUrl(url, true);
    expect("target" in parsed && parsed.target.literal).toBe(literal);
  });

  it("keeps host names as names, lower-cased, with the default port", () => {
    const parsed = parseOutboundUrl("https://Files.Example.COM./art/a.pdf?sig=1", false);
    expect("target" in parsed && { host: parsed.target.host, port: parsed.target.port, literal: parsed.target.literal, secure: parsed.target.secure }).toEqual({
      host: "files.example.com",
      port: 443,
      literal: undefined,
      secure: true,
    });
  });
});

describe("displayUrl", () => {
  it("drops query strings (they often carry signatures) and shortens long URLs", () => {
    expect(displayUrl("https://cdn.example.com/a/b.pdf?X-Amz-Signature=secret#x")).toBe("https://cdn.example.com/a/b.pdf");
    const long = displayUrl(`https://cdn.example.com/${"x".repeat(300)}.pdf`);
    expect(long.length).toBe(100);
    expect(long).toContain("…");
    expect(long.endsWith(".pdf")).toBe(true);
  });
});

describe("allow-list entries (FILE_FETCH_ALLOW, POSTBACK_ALLOW)", () => {
  it.each([
    ["files.internal", { host: "files.internal" }],
    ["Files.Internal:8443", { host: "files.internal", port: 8443 }],
    ["10.0.0.5", { host: "10.0.0.5" }],
    ["10.0.0.5:80", { host: "10.0.0.5", port: 80 }],
    ["[::1]:9000", { host: "::1", port: 9000 }],
    ["fd00::5", { host: "fd00::5" }],
  ])("parses %s", (entry, expected) => {
    expect(parseAllowEntry(entry)).toEqual(expected);
  });

  it.each(["", ":80", "host:0", "host:99999", "host:http", "[::1", "bad host name", "a/b"])("refuses %j", (entry) => {
    expect(() => parseAllowEntry(entry)).toThrow();
  });

  it("opens exactly the named host, and the named port when there is one", () => {
    const entries = ["files.internal:8080", "10.0.0.5"].map(parseAllowEntry);
    expect(isAllowedHost(entries, "files.internal", 8080)).toBe(true);
    expect(isAllowedHost(entries, "FILES.INTERNAL.", 8080)).toBe(true);
    expect(isAllowedHost(entries, "files.internal", 8081)).toBe(false);
    expect(isAllowedHost(entries, "other.internal", 8080)).toBe(false);
    expect(isAllowedHost(entries, "sub.files.internal", 8080)).toBe(false);
    expect(isAllowedHost(entries, "10.0.0.5", 1234)).toBe(true);
    expect(isAllowedHost(entries, "10.0.0.6", 1234)).toBe(false);
    expect(canonicalHost("[::FFFF:127.0.0.1]")).toBe("::ffff:7f00:1");
  });
});
