import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  redirectTo,
  sampleJpeg,
  samplePdf,
  samplePng,
  sampleSvg,
  sampleTiff,
  serveFile,
  startArtworkServer,
  stubResolver,
  type ArtworkServer,
} from "@/tests/support/artwork-server";
import { parseAllowEntry } from "@/lib/net";
import { checkArtwork, type FileCheck } from "./fetch";
import { fetchPolicy, type FetchPolicy } from "./policy";

let server: ArtworkServer;
let other: ArtworkServer;
let policy: FetchPolicy;

beforeAll(async () => {
  server = await startArtworkServer();
  other = await startArtworkServer();
  policy = fetchPolicy({
    allowHttp: true,
    allow: [`files.test:${server.port}`].map(parseAllowEntry),
    resolve: stubResolver({ "files.test": "127.0.0.1" }),
    timeoutMs: 3000,
    idleTimeoutMs: 1000,
  });
  server.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  server.route("/art/poster.png", serveFile(samplePng, { "content-type": "image/png" }));
  server.route("/art/photo.jpg", serveFile(sampleJpeg, { "content-type": "image/jpeg" }));
  server.route("/art/scan.tif", serveFile(sampleTiff, { "content-type": "image/tiff" }));
  server.route("/art/logo.svg", serveFile(sampleSvg, { "content-type": "image/svg+xml" }));
  server.route("/art/logo-xml", serveFile(sampleSvg, { "content-type": "text/xml" }));
  server.route("/art/download", serveFile(samplePdf, { "content-type": "application/octet-stream", "content-disposition": 'attachment; filename="front.pdf"' }));
  server.route("/art/mislabelled", serveFile(samplePdf, { "content-type": "image/png" }));
  server.route("/art/really-a-pdf.png", serveFile(samplePdf, { "content-type": "application/octet-stream" }));
  server.route("/art/disposition-png", serveFile(samplePdf, { "content-disposition": 'attachment; filename="front.png"' }));
  server.route("/art/page.html", serveFile(Buffer.from("<html><body>hello</body></html>"), { "content-type": "text/html" }));
  server.route("/art/unknown", serveFile(Buffer.from("GIF89a-not-allowed"), { "content-type": "application/octet-stream" }));
  server.route("/art/empty.pdf", serveFile(Buffer.alloc(0), { "content-type": "application/pdf" }));
  server.route("/art/gone.pdf", (_request, response) => void response.writeHead(404).end("gone"));
  server.route("/art/busy.pdf", (_request, response) => void response.writeHead(503).end("busy"));
  server.route("/art/throttled.pdf", (_request, response) => void response.writeHead(429).end("slow down"));
  server.route("/art/huge.pdf", (_request, response) => {
    // Ignores Range and sends far more than is ever read.
    response.writeHead(200, { "content-type": "application/pdf", "content-length": String(50_000_000) });
    response.write(samplePdf);
    const timer = setInterval(() => response.write(Buffer.alloc(65_536)), 5);
    response.on("close", () => clearInterval(timer));
  });
  server.route("/art/silent.pdf", () => undefined);
  server.route("/art/stalls.pdf", (_request, response) => {
    response.writeHead(200, { "content-type": "application/pdf" });
    response.write("%PDF");
  });
  server.route("/art/trickle.pdf", (_request, response) => {
    response.writeHead(200, { "content-type": "application/pdf" });
    const timer = setInterval(() => response.write(" "), 200);
    response.on("close", () => clearInterval(timer));
  });
  server.route("/hop/1", redirectTo("/hop/2", 301));
  server.route("/hop/2", redirectTo(`http://files.test:${server.port}/hop/3`, 307));
  server.route("/hop/3", redirectTo("/art/poster.pdf", 308));
  server.route("/hop/0", redirectTo("/hop/1"));
  server.route("/hop/ftp", redirectTo("ftp://files.test/a.pdf"));
  server.route("/hop/nowhere", (_request, response) => void response.writeHead(302).end());
  other.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
});

afterAll(async () => {
  await server.close();
  await other.close();
});

const check = (url: string, overrides: Partial<FetchPolicy> = {}): Promise<FileCheck> => checkArtwork(url, { ...policy, ...overrides });
const at = (pathname: string) => `http://files.test:${server.port}${pathname}`;

