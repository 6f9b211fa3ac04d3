import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp";
import { startEtsyFake, type EtsyFake } from "@/connectors/etsy/fake";

// A customer admin connects an Etsy shop through Etsy's grant page (the fake's, with its PKCE
// check), a paid receipt arrives on "Sync now", Ada links its variant from the waiting order, and
// staff ship it: the fake holds one shipment with the tracking code.

const keystring = "northprintetsykeystring1";
const sharedSecret = "northprint-etsy-shared-secret";
const adaPassword = "ada's sturdy portal password";
const tracking = "9400111899223344556677";

let app: AppServer;
let artwork: ArtworkServer;
let smtp: SmtpSink;
let fake: EtsyFake;
let browser: Browser;
let ada: Page;
let staff: Page;
let token: string;
let customerId: string;
let storeId: string;
let shopId: number;
let listingId: number;

type OrderView = { id: string; status: string; externalId: string; storeId: string | null; customerReferenceId: string | null; statusReason: string | null };

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

async function etsyOrders(): Promise<OrderView[]> {
  return (await api<{ data: OrderView[] }>("GET", `/orders?customerId=${customerId}&channel=etsy`)).data;
}

beforeAll(async () => {
  artwork = await startArtworkServer({ host: "127.0.0.1" });
  artwork.route("/art/tee-front.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  smtp = await startSmtpSink();
  fake = await startEtsyFake({ keystring, sharedSecret, allowHttpRedirects: true });
  const made = fake.world.createUserWithShop({ shopName: "AcmeTeesCo" });
  shopId = made.shop.shop_id;
  listingId = fake.world.createListing(shopId, { title: "Navy tee", products: [{ sku: "TEE-NAVY-M", price: "25", properties: { Size: "M" } }] }).listingId;
  app = await startAppServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`,
      PARTNER_NAME: "Northprint",
      ETSY_KEYSTRING: keystring,
      ETSY_SHARED_SECRET: sharedSecret,
      ETSY_API_ORIGIN: fake.origin,
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`,
    },
  });
  const password = app.adminPassword()!;
  const minted = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`admin@localhost:${password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "etsy e2e" }),
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

describe("connecting an Etsy shop", () => {
  it("a customer admin connects the shop through Etsy's grant page (OAuth with PKCE)", async () => {
    customerId = (await api<{ id: string }>("POST", "/customers", { name: "Acme Tees Ltd" })).id;
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
    const card = ada.locator("main [data-platform=etsy]");
    expect(await card.textContent()).toContain("Available");
    await screenshotBoth(ada, "etsy-1-stores-empty");
    await expectFitsBothWidths(ada);

    await card.getByRole("link", { name: "Connect Etsy" }).click();
    await ada.waitForURL((url) => url.href.startsWith(`${fake.origin}/oauth/connect`) || url.searchParams.has("error"));
    expect(ada.url(), await ada.locator("body").innerText()).toContain(`${fake.origin}/oauth/connect`);
    const connect = new URL(ada.url());
    expect(connect.searchParams.get("client_id")).toBe(keystring);
    expect(connect.searchParams.get("scope")).toBe("transactions_r transactions_w listings_r listings_w shops_r");
    expect(connect.searchParams.get("redirect_uri")).toBe(`${app.url}/api/stores/etsy/callback`);
    expect(connect.searchParams.get("code_challenge_method")).toBe("S256");
    expect(connect.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const callbacks: string[] = [];
    ada.on("request", (request) => {
      if (request.url().startsWith(`${app.url}/api/stores/etsy/callback`)) callbacks.push(request.url());
    });
    await ada.getByRole("button", { name: "Allow Access" }).click();
    await ada.waitForURL(/\/portal\/stores\/sto_[a-z0-9]+\?connected=etsy$/);
    storeId = new URL(ada.url()).pathname.split("/").pop()!;
    await ada.getByText("AcmeTeesCo is connected.").waitFor();

    const store = await api<{ customerId: string; shopId: string; status: string; health: { webhooks: string } }>("GET", `/stores/${storeId}`);
    expect(store).toMatchObject({ customerId, shopId: String(shopId), status: "connected" });
    expect(store.health.webhooks).toBe("not_managed");

    // The redirect replayed: the state was single use.
    expect(callbacks).toHaveLength(1);
    await ada.goto(callbacks[0]!);
    await ada.waitForURL(/\/portal\/stores\?error=etsy_state/);
    await ada.getByText("This connection attempt has expired, was already used").waitFor();
    expect((await api<{ data: unknown[] }>("GET", `/stores?customerId=${customerId}`)).data).toHaveLength(1);
  });

  it("a paid receipt arrives on Sync now and waits in not_connected until Ada links its variant", async () => {
    const receipt = fake.world.placeReceipt(shopId, { lines: [{ listingId, quantity: 2 }], paid: true });
    await ada.goto(`${app.url}/portal/stores/${storeId}`);
    await ada.getByRole("form", { name: "Sync AcmeTeesCo now" }).getByRole("button", { name: "Sync now" }).click();
    await expect.poll(async () => (await etsyOrders())[0]?.status, { timeout: 30_000 }).toBe("not_connected");
    const [order] = await etsyOrders();
    expect(order).toMatchObject({ storeId, externalId: String(receipt.receipt_id), customerReferenceId: `#${receipt.receipt_id}` });
    await ada.reload();
    await ada.getByText("Etsy calls today").waitFor();
    await screenshotBoth(ada, "etsy-2-store-page");
    await expectFitsBothWidths(ada);

    await ada.goto(`${app.url}/portal/orders/${order!.id}`);
    await ada.getByRole("heading", { name: new RegExp(`Order #${receipt.receipt_id}`) }).waitFor();
    expect(await ada.locator("main").textContent()).toContain("Navy tee");
    await ada.getByRole("button", { name: /Link this variant/ }).click();
    await ada.getByLabel("Product").selectOption("tee_navy_m");
    await ada.getByLabel("Design file for front").fill(`${artwork.url}/art/tee-front.pdf`);
    await ada.getByRole("button", { name: "Link and process again" }).click();
    await ada.waitForURL(`${app.url}/portal/orders/${order!.id}?fixed=linked`);
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${order!.id}`)).status, { timeout: 30_000 }).toBe("passed");
  });

  it("staff ship the order on the production board and Etsy holds one shipment with the tracking code", async () => {
    const [order] = await etsyOrders();
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
    await staff.getByRole("link", { name: "Connect Etsy" }).waitFor();
    await screenshotBoth(staff, "etsy-3-console-stores");
    await expectFitsBothWidths(staff);

    await staff.goto(`${app.url}/production`);
    await staff.getByRole("link", { name: reference }).waitFor();
    await move("Start production", "1 order started.");
    await openStage(/^In production/);
    await staff.getByRole("link", { name: reference }).waitFor();
    await move("Mark printed", "1 order marked printed.");
    await openStage(/^Printed/);
    await staff.getByRole("link", { name: reference }).waitFor();
    await staff.getByLabel(`Carrier for ${reference}`).fill("USPS");
    await staff.getByLabel(`Tracking code for ${reference}`).fill(tracking);
    await move("Ship selected", "1 order shipped.");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${order!.id}`)).status).toBe("shipped");

    await expect.poll(() => fake.world.findReceipt(Number(reference))!.shipments.length, { timeout: 30_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const shipments = fake.world.findReceipt(Number(reference))!.shipments;
    expect(shipments).toHaveLength(1);
    expect(shipments[0]!.tracking_code).toBe(tracking);
  });
});
