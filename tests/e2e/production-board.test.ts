import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { samplePdf, serveFile, startArtworkServer, type ArtworkServer } from "@/tests/support/artwork-server";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "@/tests/support/postback-receiver";
import { postbackEvents } from "@/lib/domain/postbacks";

// One order from the Gelato API to the customer's door: processed by the real worker, moved on
// the production board by a person in the browser, and heard about by the customer's receiver.

let app: AppServer;
let artwork: ArtworkServer;
let receiver: PostbackReceiver;
let browser: Browser;
let page: Page;
let token: string;

type OrderView = { id: string; status: string; externalId: string; events: Array<{ type: string; toStatus: string | null }> };

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${app.url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Selects the order on the current stage, presses `button` and waits for the board's answer. */
async function move(reference: string, button: string, confirmation: string): Promise<void> {
  await page.getByRole("checkbox", { name: `Select order ${reference}` }).check();
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.getByText(confirmation).waitFor();
}

async function openStage(label: RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Stages" }).getByRole("link", { name: label }).click();
  await page.waitForURL(/\/production\?/);
}

beforeAll(async () => {
  artwork = await startArtworkServer({ host: "127.0.0.1" });
  artwork.route("/art/poster.pdf", serveFile(samplePdf, { "content-type": "application/pdf" }));
  receiver = await startPostbackReceiver();
  app = await startAppServer({ env: { FILE_FETCH_HTTP: "on", FILE_FETCH_ALLOW: `127.0.0.1:${artwork.port}`, ...receiverEnv } });
  const password = app.adminPassword();
  expect(password, "the bootstrap admin's password is printed on first start").toBeTruthy();
  const minted = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`admin@localhost:${password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "board e2e" }),
  });
  token = ((await minted.json()) as { token: string }).token;

  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("Email").fill("admin@localhost");
  await page.getByLabel("Password").fill(password!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${app.url}/`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await receiver?.close();
  await artwork?.close();
});

describe("production board", () => {
  it("walks a Gelato API order from created to delivered, shows the timeline and posts back every step once, signed", async () => {
    const customer = await api<{ id: string }>("POST", "/customers", { name: "Harbour Posters", referenceId: "HARBOUR" });
    await api("POST", "/products", { productUid: "poster_a2_matt", title: "A2 poster, matt", fileTypes: ["default"] });
    const connector = await api<{ apiKey: string; secret: string }>("POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "Harbour shop backend" });
    await api("POST", `/customers/${customer.id}/triggers`, { name: "Harbour ERP", events: [...postbackEvents], url: `${receiver.url}/harbour`, method: "POST" });
    receiver.secrets = [(await api<{ secret: string }>("GET", `/customers/${customer.id}/postback-secret`)).secret];

    const reference = "HP-20418";
    const submitted = await fetch(`${app.url}/api/gelato/v4/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": `${connector.apiKey}:${connector.secret}` },
      body: JSON.stringify({
        orderReferenceId: reference,
        customerReferenceId: "buyer-311",
        currency: "EUR",
        items: [{ itemReferenceId: "line-1", productUid: "poster_a2_matt", quantity: 2, files: [{ type: "default", url: `${artwork.url}/art/poster.pdf` }] }],
        shippingAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "12 St James's Square", city: "London", postCode: "SW1Y 4JH", country: "GB", email: "ada@example.com" },
      }),
    });
    expect(submitted.status).toBe(200);
    expect(((await submitted.json()) as { orderReferenceId: string }).orderReferenceId).toBe(reference);

    const { data } = await api<{ data: OrderView[] }>("GET", `/orders?customerId=${customer.id}`);
    expect(data).toHaveLength(1);
    const orderId = data[0]!.id;
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${orderId}`)).status, { timeout: 30_000 }).toBe("passed");
    expect(artwork.requests.some((request) => request.path === "/art/poster.pdf")).toBe(true);

    // Ready to print → In production.
    await page.goto(`${app.url}/production`);
    await page.getByRole("link", { name: reference }).waitFor();
    await screenshotBoth(page, "production-board-1-ready");
    await expectFitsBothWidths(page);
    await move(reference, "Start production", "1 order started.");
    await page.getByRole("link", { name: reference }).waitFor({ state: "detached" });
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${orderId}`)).status).toBe("in_production");

    // In production → Printed.
    await openStage(/^In production/);
    await page.getByRole("link", { name: reference }).waitFor();
    await screenshotBoth(page, "production-board-2-in-production");
    await move(reference, "Mark printed", "1 order marked printed.");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${orderId}`)).status).toBe("printed");

    // Printed → Shipped, with carrier, tracking code and tracking URL.
    await openStage(/^Printed/);
    await page.getByRole("link", { name: reference }).waitFor();
    await page.getByLabel(`Carrier for ${reference}`).fill("DHL Express");
    await page.getByLabel(`Tracking code for ${reference}`).fill("JD014600006281");
    await page.getByLabel(`Tracking URL for ${reference}`).fill("https://www.dhl.com/track?id=JD014600006281");
    await screenshotBoth(page, "production-board-3-printed");
    await expectFitsBothWidths(page);
    await move(reference, "Ship selected", "1 order shipped.");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${orderId}`)).status).toBe("shipped");

    // Shipped → In transit → Delivered, both from the shipped stage.
    await openStage(/^Shipped/);
    await page.getByRole("link", { name: reference }).waitFor();
    await expect(page.locator("tr", { hasText: reference }).textContent()).resolves.toContain("JD014600006281");
    await screenshotBoth(page, "production-board-4-shipped");
    await move(reference, "In transit", "1 order marked in transit.");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${orderId}`)).status).toBe("in_transit");
    await page.reload();
    const row = page.locator("tr", { hasText: reference });
    await expect.poll(() => row.textContent()).toContain("In transit");
    await screenshotBoth(page, "production-board-5-in-transit");
    await expectFitsBothWidths(page);
    await move(reference, "Delivered", "1 order marked delivered.");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${orderId}`)).status).toBe("delivered");

    // The order page: every step in the timeline, the tracking in the shipment.
    await page.goto(`${app.url}/orders/${orderId}`);
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.waitFor();
    const steps = await timeline.getByRole("listitem").allTextContents();
    const expected = ["Created", "Passed", "In production", "Printed", "Shipped", "In transit", "Delivered"];
    expect(steps).toHaveLength(expected.length);
    expected.forEach((label, index) => expect(steps[index]).toContain(label));
    expect(steps[4]).toContain("JD014600006281");
    await expect(page.getByRole("link", { name: /JD014600006281/ }).getAttribute("href")).resolves.toBe("https://www.dhl.com/track?id=JD014600006281");
    await screenshotBoth(page, "production-board-6-order");
    await expectFitsBothWidths(page);

    // The receiver: one delivery per event, each signed with the customer's secret.
    const expectedEvents = ["order.received", "order.passed", "order.in_production", "order.printed", "order.shipped", "order.in_transit", "order.delivered"];
    await receiver.waitFor((r) => r.uniqueIds().length >= expectedEvents.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const bodies = receiver.received.map((request) => JSON.parse(request.body) as { eventType: string; orderReferenceId: string; fulfillmentStatus: string; items: Array<{ fulfillments: Array<{ trackingCode: string }> }> });
    // Jobs deliver independently, so two events close together may arrive in either order.
    expect(bodies.map((body) => body.eventType).sort()).toEqual([...expectedEvents].sort());
    expect(receiver.received).toHaveLength(expectedEvents.length);
    expect(receiver.uniqueIds()).toHaveLength(expectedEvents.length);
    for (const request of receiver.received) {
      expect(request.valid, `signature of ${request.webhookId}`).toBe(true);
      expect(request.verifiedWith).toEqual(receiver.secrets);
      expect(request.path).toBe("/harbour");
    }
    for (const body of bodies) {
      expect(body.orderReferenceId).toBe(reference);
      expect(body.fulfillmentStatus).toBe(body.eventType === "order.received" ? "created" : body.eventType.slice("order.".length));
    }
    const shipped = bodies.find((body) => body.eventType === "order.shipped")!;
    expect(shipped.items[0]!.fulfillments[0]!.trackingCode).toBe("JD014600006281");
  });

  it("ships from the Printed stage only once carrier and tracking are filled, says what is missing in words, and keeps the selection after an error", async () => {
    const customer = await api<{ id: string }>("POST", "/customers", { name: "Quay Prints", referenceId: "QUAY" });
    await api("POST", "/products", { productUid: "poster_a3_gloss", title: "A3 poster, gloss", fileTypes: ["default"] });
    const connector = await api<{ apiKey: string; secret: string }>("POST", `/customers/${customer.id}/connectors`, { type: "gelato", name: "Quay backend" });
    const references = ["QP-1", "QP-2"];
    const ids: string[] = [];
    for (const reference of references) {
      const submitted = await fetch(`${app.url}/api/gelato/v4/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": `${connector.apiKey}:${connector.secret}` },
        body: JSON.stringify({
          orderReferenceId: reference,
          customerReferenceId: "buyer-7",
          currency: "EUR",
          items: [{ itemReferenceId: "line-1", productUid: "poster_a3_gloss", quantity: 1, files: [{ type: "default", url: `${artwork.url}/art/poster.pdf` }] }],
          shippingAddress: { firstName: "Grace", lastName: "Hopper", addressLine1: "1 Navy Rd", city: "London", postCode: "SW1Y 4JH", country: "GB", email: "grace@example.com" },
        }),
      });
      expect(submitted.status, await submitted.clone().text()).toBe(200);
    }
    const { data } = await api<{ data: OrderView[] }>("GET", `/orders?customerId=${customer.id}`);
    for (const reference of references) ids.push(data.find((order) => order.externalId === reference)!.id);
    for (const id of ids) {
      await expect.poll(async () => (await api<OrderView>("GET", `/orders/${id}`)).status, { timeout: 30_000 }).toBe("passed");
      await api("POST", `/orders/${id}/status`, { status: "in_production" });
      await api("POST", `/orders/${id}/status`, { status: "printed" });
    }

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${app.url}/production?stage=printed`);
    const ship = page.getByRole("button", { name: "Ship selected", exact: true });
    const summary = page.getByTestId("selection-summary");
    const box = (reference: string) => page.getByRole("checkbox", { name: `Select order ${reference}` });
    await box("QP-1").waitFor();
    await expect(ship.isDisabled()).resolves.toBe(true);

    // Selected without carrier and tracking: still disabled, and each field says what it needs.
    await box("QP-1").check();
    await box("QP-2").check();
    await expect.poll(() => summary.textContent()).toBe("2 selected · 2 need a carrier and tracking code before shipping");
    await expect(ship.isDisabled()).resolves.toBe(true);
    const row = (reference: string) => page.locator("tr", { has: box(reference) });
    await expect(row("QP-1").textContent()).resolves.toContain("Enter the carrierEnter the tracking code");
    await expect(page.getByLabel("Carrier for QP-1").getAttribute("aria-invalid")).resolves.toBe("true");
    await screenshotBoth(page, "production-board-7-ship-incomplete");

    await page.getByLabel("Carrier for all selected orders").fill("DHL Express");
    await page.getByLabel("Tracking code for QP-1").fill("JD0001");
    await expect.poll(() => summary.textContent()).toBe("2 selected · one needs a carrier and tracking code before shipping");
    await expect(row("QP-1").textContent()).resolves.not.toContain("Enter the");
    await expect(ship.isDisabled()).resolves.toBe(true);
    await page.getByLabel("Tracking code for QP-2").fill("JD0002");
    await page.getByLabel("Tracking URL for QP-2").fill("dhl.com/track?id=JD0002");
    await expect.poll(() => summary.textContent()).toBe("2 selected");
    await expect(ship.isDisabled()).resolves.toBe(false);

    // The server refuses QP-2's tracking URL: QP-1 ships, QP-2 stays selected with what was typed.
    await ship.click();
    await page.getByText("1 order shipped. 1 could not be shipped:").waitFor();
    await box("QP-1").waitFor({ state: "detached" });
    const alert = (await page.getByRole("status").filter({ hasText: "1 order shipped" }).textContent()) ?? "";
    expect(alert).toContain("QP-2: The tracking URL is not a full web address (https://…).");
    expect(alert).not.toMatch(/trackingUrl|carrier:|trackingCode:/);
    await expect(row("QP-2").textContent()).resolves.toContain("Not shipped: The tracking URL is not a full web address");
    await expect(box("QP-2").isChecked()).resolves.toBe(true);
    await expect(summary.textContent()).resolves.toBe("1 selected");
    await expect(page.getByLabel("Tracking code for QP-2").inputValue()).resolves.toBe("JD0002");
    await expect(page.getByLabel("Carrier for all selected orders").inputValue()).resolves.toBe("DHL Express");
    await screenshotBoth(page, "production-board-8-ship-error");
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${ids[0]}`)).status).toBe("shipped");
    await expect(api<OrderView>("GET", `/orders/${ids[1]}`).then((order) => order.status)).resolves.toBe("printed");

    // Unticking and ticking again agree with the count; fixing the URL ships it.
    await box("QP-2").uncheck();
    await expect(summary.textContent()).resolves.toBe("Select orders to move them on");
    await expect(ship.isDisabled()).resolves.toBe(true);
    await box("QP-2").check();
    await page.getByLabel("Tracking URL for QP-2").fill("https://www.dhl.com/track?id=JD0002");
    await ship.click();
    await page.getByText("1 order shipped.", { exact: true }).waitFor();
    await expect.poll(async () => (await api<OrderView>("GET", `/orders/${ids[1]}`)).status).toBe("shipped");
  });
});
