import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { openPglite } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createLogger, setLogger } from "@/lib/log";
import { createTestCustomer, staffContext } from "@/db/factories";
import { createContext } from "@/lib/services/context";
import { createProduct, createShippingMethod } from "@/lib/services/catalog";
import { createLookup, parseEntriesCsv } from "@/lib/services/lookups";
import { canonicalPaths, changeOrderStatus, intakeOrder, prepareOrder } from "@/lib/services/orders";
import { dialects } from "@/api/dialects";
import type { CanonicalOrderInput } from "@/lib/domain/order";
import type { OrderStatus } from "@/db/schema/enums";
import { jobOutbox } from "@/db/schema";

const admin = { email: "admin@example.com", password: "e2e admin password" };

/** Orders can only arrive through the order APIs, so they are stored before the server starts, through the same services. */
async function seedOrders(dataDir: string): Promise<{ richOrderId: string }> {
  setLogger(createLogger("silent"));
  const handle = await openPglite(path.join(dataDir, "pglite"));
  try {
    await runMigrations(handle);
    const db = handle.db;
    const staff = staffContext(db);
    await createProduct({ ctx: staff, input: { productUid: "flat_a3_poster", title: "A3 poster", fileTypes: ["default"] } });
    await createProduct({ ctx: staff, input: { productUid: "cards_business_std", title: "Business cards", fileTypes: ["front", "back"] } });
    await createShippingMethod({ ctx: staff, input: { uid: "dhl_express", name: "DHL Express" } });
    await createShippingMethod({ ctx: staff, input: { uid: "royal_mail_48", name: "Royal Mail 48" } });
    const customer = await createTestCustomer(db, { name: "Northwind Prints", referenceId: "NW-1" });
    await createLookup({ ctx: staff, customerId: customer.id, input: { name: "Northwind SKUs", field: "product", entries: [{ key: "POSTER-A3", value: "flat_a3_poster" }, { key: "BC-STD", value: "cards_business_std" }] } });
    await createLookup({ ctx: staff, customerId: customer.id, input: { name: "Northwind carriers", field: "shipping_method", entries: [{ key: "express", value: "dhl_express" }] } });

    const people = [
      ["Ada", "Lovelace", "London", "N1 7GU", "UK"],
      ["Grace", "Hopper", "Arlington", "22201", "US"],
      ["Alan", "Turing", "Manchester", "M13 9PL", "GB"],
      ["Hedy", "Lamarr", "Wien", "1010", "AT"],
      ["Katherine", "Johnson", "Paris", "75001", "FR"],
    ] as const;
    const statuses: OrderStatus[][] = [[], ["passed"], ["passed", "in_production"], ["failed"], ["canceled"], ["passed", "on_hold"]];
    let richOrderId = "";
    for (let index = 0; index < 30; index++) {
      const [firstName, lastName, city, postCode, country] = people[index % people.length]!;
      const channel = index % 3 === 0 ? "siteflow_api" : index % 3 === 1 ? "gelato_api" : "shopify";
      const input: CanonicalOrderInput = {
        channel,
        externalId: `NW-${1001 + index}`,
        currency: "EUR",
        items: [
          { externalItemId: "line-1", sourceProductKey: "POSTER-A3", quantity: 1 + (index % 4), files: [{ type: "default", url: `https://files.example.com/northwind/${1001 + index}/poster.pdf` }] },
          ...(index % 2 === 0 ? [{ externalItemId: "line-2", sourceProductKey: "BC-STD", quantity: 250, files: [{ type: "front", url: "https://files.example.com/northwind/cards-front.pdf" }, { type: "back", url: "https://files.example.com/northwind/cards-back.pdf" }] }] : []),
        ],
        shipments: [{ shipmentIndex: 0, sourceMethod: "express", address: { firstName, lastName, addressLine1: `${10 + index} Harbour Street`, city, postCode, country, state: country === "US" ? "VA" : undefined, email: `${firstName.toLowerCase()}@example.com` } }],
        metadata: [{ key: "shop", value: "northwind.example" }],
      };
      const prepared = await prepareOrder(db, customer.id, input, canonicalPaths);
      const actor = channel === "shopify" ? createContext({ type: "store", storeId: "sto_northwind", customerId: customer.id }, { db }) : createContext({ type: "connector", connectorId: "con_northwind", customerId: customer.id }, { db });
      const { order } = await intakeOrder({
        ctx: actor,
        customerId: customer.id,
        channel,
        connectorId: channel === "shopify" ? null : "con_northwind",
        storeId: channel === "shopify" ? "sto_northwind" : null,
        prepared,
        rawBody: JSON.stringify(input),
        payload: input,
      });
      const path = index === 0 ? (["passed", "in_production", "printed", "shipped"] as OrderStatus[]) : statuses[index % statuses.length]!;
      for (const status of path) {
        await changeOrderStatus({
          ctx: staff,
          orderId: order.id,
          input: status === "shipped" ? { status, trackingCode: "JD014600003828", trackingUrl: "https://tracking.example.com/JD014600003828", carrier: "DHL", message: "Handed to DHL" } : status === "failed" ? { status, message: "The artwork file could not be fetched (HTTP 404)" } : { status },
        });
      }
      if (index === 0) richOrderId = order.id;
    }
    // Stand in for the worker having run: queued processing would move the seeded statuses on.
    await db.delete(jobOutbox);
    return { richOrderId };
  } finally {
    await handle.close();
  }
}

