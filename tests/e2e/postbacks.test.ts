import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "@/tests/support/postback-receiver";

const admin = { email: "postbacks-admin@example.com", password: "a long password for postbacks" };

let app: AppServer;
let browser: Browser;
let page: Page;
let receiver: PostbackReceiver;
let token: string;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

beforeAll(async () => {
  receiver = await startPostbackReceiver();
  app = await startAppServer({ env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, ...receiverEnv } });
  const created = await fetch(`${app.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "e2e" }),
  });
  token = ((await created.json()) as { token: string }).token;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${app.url}/`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await receiver?.close();
});

describe("customer postbacks tab", () => {
  it("creates triggers, reveals the secret, sends a signed test, shows every attempt and resends", async () => {
    const customer = (await api("POST", "/customers", { name: "Northwind Prints", referenceId: "NW-1" })).body as { id: string };
    const tab = `${app.url}/customers/${customer.id}/postbacks`;

    await page.goto(`${app.url}/customers/${customer.id}`);
    await page.getByRole("link", { name: "Postbacks" }).click();
    await page.waitForURL(tab);
    await expect(page.getByRole("heading", { name: "No triggers yet" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { name: "Nothing sent yet" }).isVisible()).resolves.toBe(true);
    await screenshotBoth(page, "postbacks-empty");

    // A URL trigger with a secret header, all events.
    await page.getByLabel("Name").fill("ERP status feed");
    await page.getByLabel("URL").fill(`${receiver.url}/erp`);
    await page.getByLabel("Extra headers").fill("Authorization: Bearer erp-secret-token");
    await page.getByRole("button", { name: "All", exact: true }).click();
    await page.getByRole("button", { name: "Create trigger" }).click();
    await page.getByText("Trigger “ERP status feed” created").waitFor();
    await page.getByText(`${receiver.url}/erp`).waitFor();

    // An email trigger; a bad address first shows the error at the field.
    await page.getByRole("radio", { name: "Email" }).click();
    await page.getByLabel("Name").fill("Ops mail");
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByRole("button", { name: "None" }).click();
    await page.getByRole("button", { name: "Create trigger" }).click();
    await page.locator("#email-error").waitFor();
    await expect(page.locator("#events-error").textContent()).resolves.toContain("at least one event");
    await page.getByLabel("Email address").fill("ops@northwind.example");
    await page.getByRole("checkbox", { name: "Shipped" }).check();
    await page.getByRole("button", { name: "Create trigger" }).click();
    await page.getByText("Trigger “Ops mail” created").waitFor();
    await expect(page.getByText("ops@northwind.example").isVisible()).resolves.toBe(true);
    const triggers = (await api("GET", `/customers/${customer.id}/triggers`)).body.data as Array<{ name: string; events: string[]; headerNames: string[] }>;
    expect(triggers.find((trigger) => trigger.name === "Ops mail")!.events).toEqual(["order.shipped"]);
    expect(triggers.find((trigger) => trigger.name === "ERP status feed")).toMatchObject({ events: expect.arrayContaining(["order.received", "order.returned"]), headerNames: ["Authorization"] });

    // Reveal the signing secret; the receiver verifies with it.
    await page.getByRole("button", { name: "Create and reveal" }).click();
    const secretCode = page.locator("code", { hasText: /^whsec_/ });
    await secretCode.waitFor();
    const secret = (await secretCode.textContent())!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await api("GET", `/customers/${customer.id}/postback-secret`)).body.secret).toBe(secret);
    receiver.secrets = [secret];

    // Send a test: the detail page fills in as the attempt happens.
    receiver.respond = () => ({ status: 200, body: '{"received":true}' });
    const erpRow = page.locator("li", { hasText: "ERP status feed" });
    await erpRow.getByRole("button", { name: "Send test" }).click();
    await page.waitForURL(/\/postbacks\/pbk_/);
    await page.getByTestId("attempt").first().waitFor({ timeout: 20_000 });
    await receiver.waitFor((r) => r.received.length === 1);
    expect(receiver.received[0]!.valid).toBe(true);
    expect(receiver.received[0]!.headers.authorization).toBe("Bearer erp-secret-token");
    const webhookId = (await page.getByTestId("webhook-id").textContent())!;
    expect(receiver.received[0]!.webhookId).toBe(webhookId);
    await expect(page.getByTestId("attempt").first().textContent()).resolves.toContain("HTTP 200");
    await expect(page.getByTestId("response-body").first().textContent()).resolves.toContain('{"received":true}');
    const attemptText = (await page.getByTestId("attempt").first().textContent())!;
    expect(attemptText).toContain("[redacted]");
    expect(attemptText).not.toContain("erp-secret-token");

    // Resend: same webhook-id, a second attempt in the log.
    await page.getByRole("button", { name: "Resend" }).click();
    await page.getByText("Queued with the same webhook-id").waitFor();
    await receiver.waitFor((r) => r.received.length === 2);
    expect(receiver.uniqueIds()).toEqual([webhookId]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="attempt"]').length === 2, undefined, { timeout: 20_000 });
    await screenshotBoth(page, "postbacks-delivery");

    // A receiver that refuses: a test is not retried, so it shows as failed.
    receiver.respond = () => ({ status: 503, body: "maintenance" });
    await page.goto(tab);
    await page.locator("li", { hasText: "ERP status feed" }).getByRole("button", { name: "Send test" }).click();
    await page.waitForURL(/\/postbacks\/pbk_/);
    await page.getByText("HTTP 503").first().waitFor({ timeout: 20_000 });
    await page.getByText("The receiver answered 503").waitFor();

    // Rotation: a new secret, the old one signing alongside for 24 hours.
    await page.goto(tab);
    await page.getByRole("button", { name: "Rotate" }).click();
    await page.getByText("New secret made.").waitFor();
    const rotated = (await page.locator("code", { hasText: /^whsec_/ }).last().textContent())!;
    expect(rotated).not.toBe(secret);
    receiver.secrets = [rotated, secret];
    receiver.respond = () => ({ status: 204 });
    await page.reload();
    await page.getByText("The previous secret still signs every postback").waitFor();
    await page.locator("li", { hasText: "ERP status feed" }).getByRole("button", { name: "Send test" }).click();
    await page.waitForURL(/\/postbacks\/pbk_/);
    await receiver.waitFor((r) => r.received.length === 4);
    expect(receiver.received[3]!.verifiedWith).toEqual([rotated, secret]);

    // The log: statuses, filters, the snippet.
    await page.goto(tab);
    await expect(page.locator("tbody tr").count()).resolves.toBe(3);
    await expect(page.getByTestId("verification-snippet").textContent()).resolves.toContain("webhook-signature");
    await screenshotBoth(page, "postbacks-tab");
    await page.getByLabel("Status", { exact: true }).selectOption("failed");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=failed/);
    await expect(page.locator("tbody tr").count()).resolves.toBe(1);
    await expect(page.locator("tbody").textContent()).resolves.toContain("Failed");

    // Deleting asks first and takes the trigger away.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("li", { hasText: "Ops mail" }).getByRole("button", { name: "Delete" }).click();
    await page.locator("li", { hasText: "Ops mail" }).waitFor({ state: "detached" });
    expect((await api("GET", `/customers/${customer.id}/triggers`)).body.data).toHaveLength(1);
  });
});
