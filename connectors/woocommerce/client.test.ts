import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setEnv } from "@/lib/env";
import { ShopError, type PlatformCall } from "../types";
import { verifyKeys } from "./auth";
import { normalizeSiteUrl, setWooTransportForTests, wooRequest } from "./client";
import { startWooFake } from "./fake";
import { startWooTestSite, testEnv, type WooTestSite } from "./testing";

let site: WooTestSite;

async function shopError(promise: Promise<unknown>): Promise<ShopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ShopError) return error;
    throw error;
  }
  throw new Error("expected a ShopError");
}

beforeAll(async () => {
  site = await startWooTestSite();
});

afterAll(() => site.close());

afterEach(() => {
  site.fake.clearFaults();
  setEnv(testEnv([new URL(site.fake.siteUrl).host]));
});

describe("normalizeSiteUrl", () => {
  it.each([
    ["https://Shop.Example/", "https://shop.example"],
    ["shop.example", "https://shop.example"],
    ["http://shop.example:8080/store/wp-json/wc/v3", "http://shop.example:8080/store"],
    ["https://shop.example:443/?p=1#x", "https://shop.example"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeSiteUrl(input)).toBe(expected);
  });

  it.each(["ftp://shop.example", "https://user:pw@shop.example", "https://", "not a url at all"])("refuses %s", (input) => {
    expect(normalizeSiteUrl(input)).toBeNull();
  });
});

describe("the outbound guard", () => {
  it("refuses a site on a loopback address outside SHOP_FETCH_ALLOW, and the site sees no request", async () => {
    setEnv(testEnv([]));
    const before = site.fake.requests.length;
    const error = await shopError(verifyKeys(site.session()));
    expect(error).toMatchObject({ kind: "rejected", details: { field: "siteUrl", platformCode: "refused_address" } });
    expect(site.fake.requests.length).toBe(before);
  });

  it("does not follow a redirect: the site must be connected under its final address", async () => {
    const mover: Server = createServer((_req, res) => res.writeHead(301, { Location: "https://www.shop.example/wp-json/" }).end());
    await new Promise<void>((resolve) => mover.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(mover.address() as AddressInfo).port}`;
    setEnv(testEnv([host]));
    try {
      const error = await shopError(verifyKeys({ ...site.session(), identity: `http://${host}` }));
      expect(error).toMatchObject({ kind: "rejected", details: { field: "siteUrl", status: 301 } });
      expect(error.message).toContain("https://www.shop.example/wp-json/");
    } finally {
      mover.closeAllConnections();
      await new Promise<void>((resolve) => mover.close(() => resolve()));
    }
  });
});