function awkwardCsv(rows: number): string {
  const special = [
    ["POSTER-A3", "flat_a3_poster"],
    ["POSTER, A3 (matte)", "flat_a3_poster"],
    ['Poster "Deluxe"', "flat_a3_poster"],
    ["Größe A4 – Ümlaut", "flat_a3_poster"],
    ["東京 ポスター", "flat_a3_poster"],
  ];
  const lines = ["key,value", ...special.map(([key, value]) => `"${key!.replace(/"/g, '""')}",${value}`)];
  for (let index = special.length; index < rows; index++) lines.push(`SKU-${String(index).padStart(5, "0")},product_${index}`);
  return `${lines.join("\n")}\n`;
}

describe("lookups, the order preview and orders in the console", () => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let richOrderId: string;
  let customerUrl: string;
  let lookupUrl: string;
  const downloads = mkdtempSync(path.join(os.tmpdir(), "inkbridge-e2e-downloads-"));

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-e2e-"));
    ({ richOrderId } = await seedOrders(dataDir));
    server = await startAppServer({ dataDir, env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    // The machine may be shared and slow; waits are generous, assertions are not.
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  });

  it("creates a customer and its first lookup, explaining each field", async () => {
    await page.goto(`${server.url}/customers/new`);
    await page.getByLabel("Name").fill("Acme Posters Ltd");
    await page.getByLabel("Reference id").fill("ACME-42");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/customers\/cus_[^/]+$/);
    customerUrl = page.url();

    await page.getByRole("link", { name: "Lookups", exact: true }).click();
    await page.waitForURL(/\/lookups$/);
    expect(await page.getByText("No lookups yet").isVisible()).toBe(true);
    expect(await page.getByText("POSTER-A3").first().isVisible()).toBe(true);
    await screenshotBoth(page, "lookups-empty");

    await page.getByLabel("Field").selectOption("product");
    await page.getByLabel("Name").fill("Acme SKUs");
    await page.getByRole("button", { name: "Create lookup" }).click();
    await page.waitForURL(/\/lookups\/lkp_[^/]+$/);
    lookupUrl = page.url();
    expect(await page.getByText("No entries yet").isVisible()).toBe(true);
    await screenshotBoth(page, "lookup-empty");
  });

  it("adds, changes and deletes entries inline without leaving the page", async () => {
    const addRow = async (key: string, value: string) => {
      await page.getByRole("button", { name: "Add a row" }).click();
      await page.getByLabel("Key", { exact: true }).fill(key);
      await page.getByLabel("Value", { exact: true }).fill(value);
      await page.getByLabel("Value", { exact: true }).press("Enter");
    };
    await addRow("POSTER-A3", "flat_a3_postr");
    await page.locator('li[data-key="POSTER-A3"]').waitFor();
    await addRow("MUG-11", "mug_11oz");
    await page.locator('li[data-key="MUG-11"]').waitFor();

    await page.getByRole("button", { name: "Edit “POSTER-A3”" }).click();
    await page.getByLabel("Value", { exact: true }).fill("flat_a3_poster");
    await page.getByRole("button", { name: "Save row" }).click();
    await page.locator('li[data-key="POSTER-A3"]', { hasText: "flat_a3_poster" }).waitFor();

    await addRow("POSTER-A3", "something_else");
    await page.getByRole("alert").filter({ hasText: "is already in this lookup" }).waitFor();
    await screenshotBoth(page, "lookup-inline-error");
    await page.getByRole("button", { name: "Cancel editing" }).click();

    await page.getByRole("button", { name: "Delete “MUG-11”" }).click();
    await page.getByRole("button", { name: "Confirm deleting “MUG-11”" }).click();
    await page.locator('li[data-key="MUG-11"]').waitFor({ state: "detached" });
    expect(page.url()).toBe(lookupUrl);
    const keys = await page.locator("li[data-key]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key")));
    expect(keys).toEqual(["POSTER-A3"]);
    expect(await page.locator('li[data-key="POSTER-A3"]').innerText()).toContain("flat_a3_poster");
    await screenshotBoth(page, "lookup-inline");
  });

  it("imports 5,000 rows from CSV with a progress bar, then exports them back unchanged", async () => {
    const csv = awkwardCsv(5000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    // A slow upload link, so the progress bar is on screen long enough to see.
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 60 * 1024 });
    await page.locator('input[type="file"]').setInputFiles({ name: "acme-skus.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    expect(await page.getByText("Importing replaces all 1 entry").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("progressbar").first().waitFor();
    await page.screenshot({ path: "test-results/lookup-import-progress-1280.png" });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.getByText("Imported 5,000 entries").waitFor({ timeout: 180_000 });
    await page.getByText("Entries (5,000)").waitFor();
    expect(await page.getByText("Showing 1–25 of 5,000").isVisible()).toBe(true);
    await screenshotBoth(page, "lookup-imported");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const exportedPath = path.join(downloads, "export-1.csv");
    await download.saveAs(exportedPath);
    expect(download.suggestedFilename()).toBe("acme-skus-product.csv");
    const exported = readFileSync(exportedPath, "utf8");
    const sortByKey = (entries: Array<{ key: string; value: string }>) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    expect(sortByKey(await parseEntriesCsv(exported))).toEqual(sortByKey(await parseEntriesCsv(csv)));

    await page.locator('input[type="file"]').setInputFiles(exportedPath);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Imported 5,000 entries").waitFor({ timeout: 180_000 });
    const [again] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const againPath = path.join(downloads, "export-2.csv");
    await again.saveAs(againPath);
    expect(readFileSync(againPath, "utf8")).toBe(exported);
  }, 400_000);

  it("searches and pages the entries, and names the lines of a bad file", async () => {
    await page.getByRole("searchbox").fill("東京");
    await page.getByRole("searchbox").press("Enter");
    await page.waitForURL(/q=/);
    const keys = await page.locator("li[data-key]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key")));
    expect(keys).toEqual(["東京 ポスター"]);
    await screenshotBoth(page, "lookup-search");

    await page.goto(lookupUrl);
    await page.getByRole("link", { name: "Next" }).click();
    await page.getByText("Showing 26–50 of 5,000").waitFor();

    await page.locator('input[type="file"]').setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from("key,value\nA,1\nB\nA,2\nC,D,E\n") });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const error = page.getByRole("alert").filter({ hasText: "cannot be imported" });
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toMatch(/line 3: needs two columns/i);
    expect(text).toMatch(/line 4: the key “A” is already on line 2/i);
    expect(text).toMatch(/line 5: has 3 columns/i);
    expect(await page.getByText("Entries (5,000)").isVisible()).toBe(true);
    await screenshotBoth(page, "lookup-import-errors");
  });

  it("lists the customer's lookups with their counts and adds a shipping lookup", async () => {
    await page.goto(`${customerUrl}/lookups`);
    await page.getByLabel("Field").selectOption("shipping_method");
    await page.getByLabel("Name").fill("Acme carriers");
    await page.getByRole("checkbox", { name: /Strict/ }).check();
    await page.getByRole("button", { name: "Create lookup" }).click();
    await page.waitForURL(/\/lookups\/lkp_[^/]+$/);
    await page.getByRole("button", { name: "Add a row" }).click();
    await page.getByLabel("Key", { exact: true }).fill("express");
    await page.getByLabel("Value", { exact: true }).fill("dhl_express");
    await page.getByRole("button", { name: "Save row" }).click();
    await page.locator('li[data-key="express"]').waitFor();

    await page.goto(`${customerUrl}/lookups`);
    const rows = await page.locator("table tbody tr").allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.includes("Acme SKUs"))).toContain("5,000");
    expect(rows.find((row) => row.includes("Acme carriers"))).toMatch(/Refuse the order[\s\S]*1/);
    await screenshotBoth(page, "lookups-list");
  });

  it("previews an order: the canonical order, each lookup step and every problem", async () => {
    await page.getByRole("link", { name: "Preview an order" }).click();
    await page.waitForURL(/\/lookups\/preview$/);
    const sample = await page.getByLabel("Order JSON").inputValue();
    expect(JSON.parse(sample)).toBeTruthy();
    await screenshotBoth(page, "preview-start");

    await page.getByRole("radio", { name: /Gelato/ }).click();
    expect(JSON.parse(await page.getByLabel("Order JSON").inputValue())).toHaveProperty("orderReferenceId", "PREVIEW-1001");
    await page.getByRole("radio", { name: /Site Flow/ }).click();
    expect(JSON.parse(await page.getByLabel("Order JSON").inputValue())).toHaveProperty("orderData.sourceOrderId", "PREVIEW-1001");

    await page.getByRole("radio", { name: /Gelato/ }).click();
    if (dialects.gelato) {
      await page.getByRole("button", { name: "Run preview" }).click();
      // The Gelato translator is installed: the sample resolves through the lookups made above.
      await page.getByText("Intake would accept this order.").waitFor();
      const trace = await page.locator("table").first().innerText();
      expect(trace).toContain("POSTER-A3");
      expect(trace).toContain("flat_a3_poster");
      expect(trace).toContain("dhl_express");
      expect(await page.getByRole("heading", { name: "The order Inkbridge would make" }).isVisible()).toBe(true);
      await screenshotBoth(page, "preview-result");

      const broken = JSON.parse(await page.getByLabel("Order JSON").inputValue());
      broken.items[0].productUid = "NOT-A-SKU";
      broken.shipmentMethodUid = "carrier-pigeon";
      await page.getByLabel("Order JSON").fill(JSON.stringify(broken, null, 2));
      await page.getByRole("button", { name: "Run preview" }).click();
      await page.getByText(/Intake would refuse this order: \d+ problems?/).waitFor();
      const problems = await page.getByRole("list", { name: "Problems" }).innerText();
      expect(problems).toContain("NOT-A-SKU");
      expect(problems).toContain("carrier-pigeon");
      await screenshotBoth(page, "preview-problems");

      await page.getByLabel("Order JSON").fill("{ not json");
      await page.getByRole("button", { name: "Run preview" }).click();
      await page.getByText("The order is not valid JSON").waitFor();
    } else {
      // Without the Gelato translator on this server the preview says so instead of guessing.
      expect(await page.getByText("The Gelato order API is not installed on this server").isVisible()).toBe(true);
      expect(await page.getByRole("button", { name: "Run preview" }).isDisabled()).toBe(true);
      await screenshotBoth(page, "preview-result");
    }
  });

  it("lists orders with filters and paging, and opens one with its items, shipment, lookups, payload and timeline", async () => {
    await page.goto(`${server.url}/orders`);
    expect(await page.getByText("Showing 1–25 of 30").isVisible()).toBe(true);
    expect(await page.locator("table tbody tr").count()).toBe(25);
    await screenshotBoth(page, "orders-list");

    await page.getByLabel("Status").selectOption("failed");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/status=failed/);
    const failed = await page.locator("table tbody tr").allInnerTexts();
    expect(failed.length).toBe(5);
    expect(failed.every((row) => row.includes("Failed"))).toBe(true);

    await page.goto(`${server.url}/orders?q=hopper&channel=gelato_api`);
    const hopper = await page.locator("table tbody tr").allInnerTexts();
    expect(hopper.length).toBeGreaterThan(0);
    expect(hopper.every((row) => row.includes("Grace Hopper") && row.includes("Gelato API"))).toBe(true);

    await page.goto(`${server.url}/orders?from=2000-01-01&to=2000-01-31`);
    expect(await page.getByText("No orders match these filters").isVisible()).toBe(true);
    await screenshotBoth(page, "orders-no-match");

    await page.goto(`${server.url}/orders?q=NW-1001`);
    await page.getByRole("link", { name: "NW-1001", exact: true }).click();
    await page.waitForURL(`**/orders/${richOrderId}`);
    const body = await page.locator("main").innerText();
    expect(body).toContain("Shipped");
    expect(body).toContain("flat_a3_poster");
    expect(body).toContain("cards_business_std");
    expect(body).toContain("JD014600003828");
    expect(body).toContain("Northwind SKUs");
    expect(body).toContain("Handed to DHL");
    expect(body).toMatch(/In production/);
    expect(await page.getByRole("link", { name: /files\.example\.com\/northwind\/1001\/poster\.pdf/ }).getAttribute("href")).toBe("https://files.example.com/northwind/1001/poster.pdf");
    await page.getByText("Raw payload").click();
    const payload = await page.locator("pre").first().innerText();
    expect(JSON.parse(payload)).toMatchObject({ externalId: "NW-1001" });
    await screenshotBoth(page, "order-detail");
  });

  it("shows where orders come from when there are none, and 404s an unknown order", async () => {
    await page.goto(`${server.url}/orders?customerId=${customerUrl.split("/").pop()}`);
    expect(await page.getByText("No orders from Acme Posters Ltd yet").isVisible()).toBe(true);
    expect(await page.getByText(/order API/).first().isVisible()).toBe(true);
    await screenshotBoth(page, "orders-empty-customer");
    const response = await page.goto(`${server.url}/orders/ord_missing`);
    expect(response?.status()).toBe(404);
  });
});
