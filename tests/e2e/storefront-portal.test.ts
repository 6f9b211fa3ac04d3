import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { samplePdf, serveFile, startArtworkServer } from "@/tests/support/artwork-server";
import { launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { startSmtpSink, type SmtpSink } from "@/tests/support/smtp";
import { openPglite } from "@/db/client";
import { parseEnv, setEnv } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/log";
import { createTestOrder } from "@/tests/support/storefront";

const partner = "Northprint";
const adaPassword = "ada's sturdy portal password";
const bobPassword = "bob builds strong passwords";

function inviteLink(server: AppServer, text: string): string {
  const match = new RegExp(`${server.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/invite/[A-Za-z0-9_-]{20,}`).exec(text);
  if (!match) throw new Error(`No invitation link in:\n${text}`);
  return match[0];
}

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, server: AppServer, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
}

async function signInAsStaff(page: Page, server: AppServer, password = server.adminPassword()!): Promise<void> {
  await signIn(page, server, "admin@localhost", password);
  await page.waitForURL(`${server.url}/`);
}

async function createCustomer(page: Page, server: AppServer, name: string): Promise<string> {
  await page.goto(`${server.url}/customers/new`);
  await page.fill("main input[name=name]", name);
  await page.click("main button[type=submit]");
  await page.waitForURL(/\/customers\/cus_[a-z0-9]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function setPassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.fill("input[name=password]", password);
  await page.fill("input[name=confirm]", password);
  await page.click("button[type=submit]");
}

async function signOut(page: Page): Promise<void> {
  await page.click("aside button[aria-label='Sign out']");
  await page.waitForURL(/\/sign-in/);
}

describe("storefront access with a real SMTP server", () => {
  let smtp: SmtpSink;
  let server: AppServer;
  let browser: Browser;
  let staff: Page;
  let customerId: string;
  let adaLink: string;
  let adminToken: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startAppServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}?tls=off`, PARTNER_NAME: partner } });
    browser = await launchBrowser();
    staff = (await newPage(browser)).page;
    const minted = await fetch(`${server.url}/api/admin/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`admin@localhost:${server.adminPassword()}`).toString("base64")}` },
      body: JSON.stringify({ name: "e2e" }),
    });
    adminToken = ((await minted.json()) as { token: string }).token;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it("staff enable access in the console and the invitation arrives by SMTP", async () => {
    await signInAsStaff(staff, server);
    customerId = await createCustomer(staff, server, "Acme Posters");
    await staff.click("main nav a:has-text('Storefront')");
    await staff.waitForURL(`${server.url}/customers/${customerId}/storefront`);
    await staff.getByRole("heading", { name: "Open the storefront portal" }).waitFor();
    await screenshotBoth(staff, "console-storefront-off");

    await staff.fill("main input[name=firstName]", "Ada");
    await staff.fill("main input[name=lastName]", "Lovelace");
    await staff.fill("main input[name=email]", "ada@acme.example");
    await staff.click("main button:has-text('Enable access and send invitation')");
    await staff.locator("main li[data-user-email='ada@acme.example']").waitFor();
    expect(await staff.locator("main li[data-user-email='ada@acme.example']").textContent()).toContain("Invited");
    await screenshotBoth(staff, "console-storefront-on");

    await staff.click("main nav a:has-text('Catalog access')");
    await staff.getByRole("heading", { name: "Your catalog is empty" }).waitFor();
    await screenshotBoth(staff, "console-catalog-access");

    const mail = await smtp.waitFor("ada@acme.example");
    expect(mail.subject).toContain(partner);
    expect(mail.text).toContain("Hi Ada,");
    expect(mail.text).toContain(`${server.url}/sign-in`);
    expect(mail.text).toContain("Acme Posters");
    expect(mail.text).not.toMatch(/password\s*[:=][ \t]*\S/i);
    adaLink = inviteLink(server, mail.text);
  });

  it("the admin opens the link, sets a password and sees every portal page", async () => {
    const { page } = await newPage(browser);
    await page.goto(adaLink);
    await page.getByRole("heading", { name: "Welcome, Ada" }).waitFor();
    await screenshotBoth(page, "invite-set-password");
    // Opening the link does not use it up; only setting the password does.
    await page.goto(adaLink);
    await page.getByRole("heading", { name: "Welcome, Ada" }).waitFor();

    await setPassword(page, adaLink, adaPassword);
    await page.waitForURL(`${server.url}/portal`);
    await page.getByRole("heading", { name: "Welcome, Ada" }).waitFor();
    expect(await page.locator("aside").textContent()).toContain(partner);
    expect(await page.locator("aside").textContent()).toContain("Acme Posters");
    await screenshotBoth(page, "portal-home");

    await page.click("aside a:has-text('Stores')");
    await page.getByRole("heading", { name: "No shops connected yet" }).waitFor();
    for (const platform of ["shopify", "woocommerce", "etsy"]) {
      expect(await page.locator(`main [data-platform=${platform}]`).textContent()).toContain("Available");
    }
    expect(await page.locator("main").textContent()).not.toMatch(/Offered|is set up for| a Inkbridge| a Northprint/);
    // This server has no Shopify app or Etsy keys: only WooCommerce (which needs neither) offers a connect button.
    expect(await page.locator("main [data-platform=woocommerce]").getByRole("button", { name: "Connect WooCommerce" }).count()).toBe(1);
    for (const platform of ["shopify", "etsy"]) {
      expect(await page.locator(`main [data-platform=${platform}] a:has-text('Connect'), main [data-platform=${platform}] button:has-text('Connect')`).count()).toBe(0);
    }
    await screenshotBoth(page, "portal-stores");

    await page.click("aside a:has-text('Products')");
    await page.getByRole("heading", { name: "No products available yet" }).waitFor();
    await screenshotBoth(page, "portal-products");

    await page.click("aside a:has-text('Orders')");
    await page.getByRole("heading", { name: "No orders yet" }).waitFor();
    await screenshotBoth(page, "portal-orders-empty");

    await page.click("aside a:has-text('Settings')");
    await page.getByRole("heading", { name: "Change password" }).waitFor();
    await screenshotBoth(page, "portal-settings");

    // Staff pages do not exist for a storefront user.
    for (const staffPath of ["/", "/customers", `/customers/${customerId}`, "/settings/mail"]) {
      expect((await page.goto(`${server.url}${staffPath}`))?.status(), staffPath).toBe(404);
    }

    await page.goto(`${server.url}/portal/users`);
    await page.fill("main input[name=firstName]", "Bob");
    await page.fill("main input[name=lastName]", "Builder");
    await page.fill("main input[name=email]", "bob@acme.example");
    await page.selectOption("main select[name=role]", "member");
    await page.click("main button:text-is('Send invitation')");
    await page.locator("main form [role=status]:has-text('Invitation sent to bob@acme.example')").waitFor();
    await page.locator("main li[data-user-email='bob@acme.example']").waitFor();
    await page.locator("main button:text-is('Send invitation'):enabled").waitFor();
    await screenshotBoth(page, "portal-users");

    await signOut(page);
    await page.goto(`${server.url}/portal`);
    await page.waitForURL(/\/sign-in\?callbackUrl=/);
    await page.context().close();
  });

  it("the second user's invitation works too, and a member cannot manage users", async () => {
    const mail = await smtp.waitFor("bob@acme.example");
    expect(mail.text).toContain("Hi Bob,");
    expect(mail.text).toContain("Ada Lovelace has invited you");
    const { page, context } = await newPage(browser);
    await setPassword(page, inviteLink(server, mail.text), bobPassword);
    await page.waitForURL(`${server.url}/portal`);
    await page.getByRole("heading", { name: "Welcome, Bob" }).waitFor();
    await page.goto(`${server.url}/portal/users`);
    await page.getByText("Only admins can invite or remove users").waitFor();
    expect(await page.locator("main input[name=email]").count()).toBe(0);
    await screenshotBoth(page, "portal-users-member");
    await signOut(page);
    await context.close();
  });

  it("used and tampered links are refused with a clear page", async () => {
    const { page, context } = await newPage(browser);
    await page.goto(adaLink);
    await page.getByText("This link has already been used").waitFor();
    await screenshotBoth(page, "invite-used");
    const token = adaLink.split("/").pop()!;
    const tampered = `${adaLink.slice(0, -token.length)}${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    await page.goto(tampered);
    await page.getByText("This link is not valid").waitFor();
    await screenshotBoth(page, "invite-invalid");
    await context.close();
  });

  it("an admin cannot act on another customer's user through a portal form", async () => {
    const other = await fetch(`${server.url}/api/admin/v1/customers`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ name: "Globex Prints" }),
    }).then((response) => response.json() as Promise<{ id: string }>);
    const carol = await fetch(`${server.url}/api/admin/v1/customers/${other.id}/storefront-access`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ email: "carol@globex.example", firstName: "Carol", lastName: "Globex" }),
    }).then((response) => response.json() as Promise<{ userId: string }>);

    const { page, context } = await newPage(browser);
    await signIn(page, server, "ada@acme.example", adaPassword);
    await page.waitForURL(`${server.url}/portal`);
    await page.goto(`${server.url}/portal/users`);
    const bobRemove = page.locator("main li[data-user-email='bob@acme.example'] form[aria-label^='Remove']");
    await bobRemove.locator("input[name=userId]").evaluate((input, userId) => ((input as HTMLInputElement).value = userId), carol.userId);
    await bobRemove.locator("button[type=submit]").click();
    await bobRemove.locator("[role=alert]").waitFor();
    expect(await bobRemove.locator("[role=alert]").textContent()).toMatch(/not found/i);

    // Inviting Globex's admin looks exactly like inviting a new colleague: the answer, and the row after a reload.
    const invitees = ["dora@acme.example", "carol@globex.example"];
    for (const email of invitees) {
      await page.fill("main input[name=firstName]", "New");
      await page.fill("main input[name=lastName]", "Colleague");
      await page.fill("main input[name=email]", email);
      await page.click("main button:text-is('Send invitation')");
      await page.locator(`main form [role=status]:has-text('Invitation sent to ${email}')`).waitFor();
      await page.locator("main button:text-is('Send invitation'):enabled").waitFor();
    }
    await page.reload();
    const row = async (email: string) =>
      ((await page.locator(`main li[data-user-email='${email}']`).textContent()) ?? "").replaceAll(email, "<address>").replace(/\d{1,2}:\d\d/g, "<time>");
    expect(await row("dora@acme.example")).toContain("Invitation sent");
    expect(await row("carol@globex.example")).toBe(await row("dora@acme.example"));
    for (const email of invitees) {
      await page.locator(`main form[aria-label='Revoke the invitation to ${email}'] button[type=submit]`).click();
      await expect.poll(() => page.locator(`main li[data-user-email='${email}']`).count()).toBe(0);
    }
    expect((await page.goto(`${server.url}/portal/products/prd_0000000000notyours00000`))?.status()).toBe(404);

    const access = await fetch(`${server.url}/api/admin/v1/customers/${other.id}/storefront-access`, { headers: { authorization: `Bearer ${adminToken}` } }).then(
      (response) => response.json() as Promise<{ users: Array<{ email: string }> }>,
    );
    expect(access.users.map((user) => user.email)).toEqual(["carol@globex.example"]);
    await context.close();
  });

  it("switching access off ends an open session at the next request and refuses sign-in; switching it on re-invites", async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, server, "ada@acme.example", adaPassword);
    await page.waitForURL(`${server.url}/portal`);

    await staff.goto(`${server.url}/customers/${customerId}/storefront`);
    await staff.click("main button:has-text('Disable storefront access')");
    await staff.getByRole("heading", { name: "Storefront access is off" }).waitFor();
    await screenshotBoth(staff, "console-storefront-disabled");

    await page.goto(`${server.url}/portal/users`);
    await page.waitForURL(/\/sign-in\?callbackUrl=/);
    await page.fill("input[name=email]", "ada@acme.example");
    await page.fill("input[name=password]", adaPassword);
    await page.click("button[type=submit]");
    await page.locator("form [role=alert]").waitFor();
    expect(await page.locator("form [role=alert]").textContent()).toContain("Storefront access for your company is switched off");
    await screenshotBoth(page, "sign-in-storefront-off");

    const before = smtp.countTo("ada@acme.example");
    await staff.click("main button:has-text('Switch access back on')");
    await staff.getByText("Storefront portal").first().waitFor();
    const again = await smtp.waitFor("ada@acme.example", { after: before });
    expect(again.subject).toContain("open again");
    await signIn(page, server, "ada@acme.example", adaPassword);
    await page.waitForURL(`${server.url}/portal`);
    await context.close();
  });
});

