import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";

let server: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(path: string, name: string, heading: string | RegExp, status = 200): Promise<void> {
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status(), path).toBe(status);
  await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toMatch(heading);
  await expectFitsBothWidths(page);
  await screenshotBoth(page, `console-${name}`);
}

describe("the partner console in a browser", () => {
  let customerUrl = "";

  it("redirects to sign-in and signs the bootstrap admin in", async () => {
    await page.goto(`${server.url}/customers`);
    await page.waitForURL(/\/sign-in\?callbackUrl=%2Fcustomers/);
    await screenshotBoth(page, "console-sign-in");

    await page.getByLabel("Email").fill("admin@localhost");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent()).toContain("The email or password is not correct.");
    await screenshotBoth(page, "console-sign-in-error");

    const password = server.adminPassword();
    expect(password, "the first start prints the admin password").toBeTruthy();
    await page.getByLabel("Password").fill(password!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/customers`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Customers");
  });

  it("shows the dashboard and an empty customer list that says what to do", async () => {
    await visit("/", "dashboard", /Welcome to Inkbridge/);
    await visit("/customers", "customers-empty", "Customers");
    await expect.poll(() => page.getByText("No customers yet").isVisible()).toBe(true);
  });

  it("creates a customer and refuses a duplicate reference id with the field named", async () => {
    await page.getByRole("link", { name: "Create your first customer" }).click();
    await page.waitForURL(`${server.url}/customers/new`);
    await page.getByLabel("Name").fill("Northwind Posters GmbH");
    await page.getByLabel("Reference id").fill("NW-2041");
    await page.getByLabel("Description").fill("Poster prints for the DACH region.\nShips from Leipzig.");
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-customer-new");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/customers\/cus_[A-Za-z0-9]+$/);
    customerUrl = page.url();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Northwind Posters GmbH");
    await expect.poll(() => page.getByText("create customer").count()).toBeGreaterThan(0);
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-customer");

    await page.goto(`${server.url}/customers/new`);
    await page.getByLabel("Name").fill("Someone else");
    await page.getByLabel("Reference id").fill("NW-2041");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect.poll(() => page.locator("#referenceId-error").textContent()).toBeTruthy();
    expect(page.url()).toBe(`${server.url}/customers/new`);
    expect(await page.getByLabel("Name").inputValue()).toBe("Someone else");
    await screenshotBoth(page, "console-customer-new-error");
  });

  it("finds the customer by search, and says so when nothing matches", async () => {
    await page.goto(`${server.url}/customers`);
    const search = page.getByRole("searchbox");
    await search.fill("nw-2041");
    await search.press("Enter");
    await page.waitForURL(/\/customers\?q=nw-2041/);
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Northwind Posters GmbH");
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-customers-search");

    await page.getByRole("searchbox").fill("no such customer");
    await page.getByRole("searchbox").press("Enter");
    await page.waitForURL(/q=no\+such\+customer/);
    await expect.poll(() => page.getByText("No customer matches").isVisible()).toBe(true);
    await screenshotBoth(page, "console-customers-no-match");

    await page.goto(`${server.url}/customers?q=northwind`);
    await page.getByRole("link", { name: "Northwind Posters GmbH" }).click();
    await page.waitForURL(customerUrl);
  });

  it("edits the customer and shows the change in its history", async () => {
    const path = new URL(customerUrl).pathname;
    await visit(`${path}/edit`, "customer-edit", "Northwind Posters GmbH");
    await page.getByLabel("Name").fill("Northwind Posters AG");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(customerUrl);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Northwind Posters AG");
    await expect.poll(() => page.getByText("Northwind Posters GmbH").count()).toBeGreaterThan(0);
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-customer-history");
  });

  it("points to Settings → Mail for an invitation without SMTP, and copies or sends a new link; only the newest works", async () => {
    const path = new URL(customerUrl).pathname;
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.goto(`${server.url}${path}/storefront`);
    await page.getByLabel("Admin's first name").fill("Nora");
    await page.getByLabel("Admin's last name").fill("Wind");
    await page.getByLabel("Admin's email").fill("nora@northwind.example");
    await page.getByRole("button", { name: "Enable access and send invitation" }).click();
    const pointer = page.getByRole("link", { name: "Settings → Mail" });
    await pointer.waitFor();
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-storefront-invited");

    const invitationLinks = async (): Promise<string[]> => {
      await page.goto(`${server.url}/settings/mail`);
      const links = page.getByRole("link", { name: "invited you to its storefront portal" });
      const urls: string[] = [];
      for (const href of await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")!))) {
        await page.goto(`${server.url}${href}`);
        urls.push((await page.content()).match(/\/invite\/[A-Za-z0-9_-]{20,}/)![0]);
      }
      return urls;
    };
    await pointer.click();
    await page.waitForURL(`${server.url}/settings/mail`);
    const [first] = await invitationLinks();
    expect(first).toBeTruthy();

    await page.goto(`${server.url}${path}/storefront`);
    await page.getByRole("button", { name: "Send again" }).click();
    await expect.poll(() => page.getByText("New invitation for nora@northwind.example is in Settings → Mail").isVisible()).toBe(true);
    const links = await invitationLinks();
    expect(links).toHaveLength(2);
    expect(links).toContain(first);

    await page.goto(`${server.url}${path}/storefront`);
    await page.getByRole("button", { name: "Copy invitation link" }).click();
    const shown = page.locator("[data-invitation-link]");
    await shown.waitFor();
    const copied = (await shown.getAttribute("data-invitation-link"))!;
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(copied);
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-storefront-link-copied");

    // Every new link replaces the earlier ones: both mailed links stop working, the copied one signs Nora up.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const nora = await visitor.newPage();
    for (const old of links) {
      await nora.goto(`${server.url}${old}`);
      await expect.poll(() => nora.getByText("This link is not valid").isVisible()).toBe(true);
    }
    await nora.goto(copied);
    await nora.fill("input[name=password]", "nora-chooses-a-long-password");
    await nora.fill("input[name=confirm]", "nora-chooses-a-long-password");
    await nora.click("button[type=submit]");
    await nora.waitForURL(`${server.url}/portal`);
    await visitor.close();
  });

  it("deactivates the customer after saying what happens, shows it in the list's filter, and reactivates it", async () => {
    await page.goto(customerUrl);
    await page.getByRole("button", { name: "Deactivate customer" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Deactivate" });
    await expect.poll(() => confirm.textContent()).toMatch(/refuse new orders.*not taken.*kept/s);
    await screenshotBoth(page, "console-customer-deactivate-confirm");
    await confirm.getByRole("button", { name: "Deactivate" }).click();
    await expect.poll(() => page.getByText("This customer is deactivated").isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("button", { name: "Delete customer" }).isVisible()).toBe(true);
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-customer-deactivated");

    await visit("/customers?status=deactivated", "customers-deactivated", "Customers");
    await expect.poll(() => page.locator("tbody tr").filter({ hasText: "Northwind Posters AG" }).getByText("Deactivated").isVisible()).toBe(true);
    await page.goto(`${server.url}/customers?status=active`);
    await expect.poll(() => page.getByText("No active customers").isVisible()).toBe(true);

    await page.goto(customerUrl);
    await page.getByRole("button", { name: "Reactivate customer" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Deactivate customer" }).isVisible()).toBe(true);
    expect(await page.getByText("This customer is deactivated").count()).toBe(0);
  });

  it("renders every other console page at both widths", async () => {
    await visit("/orders", "orders", "Orders");
    await visit("/catalog", "catalog", "Catalog");
    await visit("/production", "production", "Production");
    await visit("/settings", "settings-account", "Settings");
    await visit("/settings/staff", "settings-staff", "Settings");
    await visit("/settings/tokens", "settings-tokens", "Settings");
    await page.getByLabel("Name").fill("ERP onboarding");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect.poll(() => page.getByText("Copy it now").isVisible()).toBe(true);
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await expectFitsBothWidths(page);
    await screenshotBoth(page, "console-settings-tokens-created");
    await visit("/settings/mail", "settings-mail", "Settings");
    await visit("/settings/jobs", "settings-jobs", "Settings");
    await visit("/customers/cus_doesnotexist", "not-found", "Page not found", 404);
  });

  it("opens the phone menu and navigates with it", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Open menu" }).click();
    const menu = page.getByRole("dialog", { name: "Menu" });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await page.screenshot({ path: "test-results/console-menu-390.png" });
    await menu.getByRole("link", { name: "Customers" }).click();
    await page.waitForURL(`${server.url}/customers`);
    await expect.poll(() => menu.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("deletes a deactivated customer once its name is typed, and the customer is gone", async () => {
    await page.goto(customerUrl);
    await page.getByRole("button", { name: "Deactivate customer" }).click();
    await page.getByRole("alertdialog", { name: "Deactivate" }).getByRole("button", { name: "Deactivate" }).click();
    await page.getByRole("button", { name: "Delete customer" }).click();
    const confirm = page.getByRole("button", { name: "Delete this customer for good" });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel("Type “Northwind Posters AG” to confirm").fill("Northwind Posters AG");
    await screenshotBoth(page, "console-customer-delete");
    await confirm.click();
    await page.waitForURL(`${server.url}/customers`);
    await expect.poll(() => page.getByText("No customers yet").isVisible()).toBe(true);
    expect((await page.goto(customerUrl))?.status()).toBe(404);
  });
});
