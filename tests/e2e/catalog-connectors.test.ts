import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser, screenshotBoth } from "@/tests/support/browser";

const admin = { email: "catalog-admin@example.com", password: "a long catalog test password" };

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer({ env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SITEFLOW_ACCOUNT: "acme-print" } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shoot(name: string) {
  await page.waitForLoadState("networkidle");
  // Full-page shots of a scrolled page draw the fixed sidebar where the viewport was.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await screenshotBoth(page, name);
}

/** The text of the first copy field whose button has this label (the value shown beside it). */
async function copyFieldValue(label: string): Promise<string> {
  const field = page.locator("div", { has: page.getByRole("button", { name: new RegExp(`^${label}:`) }) }).last();
  return (await field.locator("code").first().textContent())?.trim() ?? "";
}

describe("catalog console", () => {
  it("shows an empty catalog that says what to do next", async () => {
    await page.goto("/catalog");
    await expect(page.getByRole("heading", { name: "No products yet" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Add a product" }).isVisible()).resolves.toBe(true);
    await shoot("catalog-empty");
  });

  it("creates a product with options and print areas, removing a row on the way", async () => {
    await page.goto("/catalog/new");
    await page.getByLabel("Product UID").fill("poster-a3-gloss");
    await page.getByLabel("Title", { exact: true }).fill("Poster A3 gloss");
    await page.getByLabel("Description").fill("A3 poster on 170 g gloss paper");
    await page.getByRole("button", { name: "+ front" }).click();
    await page.getByRole("button", { name: "Remove print area default" }).click();
    await page.getByLabel("New print area").fill("Cover");
    await page.getByLabel("New print area").press("Enter");
    for (let row = 0; row < 3; row++) await page.getByRole("button", { name: "Add option" }).click();
    await page.getByLabel("Option 1 name").fill("size");
    await page.getByLabel("Option 1 value").fill("A3");
    await page.getByLabel("Option 2 name").fill("scrap");
    await page.getByLabel("Option 3 name").fill("paper");
    await page.getByLabel("Option 3 value").fill("gloss-170");
    await page.getByRole("button", { name: "Remove option scrap" }).click();
    await shoot("catalog-product-new");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.waitForURL(/\/catalog\/prd_.+\?created=1$/);
    await expect(page.getByText("Product created.").isVisible()).resolves.toBe(true);
    const areas = page.getByRole("list", { name: "Print areas of this product" });
    await expect(areas.locator("li").allTextContents()).resolves.toEqual(["front", "cover"]);
    await expect(page.getByLabel("Option 1 name").inputValue()).resolves.toBe("size");
    await expect(page.getByLabel("Option 2 name").inputValue()).resolves.toBe("paper");
    await expect(page.getByLabel("Option 3 name").count()).resolves.toBe(0);
    await shoot("catalog-product-edit");
  });

  it("refuses a duplicate productUid beside the field", async () => {
    await page.goto("/catalog/new");
    await page.getByLabel("Product UID").fill("poster-a3-gloss");
    await page.getByLabel("Title", { exact: true }).fill("Duplicate");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByText("already exists", { exact: true }).waitFor()).resolves.toBeUndefined();
    expect(new URL(page.url()).pathname).toBe("/catalog/new");
  });

  it("edits, deactivates and reactivates a product", async () => {
    await page.goto("/catalog");
    await page.getByRole("link", { name: "Poster A3 gloss" }).click();
    await page.waitForURL(/\/catalog\/prd_/);
    await page.getByLabel("Title", { exact: true }).fill("Poster A3 high gloss");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Changes saved.").waitFor()).resolves.toBeUndefined();
    await page.getByRole("heading", { level: 1, name: /Poster A3 high gloss/ }).waitFor({ timeout: 10_000 });
    await expect(page.getByLabel("Title", { exact: true }).inputValue()).resolves.toBe("Poster A3 high gloss");
    await page.getByRole("button", { name: "Deactivate product" }).click();
    await expect(page.getByText("New orders for this product will be refused").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Deactivate", exact: true }).click();
    await page.getByRole("button", { name: "Reactivate product" }).waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Inactive");
    await shoot("catalog-product-inactive");
    await page.goto("/catalog?status=inactive");
    await expect(page.getByRole("link", { name: "Poster A3 high gloss" }).isVisible()).resolves.toBe(true);
    await page.getByRole("link", { name: "Poster A3 high gloss" }).click();
    await page.getByRole("button", { name: "Reactivate product" }).click();
    await page.getByRole("button", { name: "Deactivate product" }).waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Active");
  });

  it("imports a CSV, reports the bad row with its number and field, and pages the result", async () => {
    await page.goto("/catalog/import");
    const template = await page.request.get("/catalog/template.csv");
    expect(template.status()).toBe(200);
    expect(template.headers()["content-disposition"]).toContain("products-template.csv");
    expect((await template.text()).split("\n")[0]).toBe("productUid,title,description,fileTypes,active,option:size,option:paper");
    await expect(page.getByRole("link", { name: "Download template" }).getAttribute("href")).resolves.toBe("/catalog/template.csv");

    const rows = ["productUid,title,fileTypes,active,option:size"];
    for (let index = 1; index <= 30; index++) rows.push(`card-${String(index).padStart(2, "0")},Business card ${index},front|back,true,85x55`);
    rows.splice(5, 0, "card-bad,Broken card,front,perhaps,85x55");
    rows.push("poster-a3-gloss,Poster A3 gloss (imported),front|cover,true,A3");
    await page.setInputFiles("#file", { name: "products.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await expect(page.getByText("products.csv", { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Import products" }).click();
    const result = page.getByRole("region", { name: "Import result" });
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain("30 created, 1 updated, 1 row skipped");
    const errorRow = result.locator("tbody tr");
    await expect(errorRow.count()).resolves.toBe(1);
    await expect(errorRow.locator("td").allTextContents()).resolves.toEqual(["6", "active", "use true or false"]);
    await shoot("catalog-import-result");

    await page.goto("/catalog");
    await expect(page.getByText(/Showing\s*1–25\s*of\s*31/).isVisible()).resolves.toBe(true);
    await shoot("catalog-products");
    await page.getByRole("link", { name: "Next" }).click();
    await page.waitForURL(/offset=25/);
    await expect(page.locator("tbody tr").count()).resolves.toBe(6);
    await page.goto("/catalog?q=gloss");
    await expect(page.locator("tbody tr").count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: "Poster A3 gloss (imported)" }).isVisible()).resolves.toBe(true);
    await page.goto("/catalog?q=nothing-like-this");
    await expect(page.getByRole("heading", { name: "No product matches “nothing-like-this”" }).isVisible()).resolves.toBe(true);
  });

  it("lists, adds and removes shipping methods, explaining the empty list", async () => {
    await page.goto("/catalog/shipping-methods");
    await expect(page.getByText("any shipping method an order names passes through unchanged").isVisible()).resolves.toBe(true);
    await shoot("catalog-shipping-empty");
    await page.getByLabel("Method id").fill("express");
    await page.getByLabel("Name").fill("Express, next working day");
    await page.getByRole("button", { name: "Add method" }).click();
    await expect(page.getByText("Added Express, next working day (express).").waitFor()).resolves.toBeUndefined();
    await page.getByLabel("Method id").fill("standard");
    await page.getByLabel("Name").fill("Standard");
    await page.getByRole("button", { name: "Add method" }).click();
    await page.getByRole("cell", { name: /Standard/ }).waitFor();
    await shoot("catalog-shipping-methods");
    const standardRow = page.locator("tr", { hasText: "Standard" });
    await standardRow.getByRole("button", { name: "Remove" }).click();
    await standardRow.getByRole("button", { name: "Remove", exact: true }).last().click();
    await page.locator("tr", { hasText: "Standard" }).waitFor({ state: "detached" });
    await expect(page.locator("tbody tr").count()).resolves.toBe(1);
  });
});

describe("order API connectors in the console", () => {
  let customerUrl = "";

  it("adds an Order APIs tab to the customer with an empty state", async () => {
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill("Acme Posters Ltd");
    await page.getByLabel("Reference id").fill("ACME-7");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/customers\/cus_[^/]+$/);
    customerUrl = new URL(page.url()).pathname;
    await page.getByRole("link", { name: "Order APIs" }).click();
    await page.waitForURL(`**${customerUrl}/order-apis`);
    await expect(page.getByRole("heading", { name: "No order APIs yet" }).isVisible()).resolves.toBe(true);
    await shoot("connectors-empty");
  });

  let gelatoUrl = "";
  let firstSecret = "";

  it("creates a Gelato API and shows its secret once, endpoints and a curl example", async () => {
    await page.getByRole("link", { name: "New order API" }).click();
    await page.getByText("Gelato API", { exact: true }).click();
    await page.getByLabel("Name").fill("ERP production");
    await shoot("connectors-new");
    await page.getByRole("button", { name: "Create order API" }).click();
    await page.waitForURL(/\/order-apis\/con_[^/]+$/);
    gelatoUrl = new URL(page.url()).pathname;
    await page.getByText("Copy the secret now: it will not be shown again.").waitFor();
    firstSecret = await copyFieldValue("Copy secret");
    const apiKey = await copyFieldValue("Copy key");
    expect(firstSecret.length).toBeGreaterThan(30);
    expect(apiKey).toMatch(/^ik_/);

    await page.getByRole("button", { name: /^Copy secret:/ }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(firstSecret);

    const example = (await page.locator("pre code").textContent()) ?? "";
    expect(example).toContain(`X-API-KEY: ${apiKey}:${firstSecret}`);
    expect(example).toContain(`${server.url}/samples/inkbridge-sample-poster.pdf`);
    expect(example).toContain(`${server.url}/api/gelato/v4/orders`);
    expect(example).toContain('"shipmentMethodUid": "express"');
    for (const url of ["/api/gelato/v4/orders", "/api/gelato/v4/orders:search", "/api/gelato/v4/orders/{id}:cancel", "/api/gelato/v4/orders/{id}/shipment"]) {
      await expect(page.locator("code", { hasText: new RegExp(`^${server.url}${url.replace(/[{}:]/g, "\\$&")}$`) }).count()).resolves.toBe(1);
    }
    await shoot("connectors-gelato-created");

    // The secret is shown once: a reload of the same page no longer has it.
    await page.reload();
    expect(new URL(page.url()).pathname).toBe(gelatoUrl);
    await expect(page.getByText("The secret was shown once").isVisible()).resolves.toBe(true);
    await expect(page.content()).resolves.not.toContain(firstSecret);
    await expect(page.locator("pre code").textContent()).resolves.toContain(`${apiKey}:YOUR_SECRET`);
    await shoot("connectors-gelato-detail");
  });

  it("rotates the secret after confirming and shows the new one once", async () => {
    await page.goto(gelatoUrl);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByText("The current secret stops working at once").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Rotate now" }).click();
    await page.getByText("New secret issued. The previous secret no longer works.").waitFor();
    const rotated = await copyFieldValue("Copy secret");
    expect(rotated.length).toBeGreaterThan(30);
    expect(rotated).not.toBe(firstSecret);
    await expect(page.locator("pre code").textContent()).resolves.toContain(rotated);
    await shoot("connectors-gelato-rotated");
    await page.reload();
    await expect(page.content()).resolves.not.toContain(rotated);
  });

  it("creates a SiteFlow API with a signed Node example and edits its routing rules", async () => {
    await page.goto(`${customerUrl}/order-apis/new`);
    await page.getByText("SiteFlow API", { exact: true }).click();
    await page.getByRole("button", { name: "Create order API" }).click();
    await page.getByText("Check the fields marked below.").waitFor();
    await expect(page.getByRole("radio", { name: /SiteFlow API/ }).isChecked()).resolves.toBe(true);
    await page.getByLabel("Name").fill("MIS");
    await page.getByRole("button", { name: "Create order API" }).click();
    await page.getByText("Copy the secret now: it will not be shown again.").waitFor();
    const secret = await copyFieldValue("Copy secret");
    const example = (await page.locator("pre code").textContent()) ?? "";
    expect(example).toContain(`const secret = "${secret}"`);
    expect(example).toContain('createHmac("sha256", secret)');
    expect(example).toContain('"name": "acme-print"');
    await shoot("connectors-siteflow-created");
    expect(page.url()).toMatch(/\/order-apis\/con_[^/]+$/);

    await expect(page.getByText("No routing rules").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByRole("button", { name: "Add rule" }).click();
    const first = page.getByRole("listitem", { name: "Routing rule 1" });
    const second = page.getByRole("listitem", { name: "Routing rule 2" });
    await first.getByLabel("Key").fill("rush");
    await first.getByLabel("Name").fill("Rush orders");
    await first.getByLabel("Tags").fill("express, priority");
    await first.getByLabel("Priority").selectOption("rush");
    await second.getByLabel("Key").fill("rush");
    await second.getByLabel("Name").fill("Proofs");
    await second.getByLabel("Hold for approval").check();
    await page.getByRole("button", { name: "Save routing rules" }).click();
    await expect(page.getByText("routing rule keys must be unique").waitFor()).resolves.toBeUndefined();
    await expect(page.getByRole("alert").filter({ hasText: "Check the fields marked below." }).isVisible()).resolves.toBe(true);
    await expect(first.getByLabel("Priority").inputValue()).resolves.toBe("rush");
    await expect(second.getByLabel("Hold for approval").isChecked()).resolves.toBe(true);
    await shoot("connectors-siteflow-rules-error");
    await second.getByLabel("Key").fill("proof");
    await page.getByRole("button", { name: "Save routing rules" }).click();
    await page.getByText("Routing rules saved.").waitFor();
    await expect(page.locator("code", { hasText: `${server.url}/api/siteflow/order/route/proof` }).count()).resolves.toBe(1);

    await page.reload();
    const reloaded = page.getByRole("listitem", { name: "Routing rule 1" });
    await expect(reloaded.getByLabel("Tags").inputValue()).resolves.toBe("express, priority");
    await expect(reloaded.getByLabel("Priority").inputValue()).resolves.toBe("rush");
    await expect(page.getByRole("listitem", { name: "Routing rule 2" }).getByLabel("Hold for approval").isChecked()).resolves.toBe(true);
    await shoot("connectors-siteflow-rules");
  });

  it("revokes a connector after confirming; the list shows it revoked", async () => {
    await page.goto(gelatoUrl);
    await page.getByRole("button", { name: "Revoke order API" }).click();
    await page.getByRole("button", { name: "Revoke now" }).click();
    await page.getByText("This order API was revoked").waitFor();
    await expect(page.getByRole("button", { name: "Rotate secret" }).count()).resolves.toBe(0);
    await shoot("connectors-revoked");
    await page.goto(`${customerUrl}/order-apis`);
    const row = page.locator("tr", { hasText: "ERP production" });
    await expect(row.getByText("Revoked").isVisible()).resolves.toBe(true);
    await expect(page.locator("tr", { hasText: "MIS" }).getByText("Active").isVisible()).resolves.toBe(true);
    await shoot("connectors-list");
  });

  it("another customer's page does not reach this customer's connector", async () => {
    await page.goto("/customers/new");
    await page.getByLabel("Name").fill("Other Prints");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/customers\/cus_[^/]+$/);
    const connectorId = gelatoUrl.split("/").at(-1)!;
    const response = await page.goto(`${new URL(page.url()).pathname}/order-apis/${connectorId}`);
    expect(response?.status()).toBe(404);
    const shared = await page.goto(`/customers/shared-order-apis/${connectorId}`);
    expect(shared?.status()).toBe(404);
  });

  it("creates a shared order API from the Customers area with Customer-Reference-ID", async () => {
    await page.goto("/customers");
    await page.getByRole("link", { name: "Shared order APIs" }).click();
    await page.waitForURL("**/customers/shared-order-apis");
    await expect(page.getByRole("heading", { name: "No order APIs yet" }).isVisible()).resolves.toBe(true);
    await shoot("connectors-shared-empty");
    await page.getByRole("link", { name: "New order API" }).click();
    await page.getByText("Gelato API", { exact: true }).click();
    await page.getByLabel("Name").fill("Marketplace integrator");
    await page.getByRole("button", { name: "Create order API" }).click();
    await page.getByText("Copy the secret now: it will not be shown again.").waitFor();
    await expect(page.locator("pre code").textContent()).resolves.toContain("Customer-Reference-ID: CUSTOMER_REFERENCE_ID");
    await shoot("connectors-shared-created");
    await page.waitForURL(/\/customers\/shared-order-apis\/con_/);
    await expect(page.getByText("All customers (Customer-Reference-ID)").isVisible()).resolves.toBe(true);
    await page.goto("/customers/shared-order-apis");
    await expect(page.locator("tr", { hasText: "Marketplace integrator" }).isVisible()).resolves.toBe(true);
    await shoot("connectors-shared-list");
  });
});
