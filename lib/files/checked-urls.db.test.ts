import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestRuntime } from "@/tests/support/runtime";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { fileChecks } from "@/db/schema";
import { parseAllowEntry } from "@/lib/net";
import { checkArtworkUrls } from "./checked-urls";
import { fetchPolicy, type FetchPolicy } from "./policy";

const runtime = useTestRuntime();
let server: ArtworkServer;
let policy: FetchPolicy;

beforeAll(async () => {
  server = await startArtworkServer({ host: "127.0.0.1" });
  server.route("/a.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  server.route("/gone.pdf", (_request, response) => void response.writeHead(404).end());
  server.route("/busy.pdf", (_request, response) => void response.writeHead(503).end());
  policy = fetchPolicy({ allowHttp: true, allow: [parseAllowEntry(`127.0.0.1:${server.port}`)], timeoutMs: 2000, idleTimeoutMs: 300 });
});

afterAll(() => server.close());

const hits = (path: string) => server.requests.filter((request) => request.path === path).length;

describe("checkArtworkUrls", () => {
  it("fetches each distinct URL once and remembers a good file for ten minutes", async () => {
    const url = `${server.url}/a.pdf`;
    let now = Date.now();
    const first = await checkArtworkUrls(runtime.db, [url, url, url], { policy, now: () => now });
    expect(first.get(url)).toMatchObject({ ok: true, fileType: "pdf", size: samplePdf.length });
    expect(hits("/a.pdf")).toBe(1);
    now += 9 * 60_000;
    expect((await checkArtworkUrls(runtime.db, [url], { policy, now: () => now })).get(url)).toEqual(first.get(url));
    expect(hits("/a.pdf")).toBe(1);
    now += 2 * 60_000;
    await checkArtworkUrls(runtime.db, [url], { policy, now: () => now });
    expect(hits("/a.pdf")).toBe(2);
  });

  it("remembers a refusal for a minute, unless asked to look again", async () => {
    const url = `${server.url}/gone.pdf`;
    let now = Date.now();
    const failure = { ok: false, code: "http_status", reason: "answered 404", transient: false };
    expect((await checkArtworkUrls(runtime.db, [url], { policy, now: () => now })).get(url)).toEqual(failure);
    expect((await checkArtworkUrls(runtime.db, [url], { policy, now: () => now })).get(url)).toEqual(failure);
    expect(hits("/gone.pdf")).toBe(1);
    await checkArtworkUrls(runtime.db, [url], { policy, now: () => now, recheckFailures: new Set([url]) });
    expect(hits("/gone.pdf")).toBe(2);
    now += 61_000;
    await checkArtworkUrls(runtime.db, [url], { policy, now: () => now });
    expect(hits("/gone.pdf")).toBe(3);
  });

  it("does not remember transient failures, so a retry fetches again", async () => {
    const url = `${server.url}/busy.pdf`;
    expect((await checkArtworkUrls(runtime.db, [url], { policy })).get(url)).toMatchObject({ ok: false, transient: true });
    await checkArtworkUrls(runtime.db, [url], { policy });
    expect(hits("/busy.pdf")).toBe(2);
    const stored = await runtime.db.select({ url: fileChecks.url }).from(fileChecks);
    expect(stored.map((row) => row.url)).not.toContain(url);
  });

  it("stops trying a host that does not answer for the rest of the call", async () => {
    const silent = await startArtworkServer({ host: "127.0.0.1" });
    silent.route("/1.pdf", () => undefined);
    silent.route("/2.pdf", () => undefined);
    const silentPolicy = { ...policy, allow: [parseAllowEntry(`127.0.0.1:${silent.port}`)] };
    const results = await checkArtworkUrls(runtime.db, [`${silent.url}/1.pdf`, `${silent.url}/2.pdf`], { policy: silentPolicy, concurrency: 1 });
    expect([...results.values()].map((result) => !result.ok && result.code)).toEqual(["timeout", "timeout"]);
    expect(silent.requests).toHaveLength(1);
    await silent.close();
  });
});
