import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redirectTo, samplePdf, serveFile, startArtworkServer, stubResolver, type ArtworkServer } from "@/tests/support/artwork-server";
import { parseAllowEntry } from "@/lib/net";
import { checkArtwork } from "./fetch";
import { fetchPolicy, type FetchPolicy } from "./policy";
import { insideRedirects, refusedUrls, ssrfNames } from "@/tests/support/ssrf-table";

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
  cdn.route("/good.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  for (const [pathname, , location, status] of insideRedirects) cdn.route(pathname, redirectTo(location(canary.port), status));
  cdn.route("/to-file", redirectTo("file:///etc/passwd"));
  policy = fetchPolicy({
    allowHttp: true,
    // Stands in for a public CDN: allowed by name and port, like FILE_FETCH_ALLOW would.
    allow: [parseAllowEntry(`cdn.test:${cdn.port}`)],
    resolve: stubResolver({ ...ssrfNames, "cdn.test": "127.0.0.1" }),
    timeoutMs: 2000,
    idleTimeoutMs: 1000,
  });
});

afterAll(async () => {
  await canary.close();
  await cdn.close();
});

describe("artwork URLs that must never be fetched", () => {
  it.each(refusedUrls)("refuses %s", async (_name, url, code) => {
    const result = await checkArtwork(url(canary.port), policy);
    expect(result).toMatchObject({ ok: false, code, transient: false });
  });

  it.each(insideRedirects)("refuses a public URL that redirects (%s) to %s", async (pathname) => {
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