describe("checkArtwork", () => {
  it("checks a PDF by its first bytes, asking for a range, on the checked address with the name as Host", async () => {
    const before = server.requests.length;
    expect(await check(at("/art/poster.pdf"))).toEqual({ ok: true, fileType: "pdf", contentType: "application/pdf", size: samplePdf.length });
    const request = server.requests[before]!;
    expect(request.headers.host).toBe(`files.test:${server.port}`);
    expect(request.headers.range).toBe("bytes=0-4095");
  });

  it.each([
    ["/art/poster.png", "png"],
    ["/art/photo.jpg", "jpeg"],
    ["/art/scan.tif", "tiff"],
    ["/art/logo.svg", "svg"],
    ["/art/logo-xml", "svg"],
    ["/art/download", "pdf"],
  ])("accepts %s as %s", async (pathname, fileType) => {
    expect(await check(at(pathname))).toMatchObject({ ok: true, fileType });
  });

  it.each([
    ["/art/mislabelled", "is sent as image/png but the content is PDF"],
    ["/art/really-a-pdf.png", "is named “really-a-pdf.png” but the content is PDF"],
    ["/art/disposition-png", "is named “front.png” but the content is PDF"],
    ["/art/page.html", "is text/html, not a PDF, PNG, JPEG, TIFF or SVG file"],
    ["/art/unknown", "is not a PDF, PNG, JPEG, TIFF or SVG file"],
  ])("refuses %s: %s", async (pathname, reason) => {
    expect(await check(at(pathname))).toEqual({ ok: false, code: "type", reason, transient: false });
  });

  it("refuses an empty file", async () => {
    expect(await check(at("/art/empty.pdf"))).toMatchObject({ ok: false, code: "empty", transient: false });
  });

  it("refuses a file larger than the cap from its declared size, without reading it", async () => {
    expect(await check(at("/art/poster.pdf"), { maxBytes: 10_000 })).toEqual({
      ok: false,
      code: "too_large",
      reason: "is 20.1 KB, more than the 10 KB allowed",
      transient: false,
    });
    const started = Date.now();
    expect(await check(at("/art/huge.pdf"), { maxBytes: 1_000_000 })).toMatchObject({ ok: false, code: "too_large" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("stops reading after the bytes it needs when a server ignores the range", async () => {
    const started = Date.now();
    expect(await check(at("/art/huge.pdf"))).toEqual({ ok: true, fileType: "pdf", contentType: "application/pdf", size: 50_000_000 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("gives up on a server that does not answer, stalls, or trickles past the time budget", async () => {
    expect(await check(at("/art/silent.pdf"), { idleTimeoutMs: 300 })).toEqual({ ok: false, code: "timeout", reason: "stopped answering for 300 ms", transient: true });
    expect(await check(at("/art/stalls.pdf"), { idleTimeoutMs: 300 })).toMatchObject({ ok: false, code: "timeout", transient: true });
    expect(await check(at("/art/trickle.pdf"), { idleTimeoutMs: 1000, timeoutMs: 700 })).toEqual({
      ok: false,
      code: "timeout",
      reason: "did not finish within 700 ms",
      transient: true,
    });
  });

  it("tells permanent answers from ones worth retrying", async () => {
    expect(await check(at("/art/gone.pdf"))).toEqual({ ok: false, code: "http_status", reason: "answered 404", transient: false });
    expect(await check(at("/art/busy.pdf"))).toEqual({ ok: false, code: "http_status", reason: "answered 503", transient: true });
    expect(await check(at("/art/throttled.pdf"))).toMatchObject({ reason: "answered 429", transient: true });
    expect(await check(`http://nowhere.test:${server.port}/a.pdf`)).toMatchObject({ ok: false, code: "dns", transient: false });
    const closed = await startArtworkServer();
    await closed.close();
    const refused = await check(`http://files.test:${closed.port}/a.pdf`, { allow: [parseAllowEntry(`files.test:${closed.port}`)] });
    expect(refused).toMatchObject({ ok: false, code: "connect", transient: true });
  });

  it("follows up to three redirects, re-checking each, and no more", async () => {
    expect(await check(at("/hop/1"))).toMatchObject({ ok: true, fileType: "pdf" });
    expect(await check(at("/hop/0"))).toEqual({ ok: false, code: "redirects", reason: "redirected more than 3 times", transient: false });
    expect(await check(at("/hop/ftp"))).toMatchObject({ ok: false, code: "scheme", reason: "redirects to a URL that uses ftp, but only http and https are allowed" });
    expect(await check(at("/hop/nowhere"))).toMatchObject({ ok: false, code: "http_status", transient: false });
  });
});

describe("FILE_FETCH_ALLOW", () => {
  it("opens exactly the named host and port", async () => {
    expect(await check(at("/art/poster.pdf"))).toMatchObject({ ok: true });
    // The same host on another port, and the same address under its own name, stay closed.
    const otherPort = await check(`http://files.test:${other.port}/art/poster.pdf`);
    expect(otherPort).toMatchObject({ ok: false, code: "refused_address" });
    expect(await check(`http://127.0.0.1:${server.port}/art/poster.pdf`)).toMatchObject({ ok: false, code: "refused_address" });
    const byAddress = { allow: [parseAllowEntry(`127.0.0.1:${server.port}`)] };
    expect(await check(`http://127.0.0.1:${server.port}/art/poster.pdf`, byAddress)).toMatchObject({ ok: true });
    expect(await check(at("/art/poster.pdf"), byAddress)).toMatchObject({ ok: false, code: "refused_address" });
    expect(other.requests).toHaveLength(0);
  });

  it("does not open plain http: that is FILE_FETCH_HTTP's job", async () => {
    expect(await check(at("/art/poster.pdf"), { allowHttp: false })).toMatchObject({ ok: false, code: "scheme" });
  });
});

describe("https", () => {
  let tlsServer: ArtworkServer;
  let certificate: string;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), "inkbridge-tls-"));
    const key = path.join(directory, "key.pem");
    const cert = path.join(directory, "cert.pem");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=files.test", "-addext", "subjectAltName=DNS:files.test", "-keyout", key, "-out", cert,
    ], { stdio: "ignore" });
    certificate = readFileSync(cert, "utf8");
    tlsServer = await startArtworkServer({ tls: { key: readFileSync(key, "utf8"), cert: certificate } });
    tlsServer.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  });

  afterAll(async () => {
    await tlsServer.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("connects to the checked address while SNI and Host keep the name, and verifies the certificate", async () => {
    const tlsPolicy = { allowHttp: false, allow: [parseAllowEntry(`files.test:${tlsServer.port}`)] };
    const url = `https://files.test:${tlsServer.port}/art/poster.pdf`;
    expect(await check(url, { ...tlsPolicy, trustedCertificates: [certificate] })).toMatchObject({ ok: true, fileType: "pdf" });
    expect(tlsServer.requests.at(-1)).toMatchObject({ servername: "files.test", headers: { host: `files.test:${tlsServer.port}` } });
    expect(await check(url, tlsPolicy)).toMatchObject({ ok: false, code: "tls", transient: false });
  });
});