describe("authentication", () => {
  it("signs with OAuth 1.0a over http", async () => {
    await verifyKeys(site.session());
    expect(site.fake.requests.at(-1)?.auth).toBe("oauth");
  });

  it("refuses a read-only key as forbidden on consumerKey, and unknown keys as unauthorized", async () => {
    expect(await shopError(verifyKeys(site.session({ permissions: "read" })))).toMatchObject({ kind: "forbidden", details: { field: "consumerKey" } });
    expect(await shopError(verifyKeys(site.session({ credentials: { consumerKey: `ck_${"1".repeat(40)}` } })))).toMatchObject({ kind: "unauthorized", details: { status: 401, platformCode: "woocommerce_rest_authentication_error" } });
  });

  describe("over https", () => {
    let directory: string;
    let certificate: string;
    let tlsFake: Awaited<ReturnType<typeof startWooFake>>;

    beforeAll(async () => {
      directory = mkdtempSync(path.join(os.tmpdir(), "inkbridge-woo-tls-"));
      const key = path.join(directory, "key.pem");
      const cert = path.join(directory, "cert.pem");
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
      certificate = readFileSync(cert, "utf8");
      tlsFake = await startWooFake({ tls: { key: readFileSync(key, "utf8"), cert: certificate }, basicAuth: "tls" });
    });

    afterAll(async () => {
      setWooTransportForTests({});
      await tlsFake.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it("uses HTTP Basic, and refuses a certificate it does not trust", async () => {
      setEnv(testEnv([new URL(tlsFake.siteUrl).host]));
      const record = tlsFake.site.createKey();
      const session = { ...site.session(), identity: tlsFake.siteUrl, credentials: { consumerKey: record.consumerKey, consumerSecret: record.consumerSecret, webhookSecret: "x" } };
      expect(await shopError(verifyKeys(session))).toMatchObject({ kind: "unavailable", details: { platformCode: "tls" } });
      setWooTransportForTests({ trustedCertificates: [certificate] });
      expect(await verifyKeys(session)).toEqual({ name: "Fake Woo Store", identity: tlsFake.siteUrl });
      expect(tlsFake.requests.filter((request) => request.path !== "/").map((request) => request.auth)).toEqual(["basic", "basic"]);
    });
  });
});

describe("retries and errors", () => {
  it("retries a GET after a 503 and reports both calls", async () => {
    const calls: PlatformCall[] = [];
    site.fake.fail({ status: 503, times: 1 });
    const response = await wooRequest({ ...site.session(), onCall: (call) => void calls.push(call) }, { operation: "listOrders", method: "GET", path: "orders" });
    expect(response.status).toBe(200);
    expect(calls.map((call) => call.outcome)).toEqual(["error", "ok"]);
  });

  it("does not send a POST twice after a 500: the job decides", async () => {
    const session = site.session();
    site.fake.fail({ status: 500, times: 1 });
    const before = site.fake.requests.length;
    const error = await shopError(wooRequest(session, { operation: "createWebhook", method: "POST", path: "webhooks", body: {} }));
    expect(error).toMatchObject({ kind: "unavailable", details: { status: 500 } });
    expect(error.retryable).toBe(true);
    expect(site.fake.requests.length).toBe(before + 1);
  });

  it("gives up on a site that keeps answering 429 with throttled and the wait it asked for", async () => {
    site.fake.fail({ status: 429, retryAfterSeconds: 0, times: 10 });
    const error = await shopError(wooRequest(site.session(), { operation: "listOrders", method: "GET", path: "orders" }));
    expect(error).toMatchObject({ kind: "throttled", details: { status: 429, retryAfterMs: 0 } });
  });

  it("maps WooCommerce's refusals: validation to rejected with the field, a missing route to not_found", async () => {
    const refused = await shopError(wooRequest(site.session(), { operation: "listOrders", method: "GET", path: "orders", params: { per_page: 500 } }));
    expect(refused).toMatchObject({ kind: "rejected", details: { status: 400, platformCode: "rest_invalid_param", field: "per_page" } });
    const missing = await shopError(wooRequest(site.session(), { operation: "nothing", method: "GET", path: "no-such-thing" }));
    expect(missing).toMatchObject({ kind: "not_found", details: { platformCode: "rest_no_route" } });
  });

  it("still checks the keys when a plugin closes the REST index to visitors", async () => {
    const closed = await startWooFake({ protectRestIndex: true });
    setEnv(testEnv([new URL(closed.siteUrl).host]));
    try {
      const record = closed.site.createKey();
      const session = { ...site.session(), identity: closed.siteUrl, credentials: { consumerKey: record.consumerKey, consumerSecret: record.consumerSecret, webhookSecret: "x" } };
      expect(await verifyKeys(session)).toEqual({ name: new URL(closed.siteUrl).host, identity: closed.siteUrl });
      expect(closed.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(["GET / 401", "GET /wc/v3/webhooks 200", "POST /wc/v3/webhooks 400"]);
      const refused = { ...session, credentials: { ...session.credentials, consumerSecret: `cs_${"0".repeat(40)}` } };
      expect(await shopError(verifyKeys(refused))).toMatchObject({ kind: "unauthorized" });
    } finally {
      await closed.close();
    }
  });

  it("answers a site without WordPress as a site URL problem", async () => {
    const plain: Server = createServer((_req, res) => res.writeHead(404, { "Content-Type": "text/html" }).end("<h1>Not found</h1>"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(plain.address() as AddressInfo).port}`;
    setEnv(testEnv([host]));
    try {
      expect(await shopError(verifyKeys({ ...site.session(), identity: `http://${host}` }))).toMatchObject({ kind: "rejected", details: { field: "siteUrl", status: 404 } });
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});
