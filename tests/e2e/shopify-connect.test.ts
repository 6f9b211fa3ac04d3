import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp";
import { shippingAddress, shopifyApiKey, shopifyApiSecret } from "@/tests/support/shopify-store";
import { startShopifyFake, type ShopifyFake } from "@/connectors/shopify/fake";

// A customer admin connects a Shopify shop through Shopify's install screen (the fake's), links
// the variant of the shop's first order from that order, and staff ship it: the shop holds one
// fulfilment with the tracking number.

const shop = "acme-tees.myshopify.com";
const scopes = "read_orders,read_products,write_products,read_merchant_managed_fulfillment_orders,write_merchant_managed_fulfillment_orders";
const adaPassword = "ada's sturdy portal password";
const tracking = "JD014600006281";

let app: AppServer;
let artwork: ArtworkServer;
let smtp: SmtpSink;
let fake: ShopifyFake;
let browser: Browser;
let ada: Page;
let staff: Page;
let token: string;
let customerId: string;
let storeId: string;
let variantId: number;

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

async function shopOrders(): Promise<OrderView[]> {
  return (await api<{ data: OrderView[] }>("GET", `/orders?customerId=${customerId}&channel=shopify`)).data;
}

beforeAll(async () => {
  artwork = await startArtworkServer({ host: "127.0.0.1" });
  artwork.route("/art/tee-front.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  smtp = await startSmtpSink();
  fake = await startShopifyFake({ apiKey: shopifyApiKey, apiSecret: shopifyApiSecret, webhookDelivery: { retryDelaysMs: [200, 400, 800, 1600, 3200, 3200, 3200, 3200] } });
  fake.shops.createShop(shop, { name: "Acme Tees" });
  variantId = fake.shops.createProduct(shop, { title: "Navy tee", variants: [{ sku: "TEE-NAVY-M", price: "25", options: { Size: "M" } }] }).variantIds[0]!;
  app = await startAppServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`,
      PARTNER_NAME: "Northprint",
      SHOPIFY_API_KEY: shopifyApiKey,
      SHOPIFY_API_SECRET: shopifyApiSecret,
      SHOPIFY_SCOPES: scopes,
      SHOPIFY_API_ORIGIN: fake.origin,
      FILE_FETCH_HTTP: "on",
      FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`,
    },
  });
  const password = app.adminPassword()!;
  const minted = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`admin@localhost:${password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "shopify e2e" }),
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

describe("connecting a Shopify shop", () => {
  it("a customer admin connects the shop by OAuth through Shopify's install screen", async () => {
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
    expect(await ada.locator("main [data-platform=woocommerce]").textContent()).toContain("Connect WooCommerce");
    expect(await ada.locator("main [data-platform=etsy]").textContent()).toContain("Available");
    await screenshotBoth(ada, "shopify-1-stores-empty");
    await expectFitsBothWidths(ada);

    // Not a shop address: said plainly, nothing leaves for Shopify.
    await ada.getByLabel("Shop address").first().fill("not a shop!");
    await ada.getByRole("button", { name: "Connect Shopify" }).click();
    await ada.waitForURL(/\/portal\/stores\?error=bad_shop/);
    await ada.getByText("That is not a Shopify shop address.").waitFor();

    // The shop's name alone is enough; Shopify shows its install screen, then sends Ada back.
    await ada.getByLabel("Shop address").first().fill("acme-tees");
    await ada.getByRole("button", { name: "Connect Shopify" }).click();
    await ada.waitForURL((url) => url.href.startsWith(`${fake.origin.replace("{shop}", shop)}/admin/oauth/authorize`));
    const authorize = new URL(ada.url());
    expect(authorize.searchParams.get("client_id")).toBe(shopifyApiKey);
    expect(authorize.searchParams.get("scope")).toBe(scopes);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${app.url}/api/stores/shopify/callback`);
    const state = authorize.searchParams.get("state")!;
    expect(state.length).toBeGreaterThanOrEqual(40);
    const callbacks: string[] = [];
    ada.on("request", (request) => {
      if (request.url().startsWith(`${app.url}/api/stores/shopify/callback`)) callbacks.push(request.url());
    });
    await ada.getByRole("button", { name: "Install app" }).click();
    await ada.waitForURL(/\/portal\/stores\/sto_[a-z0-9]+\?connected=shopify$/);
    storeId = new URL(ada.url()).pathname.split("/").pop()!;
    await ada.getByText("Acme Tees is connected.").waitFor();
    await screenshotBoth(ada, "shopify-2-store-page");
    await expectFitsBothWidths(ada);

    const store = await api<{ customerId: string; shopDomain: string; status: string; approvalMode: string; health: { webhooks: string } }>("GET", `/stores/${storeId}`);
    expect(store).toMatchObject({ customerId, shopDomain: shop, status: "connected", approvalMode: "auto" });
    expect(store.health.webhooks).toBe("ok");
    expect(fake.shops.getShop(shop).subscriptions.size).toBeGreaterThan(0);

    // Shopify's signed redirect replayed: the state was single use, and the page says so.
    expect(callbacks).toHaveLength(1);
    await ada.goto(callbacks[0]!);
    await ada.waitForURL(/\/portal\/stores\?error=state/);
    await ada.getByText("This connection attempt has expired, was already used").waitFor();
    // A forged one (wrong signature) is refused before anything else.
    await ada.goto(`${app.url}/api/stores/shopify/callback?code=x&hmac=${"0".repeat(64)}&shop=${shop}&state=${state}&timestamp=${Math.floor(Date.now() / 1000)}`);
    await ada.waitForURL(/\/portal\/stores\?error=bad_callback/);
    await ada.getByText("Shopify's answer could not be verified").waitFor();
    expect((await api<{ data: unknown[] }>("GET", `/stores?customerId=${customerId}`)).data).toHaveLength(1);

    await ada.goto(`${app.url}/portal/stores`);
    const row = ada.locator(`main li[data-store-id='${storeId}']`);
    await row.waitFor();
    expect(await row.textContent()).toContain("Acme Tees");
    expect(await row.textContent()).toContain("Connected");
    await screenshotBoth(ada, "shopify-3-stores-list");
    await expectFitsBothWidths(ada);
  });

  it("the shop's paid order for an unlinked variant waits in not_connected and goes on once Ada links the variant", async () => {
    const placed = fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 2 }], shippingAddress, financialStatus: "PAID", email: "buyer@example.com" });
    await expect.poll(async () => (await shopOrders())[0]?.status, { timeout: 30_000 }).toBe("not_connected");
    const [order] = await shopOrders();
    expect(placed.name).toBe("#1001");
    expect(order).toMatchObject({ storeId, externalId: String(placed.id), customerReferenceId: placed.name });

    await ada.goto(`${app.url}/portal/orders`);
    await ada.getByRole("link", { name: new RegExp(placed.name) }).first().click();
    await ada.waitForURL(`${app.url}/portal/orders/${order!.id}`);
    await ada.getByRole("heading", { name: new RegExp(`Order ${placed.name}`) }).waitFor();
    expect(await ada.locator("main").textContent()).toContain("Acme Tees");
    expect(await ada.locator("main").textContent()).toContain("Navy tee");
    await ada.getByRole("button", { name: /Link this variant/ }).click();
    await screenshotBoth(ada, "shopify-4-order-not-connected");
    await expectFitsBothWidths(ada);

    await ada.getByLabel("Product").selectOption("tee_navy_m");
    await ada.getByLabel("Design file for front").fill(`${artwork.url}/art/tee-front.pdf`);
    await ada.getByRole("button", { name: "Link and process again" }).click();
    await ada.waitForURL(`${app.url}/portal/orders/${order!.id}?fixed=linked`);
    await ada.getByText("Linked. The order is being processed again").waitFor();
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${order!.id}`)).status, { timeout: 30_000 }).toBe("passed");
    expect(artwork.requests.some((request) => request.path === "/art/tee-front.pdf")).toBe(true);
    await ada.reload();
    await ada.getByText("tee_navy_m").first().waitFor();
  });

  it("with approval switched on, the next order waits on hold until Ada approves it", async () => {
    await ada.goto(`${app.url}/portal/stores/${storeId}`);
    await ada.getByRole("button", { name: "Hold new orders for approval" }).click();
    await ada.getByText("New orders now wait for your approval.").waitFor();
    expect((await api<{ approvalMode: string }>("GET", `/stores/${storeId}`)).approvalMode).toBe("manual");

    const placed = fake.shops.placeOrder(shop, { lineItems: [{ variantId, quantity: 1 }], shippingAddress, financialStatus: "PAID" });
    await expect.poll(async () => (await shopOrders()).find((order) => order.externalId === String(placed.id))?.status, { timeout: 30_000 }).toBe("on_hold");
    const held = (await shopOrders()).find((order) => order.externalId === String(placed.id))!;
    await ada.goto(`${app.url}/portal/orders/${held.id}`);
    await ada.getByText("Approve it below to send it to production.").waitFor();
    await ada.getByRole("button", { name: "Approve", exact: true }).click();
    await ada.waitForURL(`${app.url}/portal/orders/${held.id}?fixed=approved`);
    await ada.getByText("Approved: the order goes to production.").waitFor();
    expect((await api<OrderView>("GET", `/orders/${held.id}`)).status).toBe("passed");
    // Back to automatic for the rest.
    await ada.goto(`${app.url}/portal/stores/${storeId}`);
    await ada.getByRole("button", { name: "Send new orders on automatically" }).click();
    await ada.getByText("New orders now go to production by themselves.").waitFor();
  });

  it("staff connect a second shop for the customer with a custom-app token and disconnect it", async () => {
    const second = "acme-outlet.myshopify.com";
    fake.shops.createShop(second, { name: "Acme Outlet" });
    await staff.goto(`${app.url}/customers/${customerId}/stores`);
    await staff.getByRole("button", { name: "Use a custom-app token" }).click();
    await staff.locator("main input[name=shopDomain]").fill("https://acme-outlet.myshopify.com/admin");
    await staff.getByLabel("Admin API access token").fill("shpat_wrong");
    await staff.getByRole("button", { name: "Connect with token" }).click();
    await staff.getByText("Shopify refused the credentials").waitFor();
    await staff.getByLabel("Admin API access token").fill(fake.shops.createAccessToken(second));
    await staff.getByLabel("API secret key").fill(shopifyApiSecret);
    await staff.getByRole("button", { name: "Connect with token" }).click();
    await staff.getByText("Acme Outlet is connected.").waitFor();
    const outlet = (await api<{ data: Array<{ id: string; shopDomain: string }> }>("GET", `/stores?customerId=${customerId}`)).data.find((store) => store.shopDomain === second)!;
    expect(outlet).toBeTruthy();

    await staff.reload();
    const row = staff.locator(`main li[data-store-id='${outlet.id}']`);
    await row.getByRole("button", { name: "Disconnect" }).click();
    await row.getByRole("alertdialog").getByRole("button", { name: "Disconnect" }).click();
    await expect.poll(async () => (await api<{ status: string }>("GET", `/stores/${outlet.id}`)).status).toBe("disconnected");
    expect(fake.shops.getShop(second).subscriptions.size).toBe(0);
  });

  it("staff ship the order on the production board and the shop holds exactly one fulfilment with the tracking number", async () => {
    const order = (await shopOrders()).find((candidate) => candidate.customerReferenceId === "#1001");
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
    // The console shows the store on the customer's Stores tab and on the order.
    await staff.goto(`${app.url}/customers/${customerId}/stores`);
    await staff.locator(`main li[data-store-id='${storeId}']`).waitFor();
    await screenshotBoth(staff, "shopify-5-console-stores");
    await expectFitsBothWidths(staff);
    await staff.goto(`${app.url}/orders/${order!.id}`);
    await staff.getByText("Shopify · Acme Tees").first().waitFor();

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

    await expect.poll(() => fake.shops.listFulfillments(shop, reference).length, { timeout: 30_000 }).toBe(1);
    // A moment later still one: nothing is pushed twice.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const fulfilments = fake.shops.listFulfillments(shop, reference);
    expect(fulfilments).toHaveLength(1);
    expect(fulfilments[0]!.status).toBe("SUCCESS");
    expect(fulfilments[0]!.trackingInfo.map((info) => info.number)).toEqual([tracking]);
  });
});
