import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redirectTo, samplePdf, serveFile, startArtworkServer, stubResolver, type ArtworkServer } from "@/tests/support/artwork-server";
import { parseAllowEntry } from "@/lib/net";
import { checkArtwork } from "./fetch";
import { fetchPolicy, type FetchPolicy } from "./policy";

// The SSRF suite: every URL below must be refused before any connection is made. A canary
// server on the loopback addresses counts every connection it gets and must see none. Plain
// http is switched on, so what refuses these URLs is the address check, not the scheme.

let canary: ArtworkServer;
let cdn: ArtworkServer;
let policy: FetchPolicy;

beforeAll(async () => {
  canary = await startArtworkServer();
  canary.route("/a.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  cdn = await startArtworkServer();
  const c = canary.port;
  cdn.route("/good.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  cdn.route("/to-ip", redirectTo(`http://127.0.0.1:${c}/a.pdf`));
  cdn.route("/to-localhost", redirectTo(`http://localhost:${c}/a.pdf`));
  cdn.route("/to-private-name", redirectTo(`http://internal.test:${c}/a.pdf`));
  cdn.route("/to-same-host-other-port", redirectTo(`http://cdn.test:${c}/a.pdf`));
  cdn.route("/to-mapped", redirectTo(`http://[::ffff:127.0.0.1]:${c}/a.pdf`, 301));
  cdn.route("/to-decimal", redirectTo(`http://2130706433:${c}/a.pdf`, 307));
  cdn.route("/to-metadata", redirectTo("http://169.254.169.254/latest/meta-data/", 308));
  cdn.route("/to-file", redirectTo("file:///etc/passwd"));
  cdn.route("/via-hop", redirectTo("/to-ip"));
  policy = fetchPolicy({
    allowHttp: true,
    // Stands in for a public CDN: allowed by name and port, like FILE_FETCH_ALLOW would.
    allow: [parseAllowEntry(`cdn.test:${cdn.port}`)],
    resolve: stubResolver({
      "cdn.test": "127.0.0.1",
      "internal.test": "127.0.0.1",
      "metadata.test": "169.254.169.254",
      "intranet.test": "10.1.2.3",
      "mixed.test": ["93.184.216.34", "127.0.0.1"],
      "v6.test": "::1",
      "ula.test": "fd00::1",
    }),
    timeoutMs: 2000,
    idleTimeoutMs: 1000,
  });
});

afterAll(async () => {
  await canary.close();
  await cdn.close();
});

describe("artwork URLs that must never be fetched", () => {
  const cases: Array<[string, () => string, "scheme" | "refused_address"]> = [
    ["file:", () => "file:///etc/passwd", "scheme"],
    ["gopher:", () => `gopher://127.0.0.1:${canary.port}/_GET%20/a.pdf`, "scheme"],
    ["data:", () => "data:application/pdf;base64,JVBERi0xLjcK", "scheme"],
    ["ftp:", () => `ftp://127.0.0.1:${canary.port}/a.pdf`, "scheme"],
    ["http://127.0.0.1", () => `http://127.0.0.1:${canary.port}/a.pdf`, "refused_address"],
    ["https://127.0.0.1", () => `https://127.0.0.1:${canary.port}/a.pdf`, "refused_address"],
    ["localhost", () => `http://localhost:${canary.port}/a.pdf`, "refused_address"],
    ["a .localhost name", () => `http://files.localhost:${canary.port}/a.pdf`, "refused_address"],
    ["[::1]", () => `http://[::1]:${canary.port}/a.pdf`, "refused_address"],
    ["[::ffff:127.0.0.1]", () => `http://[::ffff:127.0.0.1]:${canary.port}/a.pdf`, "refused_address"],
    ["0.0.0.0", () => `http://0.0.0.0:${canary.port}/a.pdf`, "refused_address"],
    ["2130706433", () => `http://2130706433:${canary.port}/a.pdf`, "refused_address"],
    ["0x7f.1", () => `http://0x7f.1:${canary.port}/a.pdf`, "refused_address"],
    ["127.1", () => `http://127.1:${canary.port}/a.pdf`, "refused_address"],
    ["0177.0.0.1", () => `http://0177.0.0.1:${canary.port}/a.pdf`, "refused_address"],
    ["169.254.169.254", () => "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "refused_address"],
    ["10/8", () => "http://10.0.0.1/a.pdf", "refused_address"],
    ["172.16/12", () => "https://172.20.1.1/a.pdf", "refused_address"],
    ["192.168/16", () => "http://192.168.1.10/a.pdf", "refused_address"],
    ["100.64/10", () => "http://100.64.0.1/a.pdf", "refused_address"],
    ["fc00::/7 (fc)", () => "http://[fc00::1]/a.pdf", "refused_address"],
    ["fc00::/7 (fd)", () => "https://[fd12:3456:789a::1]/a.pdf", "refused_address"],
    ["fe80::/10", () => "http://[fe80::1]/a.pdf", "refused_address"],
    ["a name that resolves to loopback", () => `http://internal.test:${canary.port}/a.pdf`, "refused_address"],
    ["a name that resolves to the metadata service", () => "http://metadata.test/latest/meta-data/", "refused_address"],
    ["a name that resolves to 10/8", () => "https://intranet.test/a.pdf", "refused_address"],
    ["a name with a public and a private answer", () => `http://mixed.test:${canary.port}/a.pdf`, "refused_address"],
    ["a name that resolves to ::1", () => `http://v6.test:${canary.port}/a.pdf`, "refused_address"],
    ["a name that resolves to a ULA", () => "http://ula.test/a.pdf", "refused_address"],
    ["an allowed host on another port", () => `http://cdn.test:${canary.port}/a.pdf`, "refused_address"],
  ];

  it.each(cases)("refuses %s", async (_name, url, code) => {
    const result = await checkArtwork(url(), policy);
    expect(result).toMatchObject({ ok: false, code, transient: false });
  });

  it.each([
    ["/to-ip", "a literal loopback address"],
    ["/to-localhost", "localhost"],
    ["/to-private-name", "a name resolving to loopback"],
    ["/to-same-host-other-port", "the allowed host on another port"],
    ["/to-mapped", "an IPv4-mapped loopback"],
    ["/to-decimal", "a decimal loopback"],
    ["/to-metadata", "the metadata service"],
    ["/via-hop", "loopback, two hops away"],
  ])("refuses a public URL that redirects (%s) to %s", async (pathname) => {
    const before = cdn.requests.length;
    const result = await checkArtwork(`http://cdn.test:${cdn.port}${pathname}`, policy);
    expect(result).toMatchObject({ ok: false, code: "refused_address", transient: false });
    expect(result.ok === false && result.reason).toMatch(/^redirects to a URL that |^points to a non-public address/);
    expect(cdn.requests.length).toBeGreaterThan(before);
  });

  it("refuses a redirect to file:", async () => {
    expect(await checkArtwork(`http://cdn.test:${cdn.port}/to-file`, policy)).toMatchObject({ ok: false, code: "scheme" });
  });

  it("still fetches from the allowed stand-in CDN, so the refusals above are not an accident", async () => {
    expect(await checkArtwork(`http://cdn.test:${cdn.port}/good.pdf`, policy)).toMatchObject({ ok: true, fileType: "pdf" });
  });

  it("left the canary untouched", () => {
    expect(canary.connections).toBe(0);
    expect(canary.requests).toHaveLength(0);
  });
});