describe("storefront access without SMTP: the mail is read from the dev outbox", () => {
  let server: AppServer;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-e2e-outbox-"));
    server = await startAppServer({ dataDir, env: { PARTNER_NAME: partner } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function linkFromOutbox(staff: Page, to: string): Promise<string> {
    await staff.goto(`${server.url}/settings/mail`);
    await staff.click(`main tr:has-text('${to}') a`);
    await staff.locator("[data-testid=mail-text]").waitFor();
    return inviteLink(server, (await staff.locator("[data-testid=mail-text]").textContent()) ?? "");
  }

  it("staff enable access, read the invitation in the outbox, and the admin signs in to the portal", async () => {
    const { page: staff } = await newPage(browser);
    await signInAsStaff(staff, server);
    const customerId = await createCustomer(staff, server, "Outbox Cards");
    await staff.goto(`${server.url}/customers/${customerId}/storefront`);
    await staff.fill("main input[name=firstName]", "Olga");
    await staff.fill("main input[name=lastName]", "Outbox");
    await staff.fill("main input[name=email]", "olga@outbox.example");
    await staff.click("main button:has-text('Enable access and send invitation')");
    await staff.locator("main li[data-user-email='olga@outbox.example']").waitFor();

    const link = await linkFromOutbox(staff, "olga@outbox.example");
    const { page, context } = await newPage(browser);
    await setPassword(page, link, "olga's outbox password");
    await page.waitForURL(`${server.url}/portal`);
    await page.getByRole("heading", { name: "Welcome, Olga" }).waitFor();
    await signOut(page);
    await context.close();

    // An invitation that nobody opens in time expires.
    await staff.goto(`${server.url}/customers/${customerId}/storefront`);
    await staff.fill("main input[name=firstName]", "Late");
    await staff.fill("main input[name=lastName]", "Comer");
    await staff.fill("main input[name=email]", "late@outbox.example");
    await staff.click("main button:text-is('Send invitation')");
    await staff.locator("main li[data-user-email='late@outbox.example']").waitFor();
    const lateLink = await linkFromOutbox(staff, "late@outbox.example");
    await staff.context().close();

    const port = server.port;
    const adminPassword = server.adminPassword()!;
    const token = await fetch(`${server.url}/api/admin/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`admin@localhost:${adminPassword}`).toString("base64")}` },
      body: JSON.stringify({ name: "catalog and production" }),
    }).then(async (response) => ((await response.json()) as { token: string }).token);
    const admin = (method: string, route: string, body?: unknown) =>
      fetch(`${server.url}/api/admin/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const catalog = [
      { productUid: "poster_a3_matte", title: "Poster A3", options: { size: "A3", paper: "matte 200 g" }, fileTypes: ["default"] },
      { productUid: "tshirt_organic_m", title: "Organic T-shirt", options: { size: "M", colour: "black", fit: "unisex" }, fileTypes: ["front", "back"] },
      { productUid: "card_a6_folded", title: "Greeting card A6", options: { size: "A6", fold: "half" }, fileTypes: ["front", "inside", "back"] },
      { productUid: "mug_11oz", title: "Mug 11 oz", options: { volume: "11 oz" }, fileTypes: ["default"] },
    ];
    const products: Array<{ id: string; productUid: string }> = [];
    for (const product of catalog) {
      const response = await admin("POST", "/products", { ...product, description: `${product.title}, printed to order.` });
      expect(response.status).toBe(201);
      products.push((await response.json()) as { id: string; productUid: string });
    }

    await server.stop();
    // With the server stopped, its embedded database can be opened here: expire the pending
    // invitation, and take orders in as the customer's order API would send them.
    const database = await openPglite(path.join(dataDir, "pglite"));
    await database.executeSql("UPDATE auth_tokens SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL");
    // Artwork the processing step can fetch, served locally and allowed explicitly.
    const artwork = await startArtworkServer({ host: "127.0.0.1" });
    artwork.route("/design.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
    const fileUrl = `${artwork.url}/design.pdf`;
    const fetchEnv = { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}` };
    setEnv(parseEnv({ DATA_DIR: path.join(dataDir, "test-process"), NODE_ENV: "test", LOG_LEVEL: "silent", ...fetchEnv }));
    setLogger(createLogger("silent"));
    const shipped = await createTestOrder(database.db, customerId, { reference: "WEB-1001", productKey: "tshirt_organic_m", fileType: "front", recipient: "Marie", fileUrl });
    await createTestOrder(database.db, customerId, { reference: "WEB-1002", productKey: "poster_a3_matte", recipient: "Pierre", fileUrl });
    await createTestOrder(database.db, customerId, { reference: "WEB-1003", productKey: "card_a6_folded", fileType: "front", recipient: "Irène", fileUrl });
    await artwork.close();
    await database.close();
    server = await startAppServer({ dataDir, port, env: { PARTNER_NAME: partner } });
    for (const body of [
      { status: "in_production" },
      { status: "printed" },
      { status: "shipped", carrier: "DHL Express", trackingCode: "JD014600006281230704", trackingUrl: "https://track.example/JD014600006281230704" },
    ]) {
      const moved = await admin("POST", `/orders/${shipped.id}/status`, body);
      expect(moved.status, JSON.stringify(body)).toBe(200);
    }

    const later = await newPage(browser);
    await later.page.goto(lateLink);
    await later.page.getByText("This link has expired").waitFor();
    await screenshotBoth(later.page, "invite-expired");
    await later.context.close();

    // Staff limit the customer to three products; the portal shows those and nothing else.
    const console2 = await newPage(browser);
    await signInAsStaff(console2.page, server, adminPassword);
    await console2.page.goto(`${server.url}/customers/${customerId}/catalog`);
    await console2.page.check("main input[name=mode][value=selected]");
    for (const uid of ["poster_a3_matte", "tshirt_organic_m", "card_a6_folded"]) await console2.page.check(`main input[name=productUids][value=${uid}]`);
    await console2.page.click("main button:has-text('Save catalog access')");
    await console2.page.locator("main form [role=status]:has-text('3 selected products')").waitFor();
    await console2.page.locator("main button:has-text('Save catalog access'):enabled").waitFor();
    await screenshotBoth(console2.page, "console-catalog-access-selected");
    await console2.context.close();

    const olga = await newPage(browser);
    await signIn(olga.page, server, "olga@outbox.example", "olga's outbox password");
    await olga.page.waitForURL(`${server.url}/portal`);
    await olga.page.goto(`${server.url}/portal/products`);
    await olga.page.getByRole("heading", { name: "Organic T-shirt" }).waitFor();
    expect(await olga.page.locator("main ul li").count()).toBe(3);
    expect(await olga.page.locator("main").textContent()).not.toContain("Mug 11 oz");
    await screenshotBoth(olga.page, "portal-products-list");
    await olga.page.click("main a:has-text('Organic T-shirt')");
    await olga.page.getByRole("heading", { name: "Linked shop products" }).waitFor();
    expect(await olga.page.locator("main").textContent()).toContain("colour");
    await screenshotBoth(olga.page, "portal-product");
    const mug = products.find((product) => product.productUid === "mug_11oz")!;
    expect((await olga.page.goto(`${server.url}/portal/products/${mug.id}`))?.status()).toBe(404);
    await olga.page.getByRole("heading", { name: "Not found" }).waitFor();
    await screenshotBoth(olga.page, "portal-not-found");

    await olga.page.click("aside a:has-text('Orders')");
    await olga.page.locator("main a:has-text('WEB-1001')").waitFor();
    expect(await olga.page.locator("main ul li").count()).toBe(3);
    await screenshotBoth(olga.page, "portal-orders");
    await olga.page.click("main a:has-text('Shipped')");
    await olga.page.waitForURL(/view=shipped/);
    expect(await olga.page.locator("main ul li").count()).toBe(1);
    await olga.page.click("main a:has-text('WEB-1001')");
    await olga.page.getByRole("heading", { name: "Timeline" }).waitFor();
    const detail = (await olga.page.locator("main").textContent()) ?? "";
    expect(detail).toContain("JD014600006281230704");
    expect(detail).toContain("Printed → Shipped");
    expect(detail).not.toContain("admin@localhost");
    await screenshotBoth(olga.page, "portal-order");
    await olga.page.click("aside a:has-text('Home')");
    await olga.page.getByRole("heading", { name: "Recent orders" }).waitFor();
    await screenshotBoth(olga.page, "portal-home-orders");
    await olga.context.close();
  });
});
