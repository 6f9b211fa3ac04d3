import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redirectTo, startArtworkServer, stubResolver, type ArtworkServer } from "@/tests/support/artwork-server";
import { insideRedirects, refusedUrls, ssrfNames } from "@/tests/support/ssrf-table";
import { checkOutboundUrl, parseAllowEntry, type OutboundPolicy } from "@/lib/net";
import { postbackPolicy, sendHttp } from "./send-http";

// The artwork SSRF table, run against postbacks: every URL is refused when the trigger is saved
// and again when a postback is sent, and a canary on the loopback addresses sees no connection.

let canary: ArtworkServer;
let receiver: ArtworkServer;
let policy: OutboundPolicy;
let rebindAnswers: string[];

const send = (url: string, over: OutboundPolicy = policy) =>
  sendHttp({ url, method: "POST", headers: { "content-type": "application/json" }, body: '{"type":"postback.test"}' }, over);

beforeAll(async () => {
  canary = await startArtworkServer();
  canary.route("/a.pdf", (_request, response) => void response.writeHead(200).end("inside secrets"));
  receiver = await startArtworkServer();
  receiver.route("/hook", (_request, response) => void response.writeHead(200, { "content-type": "text/plain" }).end("thanks"));
  for (const [pathname, , location, status] of insideRedirects) receiver.route(pathname, redirectTo(location(canary.port), status));
  const stub = stubResolver({ ...ssrfNames, "cdn.test": "127.0.0.1" });
  policy = postbackPolicy(
    { POSTBACK_ALLOW: [] },
    {
      // The receiver stands in for one on the partner's network, named in POSTBACK_ALLOW.
      allow: [parseAllowEntry(`cdn.test:${receiver.port}`)],
      resolve: async (hostname) => (hostname === "rebind.test" ? [{ address: rebindAnswers.shift() ?? "127.0.0.1", family: 4 }] : stub(hostname)),
      timeoutMs: 2000,
      idleTimeoutMs: 1000,
    },
  );
});

afterAll(async () => {
  await canary.close();
  await receiver.close();
});

describe("postback URLs that must never be reached", () => {
  it.each(refusedUrls)("refuses %s when the trigger is saved and when it is sent", async (_name, url, code) => {
    expect(await checkOutboundUrl(url(canary.port), policy)).toMatchObject({ code });
    const outcome = await send(url(canary.port));
    expect(outcome).toMatchObject({ ok: false, status: null, body: null });
    expect(outcome.error).toMatch(/^Not sent: the URL (uses|points to a non-public address)/);
  });

  it("names POSTBACK_ALLOW in the refusal", async () => {
    expect((await checkOutboundUrl("http://169.254.169.254/latest/meta-data/", policy))?.reason).toBe(
      "points to a non-public address (link-local); postbacks only go to public addresses, or to hosts listed in POSTBACK_ALLOW",
    );
  });

  it.each(insideRedirects)("does not follow a receiver's redirect (%s) to %s", async (pathname) => {
    const outcome = await send(`http://cdn.test:${receiver.port}${pathname}`);
    expect(outcome.ok).toBe(false);
    expect(outcome.status).toBeGreaterThanOrEqual(301);
    expect(outcome.error).toMatch(/^Redirected \(30\d\) to .*postbacks do not follow redirects/);
  });

  it("refuses at send time a name that resolved to a public address when the trigger was saved", async () => {
    rebindAnswers = ["93.184.216.34", "127.0.0.1"];
    expect(await checkOutboundUrl(`http://rebind.test:${canary.port}/a.pdf`, policy)).toBeUndefined();
    expect((await send(`http://rebind.test:${canary.port}/a.pdf`)).error).toBe(
      "Not sent: the URL points to a non-public address (loopback); postbacks only go to public addresses, or to hosts listed in POSTBACK_ALLOW",
    );
  });

  it("sends to a host in POSTBACK_ALLOW, on the checked address with the name as Host", async () => {
    const before = receiver.requests.length;
    expect(await send(`http://cdn.test:${receiver.port}/hook`)).toMatchObject({ ok: true, status: 200, body: "thanks", error: null });
    expect(receiver.requests[before]!.headers.host).toBe(`cdn.test:${receiver.port}`);
    expect(receiver.requests[before]!.method).toBe("POST");
  });

  it("refuses the same receiver once it is no longer listed", async () => {
    const outcome = await send(`http://cdn.test:${receiver.port}/hook`, { ...policy, allow: [] });
    expect(outcome.error).toMatch(/^Not sent: the URL points to a non-public address \(loopback\)/);
  });

  it("left the canary untouched", () => {
    expect(canary.connections).toBe(0);
    expect(canary.requests).toHaveLength(0);
  });
});
