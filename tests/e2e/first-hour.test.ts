import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser, screenshotBoth } from "@/tests/support/browser";

// A newcomer's first hour on a fresh install, with the default (strict) artwork fetcher: sign in,
// create a customer and a Gelato API, run the example exactly as shown, see the order pass; then
// an order with a broken file URL fails and is fixed from its page; storefront access without SMTP
// points to the invitation in Settings → Mail. Every step is saved at 1280 and 390 px.

const run = promisify(execFile);
const admin = { email: "first-hour@example.com", password: "a long first hour password" };

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // A first start from nothing: initdb and every migration, as on a newcomer's machine.
  server = await startAppServer({ freshDatabase: true, env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shoot(name: string) {
  await page.waitForLoadState("networkidle");
  await page.mouse.move(0, 0);
  await screenshotBoth(page, `first-hour-${name}`);
}

/** Reloads the order page until its heading shows the status. */
async function waitForStatus(label: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if ((await page.locator("h1").textContent())?.includes(label)) return;
    if (Date.now() > deadline) throw new Error(`the order did not become ${label}: ${await page.locator("h1").textContent()}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await page.reload();
  }
}

describe("the first hour", () => {
  let example = "";
  let gelatoId = "";
  let connectorPath = "";
  let secret = "";
  let customerPath = "";

  it("signs in", async () => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await shoot("01-sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
  });

  it("creates a customer and a Gelato API, landing on its page with the secret shown once", async () => {
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill("Northwind Prints");
    await page.getByLabel("Reference id").fill("NW-1");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/customers\/cus_[^/]+$/);
    customerPath = new URL(page.url()).pathname;
    await page.getByRole("link", { name: "Order APIs" }).click();
    await page.getByRole("link", { name: "New order API" }).first().click();
    await page.getByText("Gelato API", { exact: true }).click();
    await page.getByLabel("Name").fill("Shop backend");
    await shoot("02-new-order-api");
    await page.getByRole("button", { name: "Create order API" }).click();
    await page.waitForURL(/\/order-apis\/con_[^/]+$/);
    connectorPath = new URL(page.url()).pathname;
    await page.getByText("Copy the secret now: it will not be shown again.").waitFor();
    await expect(page.getByText("Gelato API “Shop backend” created.").isVisible()).resolves.toBe(true);
    secret = (await page.locator("div", { has: page.getByRole("button", { name: /^Copy secret:/ }) }).last().locator("code").first().textContent())?.trim() ?? "";
    expect(secret.length).toBeGreaterThan(30);
    await expect(page.getByLabel("Example", { exact: true }).textContent()).resolves.toContain("YOUR_PRODUCT_UID");
    await shoot("03-secret-empty-catalog");
  });

  it("adds a sample product in one click; the example is then complete and the secret still shown", async () => {
    await page.getByRole("button", { name: "Add a sample product" }).click();
    await page.getByText(/Added “Sample poster A4, matte”/).waitFor();
    await expect.poll(() => page.getByLabel("Example", { exact: true }).textContent()).toContain('"productUid": "sample_poster_a4_matte"');
    example = (await page.getByLabel("Example", { exact: true }).textContent()) ?? "";
    expect(example).toContain(`:${secret}`);
    expect(example).toContain(`${server.url}/samples/inkbridge-sample-poster.pdf`);
    expect(example).not.toMatch(/YOUR_|example\.com\/artwork/);
    await page.getByRole("button", { name: /^Copy example/ }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(example);
    await shoot("04-example-ready");
  });

  it("a reload shows the connector without the secret, not an empty form", async () => {
    await page.reload();
    expect(new URL(page.url()).pathname).toBe(connectorPath);
    await page.getByText("The secret was shown once").waitFor();
    await expect(page.content()).resolves.not.toContain(secret);
  });

  it("the example, run as shown with curl, gives an order that passes", async () => {
    const { stdout } = await run("bash", ["-c", example]);
    const created = JSON.parse(stdout) as { id: string; orderReferenceId: string };
    expect(created.orderReferenceId).toBe("test-order-1");
    gelatoId = created.id;
    expect(gelatoId).toMatch(/^[0-9a-f-]{36}$/);

    await page.goto("/orders");
    await page.getByPlaceholder(/Gelato id/).fill(gelatoId);
    await page.getByPlaceholder(/Gelato id/).press("Enter");
    await page.waitForURL(/q=/);
    await page.getByRole("link", { name: "test-order-1" }).first().click();
    await page.waitForURL(/\/orders\/ord_/);
    await waitForStatus("Passed");
    await expect(page.getByText(gelatoId).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { name: "Fix this order" }).count()).resolves.toBe(0);
    await shoot("05-order-passed");
  });

  it("an order with a broken file URL fails, and staff fix it from the order page", async () => {
    const broken = example.replace("test-order-1", "test-order-2").replace("/samples/inkbridge-sample-poster.pdf", "/samples/missing-poster.pdf");
    await run("bash", ["-c", broken]);
    await page.goto("/orders?q=test-order-2");
    await page.getByRole("link", { name: "test-order-2" }).first().click();
    await page.waitForURL(/\/orders\/ord_/);
    await waitForStatus("Failed");
    await page.getByRole("heading", { name: "Fix this order" }).waitFor();
    await expect(page.getByText(/missing-poster\.pdf uses http, but only https is allowed/).first().isVisible()).resolves.toBe(true);
    await shoot("06-order-failed");

    await page.getByRole("button", { name: "Process again", exact: true }).click();
    await page.getByText(/Processed again, but the order is still failed/).waitFor();
    await shoot("07-retry-still-failed");

    await page.getByLabel(/New URL/).fill(`${server.url}/samples/inkbridge-sample-poster.pdf`);
    await page.getByRole("button", { name: "Replace and process again" }).click();
    await page.getByText("File replaced and processed again: all checks passed; the order is ready for production.").waitFor();
    await shoot("08-order-fixed");
    await waitForStatus("Passed");
    await expect(page.getByText("The default file of item test-item-1 was replaced with inkbridge-sample-poster.pdf; processing again").isVisible()).resolves.toBe(true);
  });

  it("enables storefront access without SMTP and follows the console's pointer to the invitation in Settings → Mail", async () => {
    await page.goto(`${customerPath}/storefront`);
    await page.getByLabel("Admin's first name").fill("Nora");
    await page.getByLabel("Admin's last name").fill("Wind");
    await page.getByLabel("Admin's email").fill("nora@northwind.example");
    await shoot("09-storefront-access");
    await page.getByRole("button", { name: "Enable access and send invitation" }).click();
    const pointer = page.getByRole("link", { name: "Settings → Mail" });
    await pointer.waitFor();
    await shoot("10-storefront-invited");

    await pointer.click();
    await page.waitForURL((url) => url.pathname === "/settings/mail");
    const row = page.locator("tbody tr", { hasText: "nora@northwind.example" });
    await expect(row.count()).resolves.toBe(1);
    await shoot("11-mail-outbox");
    await row.getByRole("link").click();
    await page.waitForURL(/\/settings\/mail\/mail_/);
    const text = (await page.getByTestId("mail-text").textContent()) ?? "";
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(link, text).toBeTruthy();
    await expect(page.frameLocator("iframe[title='Mail message']").getByRole("link", { name: "Choose your password" }).getAttribute("href")).resolves.toBe(link);
    await shoot("12-invitation-mail");
  });
});
