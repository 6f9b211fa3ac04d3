import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { shippingAddress, shopifyApiKey, shopifyApiSecret } from "@/tests/support/shopify-store";
import { startShopifyFake, type ShopifyFake } from "@/connectors/shopify/fake";

// Partner staff review their customers' stores: the broken one is listed first with its reason,
// its failed delivery is replayed, and an order held for approval in another store is approved.

let app: AppServer;
let artwork: ArtworkServer;
let fake: ShopifyFake;
let browser: Browser;
let page: Page;
let token: string;
let customerId: string;
const stores: Record<"healthy" | "broken", string> = { healthy: "", broken: "" };

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${app.url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

beforeAll(async () => {
  artwork = await startArtworkServer({ host: "127.0.0.1" });
  artwork.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  fake = await startShopifyFake({ apiKey: shopifyApiKey, apiSecret: shopifyApiSecret });
  app = await startAppServer({
    env: { SHOPIFY_API_KEY: shopifyApiKey, SHOPIFY_API_SECRET: shopifyApiSecret, SHOPIFY_API_ORIGIN: fake.origin, FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}` },
  });
  const minted = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`admin@localhost:${app.adminPassword()!}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "store review e2e" }),
  });
  token = ((await minted.json()) as { token: string }).token;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
  await artwork?.close();
});

describe("reviewing connected stores", () => {
  it("lists the broken store first, replays its failed delivery and approves a held order", async () => {
    customerId = (await api<{ id: string }>("POST", "/customers", { name: "Harbour Prints" })).id;
    await api("POST", "/products", { productUid: "poster_a3", title: "Poster A3", fileTypes: ["default"] });
    const shops = { healthy: "calm-posters.myshopify.com", broken: "zz-broken.myshopify.com" } as const;
    const variants: Record<string, number> = {};
    for (const key of ["healthy", "broken"] as const) {
      fake.shops.createShop(shops[key], { name: key });
      const product = fake.shops.createProduct(shops[key], { title: "Poster", variants: [{ sku: "POSTER-A3", price: "25" }] });
      variants[key] = product.variantIds[0]!;
      const accessToken = fake.shops.createAccessToken(shops[key]);
      stores[key] = (await api<{ id: string }>("POST", `/customers/${customerId}/stores`, { platform: "shopify", name: key === "healthy" ? "Calm Posters" : "Zz Broken Shop", shopDomain: shops[key], accessToken })).id;
      await api("POST", `/stores/${stores[key]}/links`, { externalProductId: String(product.id), externalVariantId: String(variants[key]), productUid: "poster_a3", files: [{ type: "default", url: `${artwork.url}/art/poster.pdf` }] });
      if (key === "broken") fake.shops.revokeToken(accessToken);
    }
    await api("PATCH", `/stores/${stores.healthy}`, { approvalMode: "manual" });
    const held = fake.shops.placeOrder(shops.healthy, { lineItems: [{ variantId: variants.healthy!, quantity: 1 }], shippingAddress, financialStatus: "PAID", email: "ada@example.com" });
    fake.shops.placeOrder(shops.broken, { lineItems: [{ variantId: variants.broken!, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    await expect
      .poll(async () => (await api<{ data: Array<{ status: string }> }>("GET", `/webhook-events?storeId=${stores.broken}&status=failed`)).data.length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await api<{ data: Array<{ status: string; externalId: string }> }>("GET", `/orders?customerId=${customerId}&status=on_hold`)).data.length, { timeout: 30_000 })
      .toBe(1);

    await page.goto(`${app.url}/stores`);
    await page.waitForURL(/sign-in/);
    await page.getByLabel("Email").fill("admin@localhost");
    await page.getByLabel("Password").fill(app.adminPassword()!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.url}/stores`);
    const rows = page.locator("tr[data-store-id]");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().getAttribute("data-store-id")).toBe(stores.broken);
    expect(await rows.first().textContent()).toContain("reconnect the store");
    expect(await rows.nth(1).getAttribute("data-health")).toBe("warning");
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "stores-overview");

    await page.getByRole("link", { name: "Zz Broken Shop" }).click();
    await page.waitForURL(`${app.url}/customers/${customerId}/stores/${stores.broken}`);
    const failed = page.locator("li[data-status=failed]").first();
    await failed.getByRole("button", { name: "Show body" }).click();
    await expect.poll(() => failed.locator("pre").textContent()).toContain("•••");
    expect(await failed.locator("pre").textContent()).not.toContain("Lovelace");
    await failed.getByRole("button", { name: /Replay/ }).click();
    await expect.poll(() => page.getByText("Queued again").first().isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole("heading", { name: "Sync log" }).isVisible()).toBe(true);
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "store-broken");

    await page.goto(`${app.url}/customers/${customerId}/stores/${stores.healthy}`);
    const awaiting = page.getByRole("list", { name: "Orders awaiting approval" });
    expect(await awaiting.textContent()).toContain(held.name);
    await screenshotBoth(page, "store-awaiting-approval");
    await awaiting.getByRole("button", { name: /^Approve/ }).click();
    await expect.poll(async () => (await api<{ data: unknown[] }>("GET", `/orders?customerId=${customerId}&status=on_hold`)).data.length, { timeout: 15_000 }).toBe(0);
  });
});
