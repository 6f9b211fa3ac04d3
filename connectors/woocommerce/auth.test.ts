import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthorizeUrl, parseKeysCallback, readReturn, verifyKeys } from "./auth";
import type { WooKeysCallback } from "./schemas";
import { startWooTestSite, type WooTestSite } from "./testing";

// The browser leg of wc-auth against the fake, with a keys receiver playing Inkbridge's
// `POST /api/stores/woocommerce/keys`: known single-use user_id → 200, anything else → 400.

let site: WooTestSite;
let receiver: Server;
let callbackUrl = "";
const pending = new Set<string>();
const stored: WooKeysCallback[] = [];

beforeAll(async () => {
  site = await startWooTestSite({ requireHttpsCallback: false });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        // Not JSON: refused below.
      }
      const keys = parseKeysCallback(body);
      if (!keys || !pending.delete(keys.user_id)) return void res.writeHead(400).end();
      stored.push(keys);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/stores/woocommerce/keys`;
});

afterAll(async () => {
  await site.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function approve(userId: string): Promise<Response> {
  const authorize = buildAuthorizeUrl({ siteUrl: `${site.fake.siteUrl}/`, appName: "Inkbridge", userId, returnUrl: "https://portal.example/stores?tab=woo", callbackUrl });
  const grant = await (await fetch(authorize)).text();
  const link = /id="approve" href="([^"]+)"/.exec(grant)?.[1];
  if (!link) throw new Error("no Approve button");
  return fetch(link.replace(/&#38;/g, "&"), { redirect: "manual" });
}

describe("wc-auth", () => {
  it("builds WooCommerce's authorize URL with all five parameters", () => {
    const url = new URL(buildAuthorizeUrl({ siteUrl: "https://Shop.Example/", appName: "Inkbridge", userId: "wca_1", returnUrl: "https://app.example/r", callbackUrl: "https://app.example/k" }));
    expect(`${url.origin}${url.pathname}`).toBe("https://shop.example/wc-auth/v1/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({ app_name: "Inkbridge", scope: "read_write", user_id: "wca_1", return_url: "https://app.example/r", callback_url: "https://app.example/k" });
  });

  it("receives working read_write keys for a single-use user_id, and the merchant returns with success=1", async () => {
    pending.add("wca_ok");
    const done = await approve("wca_ok");
    expect(done.status).toBe(302);
    const back = new URL(done.headers.get("location") as string);
    expect(readReturn(back.searchParams)).toEqual({ approved: true, userId: "wca_ok" });
    expect(back.searchParams.get("tab")).toBe("woo");
    const keys = stored.at(-1) as WooKeysCallback;
    expect(keys).toMatchObject({ user_id: "wca_ok", key_permissions: "read_write" });
    const session = { ...site.session(), credentials: { consumerKey: keys.consumer_key, consumerSecret: keys.consumer_secret, webhookSecret: "s" } };
    expect(await verifyKeys(session)).toEqual({ name: "Fake Woo Store", identity: site.fake.siteUrl });
  });

  it("a used or unknown user_id is answered 400, so WooCommerce deletes the key it made", async () => {
    const keysBefore = site.fake.site.keys.size;
    const done = await approve("wca_unknown");
    expect(done.status).toBe(401);
    expect(site.fake.site.keys.size).toBe(keysBefore);
  });

  it("parseKeysCallback accepts WooCommerce's body and nothing else", () => {
    const body = { key_id: 1, user_id: "wca_1", consumer_key: `ck_${"a".repeat(40)}`, consumer_secret: `cs_${"b".repeat(40)}`, key_permissions: "read_write" };
    expect(parseKeysCallback(body)).toEqual({ ...body, key_id: "1" });
    expect(parseKeysCallback({ ...body, key_permissions: "admin" })).toBeNull();
    expect(parseKeysCallback({ ...body, consumer_key: "ck_short" })).toBeNull();
    expect(parseKeysCallback("keys")).toBeNull();
  });
});
