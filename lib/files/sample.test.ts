import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redirectTo, serveFile, startArtworkServer, stubResolver, type ArtworkServer } from "@/tests/support/artwork-server";
import { checkArtwork } from "./fetch";
import { fetchPolicy, fetchPolicyFromEnv, type FetchPolicy } from "./policy";
import { isSampleArtworkUrl, sampleArtworkPath, sampleArtworkUrl } from "./sample";

// Inkbridge's own sample file is the single URL on the loopback origin the fetcher accepts; every
// other path, query or spelling of that origin must still be refused before a request is made.

const samplePdf = readFileSync(path.resolve("public", sampleArtworkPath.slice(1)));
let app: ArtworkServer;
let redirecting: ArtworkServer;
let appUrl: string;
let policy: FetchPolicy;

beforeAll(async () => {
  app = await startArtworkServer();
  app.route(sampleArtworkPath, serveFile(samplePdf, { "content-type": "application/pdf" }));
  app.route("/samples/other.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  app.route("/api/health", serveFile(samplePdf, { "content-type": "application/pdf" }));
  redirecting = await startArtworkServer();
  redirecting.route(sampleArtworkPath, redirectTo("/samples/other.pdf"));
  appUrl = `http://localhost:${app.port}`;
  policy = fetchPolicy({ sampleArtworkUrl: sampleArtworkUrl(appUrl), resolve: stubResolver({ localhost: "127.0.0.1" }), timeoutMs: 2000, idleTimeoutMs: 1000 });
});

afterAll(async () => {
  await app.close();
  await redirecting.close();
});

describe("the sample artwork exemption", () => {
  it("the shipped sample file is a real PDF", () => {
    expect(samplePdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(samplePdf.toString("latin1")).toMatch(/%%EOF\n$/);
  });

  it("accepts exactly the sample file on APP_URL's own origin, over http and on loopback", async () => {
    expect(await checkArtwork(`${appUrl}${sampleArtworkPath}`, policy)).toMatchObject({ ok: true, fileType: "pdf" });
    expect(app.requests.map((request) => request.path)).toEqual([sampleArtworkPath]);
  });

  it.each([
    ["another path", () => `${appUrl}/samples/other.pdf`],
    ["another route of the app", () => `${appUrl}/api/health`],
    ["the sample path with a query", () => `${appUrl}${sampleArtworkPath}?x=1`],
    ["the sample path with a fragment", () => `${appUrl}${sampleArtworkPath}#page=2`],
    ["the sample path on 127.0.0.1", () => `http://127.0.0.1:${app.port}${sampleArtworkPath}`],
    ["the sample path on another port", () => `http://localhost:${redirecting.port}${sampleArtworkPath}`],
    ["the sample path with credentials", () => `http://user:pass@localhost:${app.port}${sampleArtworkPath}`],
  ])("still refuses %s on the same loopback host", async (_name, url) => {
    const before = app.requests.length;
    for (const allowHttp of [false, true]) {
      const result = await checkArtwork(url(), { ...policy, allowHttp });
      expect(result.ok).toBe(false);
      if (allowHttp && !url().includes("@")) expect(result).toMatchObject({ code: "refused_address" });
    }
    expect(app.requests.length).toBe(before);
  });

  it("refuses a redirect from the sample URL to anywhere else on that origin", async () => {
    const redirectingPolicy = { ...policy, allowHttp: true, sampleArtworkUrl: sampleArtworkUrl(`http://localhost:${redirecting.port}`) };
    const result = await checkArtwork(`http://localhost:${redirecting.port}${sampleArtworkPath}`, redirectingPolicy);
    expect(result).toMatchObject({ ok: false, code: "refused_address" });
    expect(redirecting.requests.map((request) => request.path)).toEqual([sampleArtworkPath]);
  });

  it("applies to nothing when no sample URL is set", async () => {
    expect(isSampleArtworkUrl(`${appUrl}${sampleArtworkPath}`, {})).toBe(false);
    expect(await checkArtwork(`${appUrl}${sampleArtworkPath}`, { ...policy, sampleArtworkUrl: undefined, allowHttp: true })).toMatchObject({ ok: false, code: "refused_address" });
  });

  it("takes the sample URL from APP_URL", () => {
    const fromEnv = fetchPolicyFromEnv({ FILE_FETCH_HTTP: "off", FILE_FETCH_ALLOW: [], APP_URL: "https://print.example.com" });
    expect(fromEnv.sampleArtworkUrl).toBe(`https://print.example.com${sampleArtworkPath}`);
    expect(isSampleArtworkUrl(`https://print.example.com${sampleArtworkPath}`, fromEnv)).toBe(true);
    expect(isSampleArtworkUrl(`https://print.example.com.evil.test${sampleArtworkPath}`, fromEnv)).toBe(false);
  });
});
