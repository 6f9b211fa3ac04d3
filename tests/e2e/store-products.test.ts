import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp";
import { shippingAddress, shopifyApiKey, shopifyApiSecret } from "@/tests/support/shopify-store";
import { startShopifyFake, type ShopifyFake } from "@/connectors/shopify/fake";

// A customer admin syncs a shop's products (watching the progress bar), links two variants by
// hand and 200 by CSV (two bad rows reported, nothing else changed), publishes a catalog product,
// and the order that waited for one of the variants goes on by itself.

const shop = "poster-house.myshopify.com";
const password = "ada's sturdy portal password";

let app: AppServer;
let artwork: ArtworkServer;
let smtp: SmtpSink;
let fake: ShopifyFake;
let browser: Browser;
let ada: Page;
let token: string;
let customerId: string;
let storeId: string;
const designs: Array<{ id: number; variantIds: number[] }> = [];

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
  smtp = await startSmtpSink();
  fake = await startShopifyFake({ apiKey: shopifyApiKey, apiSecret: shopifyApiSecret });
  fake.shops.createShop(shop, { name: "Poster House" });
  // 105 designs of 5 sizes: 525 variants, three pages.
  for (let index = 0; index < 105; index++) {
    designs.push(
      fake.shops.createProduct(shop, {
        title: `Design ${String(index).padStart(3, "0")}`,
        variants: ["XS", "S", "M", "L", "XL"].map((size) => ({ sku: `P${index}-${size}`, price: "20", options: { Size: size } })),
      }),
    );
  }
  app = await startAppServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`,
      PARTNER_NAME: "Northprint",
      SHOPIFY_API_KEY: shopifyApiKey,
      SHOPIFY_API_SECRET: shopifyApiSecret,
      SHOPIFY_API_ORIGIN: fake.origin,
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`,
    },
  });
  const minted = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`admin@localhost:${app.adminPassword()!}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "products e2e" }),
  });
  token = ((await minted.json()) as { token: string }).token;
  browser = await launchBrowser();
  ada = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
  await smtp?.close();
  await artwork?.close();
});

describe("store products", () => {
  it("a customer admin syncs, links by hand and by CSV, publishes, and the waiting order goes on", async () => {
    customerId = (await api<{ id: string }>("POST", "/customers", { name: "Poster House Ltd" })).id;
    await api("POST", "/products", { productUid: "poster_a3", title: "Poster A3", fileTypes: ["default"] });
    await api("POST", "/products", { productUid: "secret_mug", title: "Mug for others", fileTypes: ["default"] });
    await api("PUT", `/customers/${customerId}/catalog-access`, { mode: "selected", productUids: ["poster_a3"] });
    await api("POST", `/customers/${customerId}/storefront-access`, { email: "ada@poster.example", firstName: "Ada", lastName: "Lovelace" });
    const mail = await smtp.waitFor("ada@poster.example");
    const link = /http:\/\/localhost:\d+\/invite\/[A-Za-z0-9_-]{20,}/.exec(mail.text)?.[0];
    await ada.goto(link!);
    await ada.fill("input[name=password]", password);
    await ada.fill("input[name=confirm]", password);
    await ada.click("button[type=submit]");
    await ada.waitForURL(`${app.url}/portal`);

    const store = await api<{ id: string }>("POST", `/customers/${customerId}/stores`, { platform: "shopify", shopDomain: shop, accessToken: fake.shops.createAccessToken(shop), registerWebhooks: false });
    storeId = store.id;
    // The connect's own sync first, then an order for a variant nobody linked yet.
    await expect.poll(async () => (await api<{ total: number }>("GET", `/stores/${storeId}/variants?limit=1`)).total, { timeout: 60_000 }).toBe(525);
    const waitingVariant = designs[0]!.variantIds[2]!;
    fake.shops.placeOrder(shop, { lineItems: [{ variantId: waitingVariant, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    await api("POST", `/stores/${storeId}:sync`);
    const orders = async () => (await api<{ data: Array<{ id: string; status: string; statusReason: string | null }> }>("GET", `/orders?customerId=${customerId}&channel=shopify`)).data;
    await expect.poll(async () => (await orders())[0]?.status, { timeout: 30_000 }).toBe("not_connected");

    // Sync again from the page, slowly enough to watch: the budget refills at 300 points a second.
    fake.shops.setThrottle(shop, { currentlyAvailable: 0, restoreRate: 300 });
    await ada.goto(`${app.url}/portal/stores/${storeId}/products`);
    await ada.getByRole("heading", { name: "Products" }).waitFor();
    await ada.getByRole("button", { name: "Sync products" }).click();
    await ada.getByRole("progressbar", { name: "Product sync" }).waitFor({ timeout: 30_000 });
    await ada.getByText(/Products synced .* \(525 variants\)/).waitFor({ timeout: 60_000 });
    fake.shops.setThrottle(shop, { restoreRate: 100_000, currentlyAvailable: 2000 });

    // Two variants by hand, the first one the order waits for.
    for (const sku of ["P0-M", "P1-M"]) {
      await ada.goto(`${app.url}/portal/stores/${storeId}/products?q=${sku}`);
      await ada.getByRole("button", { name: /Link this variant/ }).click();
      await ada.getByLabel("Product", { exact: true }).selectOption("poster_a3");
      await ada.getByLabel("Design file for default").fill(`${artwork.url}/art/poster.pdf`);
      await ada.getByRole("button", { name: "Link and process again" }).click();
      await ada.getByText("Linked. The order is being processed again").waitFor();
    }
    await expect.poll(async () => (await orders())[0]?.status, { timeout: 30_000 }).toBe("passed");

    // 200 by CSV: the file as downloaded from the page, filled in, two rows wrong.
    const download = await ada.request.get(`${app.url}/portal/stores/${storeId}/products/links.csv`);
    expect(download.status()).toBe(200);
    const rows = parse(await download.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(525);
    const chosen = rows.filter((row) => !row.productUid).slice(0, 200);
    for (const row of chosen) {
      row.productUid = "poster_a3";
      row.designFileUrl = `${artwork.url}/art/poster.pdf`;
    }
    const behalfSku = rows.find((row) => !row.productUid)!.sku!;
    chosen[7]!.productUid = "secret_mug";
    chosen[120]!.designFileUrl = "not a url";
    await ada.goto(`${app.url}/portal/stores/${storeId}/products`);
    // Remembers every progress bar the upload shows, however briefly.
    await ada.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { progressBars: Set<string> }).progressBars = seen;
      new MutationObserver(() => document.querySelectorAll("[role=progressbar]").forEach((bar) => seen.add(bar.getAttribute("aria-label") ?? ""))).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
      });
    });
    await ada.getByLabel("Links CSV file").setInputFiles({ name: "links.csv", mimeType: "text/csv", buffer: Buffer.from(stringify(rows, { header: true, columns: Object.keys(rows[0]!) })) });
    await ada.getByRole("button", { name: "Upload links" }).click();
    await ada.getByText(/198 linked, 2 unchanged, 2 rows with errors/).waitFor({ timeout: 60_000 });
    const report = ada.getByTestId("links-import-report");
    expect(await report.textContent()).toContain("secret_mug is not available to this customer");
    expect(await report.locator("tbody tr").count()).toBe(2);
    expect(await ada.evaluate(() => [...(window as unknown as { progressBars: Set<string> }).progressBars])).toContain("Uploading");
    await screenshotBoth(ada, "store-products-portal");
    const linked = await api<{ total: number }>("GET", `/stores/${storeId}/variants?linked=true&limit=1`);
    expect(linked.total).toBe(200);

    // Publish a catalog product, linked at once.
    await ada.getByText("Publish a catalog product to the shop").click();
    await ada.getByLabel("Title in the shop").fill("Harbour at dusk");
    await ada.getByLabel("Price").fill("29.00");
    await ada.getByLabel("Options").fill("Size: A3, A2");
    await ada.getByLabel("Design file to publish for default").fill(`${artwork.url}/art/poster.pdf`);
    await ada.getByRole("button", { name: "Publish to the shop" }).click();
    await ada.getByText("Published with 2 variants, linked to poster_a3.").waitFor({ timeout: 30_000 });
    const published = await api<{ data: Array<{ sku: string; state: string }> }>("GET", `/stores/${storeId}/variants?q=Harbour`);
    expect(published.data.map((variant) => [variant.sku, variant.state]).sort()).toEqual([
      ["POSTER-A3-A2", "linked"],
      ["POSTER-A3-A3", "linked"],
    ]);

    // Staff see the same variants read-only, and link one on the customer's behalf.
    const staff = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await staff.goto(`${app.url}/sign-in`);
    await staff.fill("input[name=email]", "admin@localhost");
    await staff.fill("input[name=password]", app.adminPassword()!);
    await staff.click("button[type=submit]");
    await staff.waitForURL(`${app.url}/`);
    await staff.goto(`${app.url}/customers/${customerId}/stores/${storeId}`);
    await staff.locator(`a[href="/customers/${customerId}/stores/${storeId}/products"]`).click();
    await staff.getByRole("link", { name: "Link on behalf" }).waitFor();
    await staff.goto(`${app.url}/customers/${customerId}/stores/${storeId}/products?q=${behalfSku}`);
    await staff.getByText(behalfSku, { exact: true }).waitFor();
    expect(await staff.getByRole("button", { name: /Link this variant/ }).count()).toBe(0);
    await staff.getByRole("link", { name: "Link on behalf" }).click();
    await staff.getByText("You are linking on the customer's behalf").waitFor();
    await staff.getByRole("button", { name: /Link this variant/ }).click();
    await staff.getByLabel("Product", { exact: true }).selectOption("poster_a3");
    await staff.getByLabel("Design file for default").fill(`${artwork.url}/art/poster.pdf`);
    await staff.getByRole("button", { name: "Link and process again" }).click();
    await staff.getByText("Linked on the customer's behalf").waitFor();
    expect((await api<{ data: Array<{ state: string }> }>("GET", `/stores/${storeId}/variants?q=${behalfSku}`)).data[0]!.state).toBe("linked");
    await screenshotBoth(staff, "store-products-console");

    // The console's CSV upload streams its phases, then the report: a good row linked, an unknown variant refused.
    const [unlinked] = (await api<{ data: Array<{ externalProductId: string; externalVariantId: string; sku: string }> }>("GET", `/stores/${storeId}/variants?linked=false&limit=1`)).data;
    const consoleCsv = stringify(
      [
        [storeId, unlinked!.externalProductId, unlinked!.externalVariantId, unlinked!.sku, "", "poster_a3", `${artwork.url}/art/poster.pdf`],
        [storeId, unlinked!.externalProductId, "999999999", "", "", "poster_a3", `${artwork.url}/art/poster.pdf`],
      ],
      { header: true, columns: ["storeId", "productId", "variantId", "sku", "title", "productUid", "designFileUrl"] },
    );
    const upload = await staff.request.post(`${app.url}/customers/${customerId}/stores/${storeId}/products/links.csv`, { headers: { "content-type": "text/csv" }, data: consoleCsv });
    expect(upload.headers()["content-type"]).toContain("application/x-ndjson");
    const events = (await upload.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; phase?: string; result?: unknown });
    expect(new Set(events.filter((event) => event.type === "progress").map((event) => event.phase))).toEqual(new Set(["checking", "files", "writing"]));
    expect(events.at(-1)).toMatchObject({ type: "done", result: { linked: 1, unchanged: 0, errors: [{ row: 3, message: expect.stringContaining("unknown variant") }] } });
  });
});
