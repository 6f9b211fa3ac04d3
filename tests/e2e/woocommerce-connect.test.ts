import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp";
import { startWooFake, type WooFake } from "@/connectors/woocommerce/fake";

// A customer admin connects a WooCommerce site through its key screen (the fake's wc-auth), links
// the variation of the site's first paid order from that order, and staff ship it: the site holds
// one customer note with the tracking number and the order is completed.

const adaPassword = "ada's sturdy portal password";
const tracking = "JD014600009999";
const shipping = { first_name: "Ada", last_name: "Lovelace", address_1: "12 St James's Square", city: "London", postcode: "SW1Y 4JH", country: "GB" };

let app: AppServer;
let artwork: ArtworkServer;
let smtp: SmtpSink;
let fake: WooFake;
let browser: Browser;
let ada: Page;
let staff: Page;
let token: string;
let customerId: string;
let storeId: string;
let tee: { productId: number; variationId: number };

type OrderView = { id: string; status: string; externalId: string; storeId: string | null; customerReferenceId: string | null };

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

async function shopOrders(): Promise<OrderView[]> {
  return (await api<{ data: OrderView[] }>("GET", `/orders?customerId=${customerId}&channel=woocommerce`)).data;
}

beforeAll(async () => {
  artwork = await startArtworkServer({ host: "127.0.0.1" });
  artwork.route("/art/tee-front.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  smtp = await startSmtpSink();
  // The app runs on http://localhost here, so the fake accepts a plain-http callback_url.
  fake = await startWooFake({ siteName: "Acme Woo Tees", requireHttpsCallback: false, webhookDelivery: { delayMs: 50, timeoutMs: 30_000 } });
  const product = fake.site.createProduct({ name: "Navy tee", attributes: [{ name: "Size", options: ["M"] }], variations: [{ sku: "WOO-TEE-NAVY-M", regularPrice: "25.00", attributes: { Size: "M" } }] });
  tee = { productId: product.id, variationId: product.variationIds[0]! };
  app = await startAppServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`,
      PARTNER_NAME: "Northprint",
      SHOP_FETCH_ALLOW: new URL(fake.siteUrl).host,
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`,
    },
  });
  const password = app.adminPassword()!;
  const minted = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`admin@localhost:${password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "woocommerce e2e" }),
  });
  token = ((await minted.json()) as { token: string }).token;

  browser = await launchBrowser();
  ada = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  staff = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await staff.goto(`${app.url}/sign-in`);
  await staff.getByLabel("Email").fill("admin@localhost");
  await staff.getByLabel("Password").fill(password);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await staff.waitForURL(`${app.url}/`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
  await smtp?.close();
  await artwork?.close();
});

describe("connecting a WooCommerce site", () => {
  it("a customer admin connects the site through WooCommerce's key screen", async () => {
    customerId = (await api<{ id: string }>("POST", "/customers", { name: "Acme Woo Tees Ltd" })).id;
    await api("POST", "/products", { productUid: "tee_navy_m", title: "T-shirt, navy, M", fileTypes: ["front"] });
    await api("PUT", `/customers/${customerId}/catalog-access`, { mode: "selected", productUids: ["tee_navy_m"] });
    await api("POST", `/customers/${customerId}/storefront-access`, { email: "ada@acme.example", firstName: "Ada", lastName: "Lovelace" });
    const mail = await smtp.waitFor("ada@acme.example");
    const link = /http:\/\/localhost:\d+\/invite\/[A-Za-z0-9_-]{20,}/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeTruthy();
    await ada.goto(link!);
    await ada.fill("input[name=password]", adaPassword);
    await ada.fill("input[name=confirm]", adaPassword);
    await ada.click("button[type=submit]");
    await ada.waitForURL(`${app.url}/portal`);

    await ada.click("aside a:has-text('Stores')");
    await ada.getByRole("heading", { name: "No shops connected yet" }).waitFor();
    const card = ada.locator("main [data-platform=woocommerce]");
    expect(await card.textContent()).toContain("Available");
    await card.getByRole("button", { name: "Enter REST API keys" }).click();
    await card.getByText("WooCommerce → Settings → Advanced → REST API").first().waitFor();
    await screenshotBoth(ada, "woocommerce-1-connect-card");
    await expectFitsBothWidths(ada);
    await card.getByRole("button", { name: "Cancel" }).click();

    // Not a site address: said plainly, nothing leaves for the site.
    await card.getByLabel("Site address").fill("not a site!");
    await card.getByRole("button", { name: "Connect WooCommerce" }).click();
    await ada.waitForURL(/\/portal\/stores\?woocommerce=error&error=bad_site/);
    await ada.getByText("That is not a site address.").waitFor();

    // The site's address; WooCommerce shows its key screen, posts the keys, and sends Ada back.
    await ada.locator("main [data-platform=woocommerce]").getByLabel("Site address").fill(`${fake.siteUrl}/`);
    await ada.locator("main [data-platform=woocommerce]").getByRole("button", { name: "Connect WooCommerce" }).click();
    await ada.waitForURL((url) => url.href.startsWith(`${fake.siteUrl}/wc-auth/v1/authorize`));
    const authorize = new URL(ada.url());
    expect(authorize.searchParams.get("scope")).toBe("read_write");
    expect(authorize.searchParams.get("callback_url")).toBe(`${app.url}/api/stores/woocommerce/keys`);
    expect(authorize.searchParams.get("return_url")).toBe(`${app.url}/portal/stores?woocommerce=returned`);
    const userId = authorize.searchParams.get("user_id")!;
    expect(userId.length).toBeGreaterThanOrEqual(40);
    await screenshotBoth(ada, "woocommerce-2-key-screen");
    await ada.locator("#approve").click();
    await ada.waitForURL(/\/portal\/stores\/sto_[a-z0-9]+\?connected=woocommerce$/);
    storeId = new URL(ada.url()).pathname.split("/").pop()!;
    await ada.getByText("Acme Woo Tees is connected.").waitFor();
    await screenshotBoth(ada, "woocommerce-3-store-page");
    await expectFitsBothWidths(ada);

    const store = await api<{ customerId: string; siteUrl: string; status: string; webhookUrl: string; health: { webhooks: string } }>("GET", `/stores/${storeId}`);
    expect(store).toMatchObject({ customerId, siteUrl: fake.siteUrl, status: "connected", webhookUrl: `${app.url}/api/webhooks/woocommerce/${storeId}` });
    expect(store.health.webhooks).toBe("ok");
    const webhooks = [...fake.site.webhooks.values()].filter((webhook) => webhook.deliveryUrl === store.webhookUrl);
    expect(webhooks.map((webhook) => webhook.topic)).toEqual(expect.arrayContaining(["order.created", "order.updated"]));
    expect(webhooks.every((webhook) => webhook.status === "active")).toBe(true);
    expect(fake.site.keys.size).toBe(1);

    // The keys posted again for the same user_id: refused, nothing changes.
    const replay = await fetch(`${app.url}/api/stores/woocommerce/keys`, {
      method: "POST",
      headers: { "content-type": "application/json;charset=UTF-8" },
      body: JSON.stringify({ key_id: 99, user_id: userId, consumer_key: `ck_${"a".repeat(40)}`, consumer_secret: `cs_${"b".repeat(40)}`, key_permissions: "read_write" }),
    });
    expect(replay.status).toBe(400);
    expect((await api<{ data: unknown[] }>("GET", `/stores?customerId=${customerId}`)).data).toHaveLength(1);

    await ada.goto(`${app.url}/portal/stores`);
    const row = ada.locator(`main li[data-store-id='${storeId}']`);
    await row.waitFor();
    expect(await row.textContent()).toContain("Acme Woo Tees");
    expect(await row.textContent()).toContain("Connected");
    await screenshotBoth(ada, "woocommerce-4-stores-list");
    await expectFitsBothWidths(ada);
  });

  it("the site's processing order for an unlinked variation waits in not_connected and goes on once Ada links it", async () => {
    const placed = fake.site.placeOrder({ lines: [{ productId: tee.productId, variationId: tee.variationId, quantity: 2 }], shipping, status: "processing" });
    await expect.poll(async () => (await shopOrders())[0]?.status, { timeout: 30_000 }).toBe("not_connected");
    const [order] = await shopOrders();
    expect(order).toMatchObject({ storeId, externalId: String(placed.id) });

    await ada.goto(`${app.url}/portal/orders/${order!.id}`);
    expect(await ada.locator("main").textContent()).toContain("Acme Woo Tees");
    expect(await ada.locator("main").textContent()).toContain("Navy tee");
    await ada.getByRole("button", { name: /Link this variant/ }).click();
    await screenshotBoth(ada, "woocommerce-5-order-not-connected");
    await expectFitsBothWidths(ada);
    await ada.getByLabel("Product").selectOption("tee_navy_m");
    await ada.getByLabel("Design file for front").fill(`${artwork.url}/art/tee-front.pdf`);
    await ada.getByRole("button", { name: "Link and process again" }).click();
    await ada.waitForURL(`${app.url}/portal/orders/${order!.id}?fixed=linked`);
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${order!.id}`)).status, { timeout: 30_000 }).toBe("passed");
  });

  it("staff ship the order on the production board; the site holds one note with the tracking and the order is completed", async () => {
    const [order] = await shopOrders();
    const reference = order!.externalId;
    const move = async (button: string, confirmation: string) => {
      await staff.getByRole("checkbox", { name: `Select order ${reference}` }).check();
      await staff.getByRole("button", { name: button, exact: true }).click();
      await staff.getByText(confirmation).waitFor();
    };
    const openStage = async (label: RegExp) => {
      await staff.getByRole("navigation", { name: "Stages" }).getByRole("link", { name: label }).click();
      await staff.waitForURL(/\/production\?/);
    };
    await staff.goto(`${app.url}/customers/${customerId}/stores`);
    await staff.locator(`main li[data-store-id='${storeId}']`).waitFor();
    await staff.getByRole("button", { name: "Enter REST API keys" }).click();
    await screenshotBoth(staff, "woocommerce-6-console-stores");
    await expectFitsBothWidths(staff);

    await staff.goto(`${app.url}/production`);
    await staff.getByRole("link", { name: reference }).waitFor();
    await move("Start production", "1 order started.");
    await openStage(/^In production/);
    await staff.getByRole("link", { name: reference }).waitFor();
    await move("Mark printed", "1 order marked printed.");
    await openStage(/^Printed/);
    await staff.getByRole("link", { name: reference }).waitFor();
    await staff.getByLabel(`Carrier for ${reference}`).fill("DHL Express");
    await staff.getByLabel(`Tracking code for ${reference}`).fill(tracking);
    await move("Ship selected", "1 order shipped.");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${order!.id}`)).status).toBe("shipped");

    const siteOrder = () => fake.site.getOrder(Number(reference));
    await expect.poll(() => siteOrder().status, { timeout: 30_000 }).toBe("completed");
    // A moment later still one note: nothing is pushed twice.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const notes = siteOrder().notes.filter((note) => note.note.includes(tracking));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.customerNote).toBe(true);
    expect(notes[0]!.note).toContain("DHL Express");
    expect(siteOrder().trackings.map((entry) => entry.trackingNumber)).toEqual([tracking]);
  });
});
