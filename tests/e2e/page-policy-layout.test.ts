import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { horizontalOverflow, launchBrowser, screenshotBoth } from "@/tests/support/browser";

// Console and portal pages under their nonce Content-Security-Policy, with no violation in the
// browser; and the pages that outgrew their boxes (order detail, orders filters, portal tabs)
// measured at 1280 and 390 px.

const admin = { email: "policy@example.com", password: "a long policy test password" };
const portalUser = { email: "ada@harbour.example", password: "ada's long portal password" };
const longArtwork =
  "/artwork/customer-uploads/2026/12/07/harbour-posters-spring-campaign-poster-a2-matte-final-final-v3-with-bleed-and-crop-marks-approved-by-marketing.pdf";

let server: AppServer;
let browser: Browser;
let staff: { context: BrowserContext; page: Page; violations: string[] };
let customer: { context: BrowserContext; page: Page; violations: string[] };
let token = "";
let orderId = "";
let customerId = "";

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * A browser context that records every CSP violation: the `securitypolicyviolation` event in
 * every frame (reported through the console) and any console line about the policy.
 */
async function watchedContext(): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
  await context.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (event) => console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`),
      true,
    );
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/CSP violation|Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy|unsafe-eval/i.test(error.message)) violations.push(`${page.url()}: ${error.message}`);
  });
  return { context, page, violations };
}

/** Opens a page, waits until it is quiet and hydrated (Next's client ran under the policy). */
async function visit(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  expect(response?.headers()["content-security-policy"], path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.evaluate(() => Boolean((window as { next?: { version?: string } }).next?.version)), { message: `Next hydrated ${path}` }).toBe(true);
}

function nonceOf(policy: string | null): string {
  const nonce = /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
  expect(nonce, policy ?? "no policy").toBeTruthy();
  return nonce!;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({ env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } }), launchBrowser()]);
  const minted = await fetch(`${server.url}/api/admin/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "policy e2e" }),
  });
  token = ((await minted.json()) as { token: string }).token;

  // A customer whose order failed on a long artwork URL: long text in the Files column, the item's
  // reason and the timeline.
  const harbour = await api<{ id: string }>("POST", "/customers", { name: "Harbour Posters", referenceId: "HARBOUR" });
  await api("POST", "/products", { productUid: "poster_a2_matt", title: "A2 poster, matt", fileTypes: ["default"] });
  const connector = await api<{ apiKey: string; secret: string }>("POST", `/customers/${harbour.id}/connectors`, { type: "gelato", name: "Harbour shop backend" });
  const submitted = await fetch(`${server.url}/api/gelato/v4/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": `${connector.apiKey}:${connector.secret}` },
    body: JSON.stringify({
      orderReferenceId: "HP-20418-SPRING-CAMPAIGN-REORDER",
      customerReferenceId: "buyer-311",
      currency: "EUR",
      items: [{ itemReferenceId: "line-1", productUid: "poster_a2_matt", quantity: 2, files: [{ type: "default", url: `${server.url}${longArtwork}` }] }],
      shippingAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "12 St James's Square", city: "London", postCode: "SW1Y 4JH", country: "GB", email: "ada@example.com" },
    }),
  });
  expect(submitted.status).toBe(200);
  customerId = harbour.id;
  const { data } = await api<{ data: Array<{ id: string }> }>("GET", `/orders?customerId=${harbour.id}`);
  orderId = data[0]!.id;
  for (const deadline = Date.now() + 30_000; (await api<{ status: string }>("GET", `/orders/${orderId}`)).status !== "failed"; ) {
    if (Date.now() > deadline) throw new Error("the order with an http artwork URL did not fail");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await api("POST", `/customers/${harbour.id}/storefront-access`, { email: portalUser.email, firstName: "Ada", lastName: "Lovelace" });

  [staff, customer] = await Promise.all([watchedContext(), watchedContext()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("Content-Security-Policy on console and portal pages", () => {
  it("every page answer has its own nonce, on the header and on Next's scripts; API answers keep their strict policy", async () => {
    const [first, second] = await Promise.all([fetch(`${server.url}/sign-in`), fetch(`${server.url}/sign-in`)]);
    const policy = first.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toContain("unsafe-eval");
    expect(/script-src [^;]*/.exec(policy)?.[0]).not.toContain("unsafe-inline");
    const nonces = [nonceOf(policy), nonceOf(second.headers.get("content-security-policy"))];
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(Buffer.from(nonces[0]!, "base64")).toHaveLength(16);

    const html = await first.text();
    const scriptNonces = [...html.matchAll(/<script\b[^>]*\bnonce="([^"]+)"/g)].map((match) => match[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonces[0]]));
    expect(html.match(/<script\b(?![^>]*\bnonce=)[^>]*>/g) ?? []).toEqual([]);
    // The headers every answer carries are still there on pages.
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");

    for (const path of ["/api/health", "/api/auth/csrf"]) {
      const answer = await fetch(`${server.url}${path}`);
      expect(answer.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });

  it("staff pages load and hydrate with no violation", async () => {
    const { page, violations } = staff;
    await visit(page, "/sign-in");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    for (const path of ["/", "/orders", `/orders/${orderId}`, "/customers", `/customers/${customerId}`, "/production", "/settings/mail"]) {
      await visit(page, path);
    }
    await visit(page, "/customers/cus_doesnotexist", 404);
    // The invitation in the outbox: a mail rendered in a sandboxed frame under the same policy.
    await page.goto("/settings/mail");
    await page.locator("tbody tr", { hasText: portalUser.email }).first().getByRole("link").click();
    await page.waitForURL(/\/settings\/mail\/mail_/);
    await page.frameLocator("iframe[title='Mail message']").getByRole("link", { name: "Choose your password" }).waitFor();
    await page.waitForLoadState("networkidle");
    const text = (await page.getByTestId("mail-text").textContent()) ?? "";
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(link, text).toBeTruthy();
    // Client navigation (RSC fetches) stays within the policy too.
    await page.getByRole("link", { name: "Production" }).first().click();
    await page.waitForURL(/\/production/);
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);

    const { page: portal } = customer;
    await portal.goto(link!);
    await portal.fill("input[name=password]", portalUser.password);
    await portal.fill("input[name=confirm]", portalUser.password);
    await portal.click("button[type=submit]");
    await portal.waitForURL((url) => url.pathname === "/portal");
  });

  it("portal pages load and hydrate with no violation", async () => {
    const { page, violations } = customer;
    for (const path of ["/portal", `/portal/orders/${orderId}`, "/portal/stores", "/portal/orders"]) {
      await visit(page, path);
    }
    await page.getByRole("link", { name: "Needs attention" }).click();
    await page.waitForURL(/view=attention/);
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });

  it("a script injected into a page without the nonce is refused and reported, so the watch above can see one", async () => {
    const { context, page, violations } = await watchedContext();
    // As if a stored value had slipped into the HTML unescaped: the parser meets an inline script.
    await context.route("**/sign-in", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace("</body>", "<script>window.__injected = true</script></body>");
      await route.fulfill({ response, body: html });
    });
    await visit(page, "/sign-in");
    await expect(page.evaluate(() => (window as { __injected?: boolean }).__injected ?? false)).resolves.toBe(false);
    await expect.poll(() => violations.join("\n")).toMatch(/CSP violation: script-src-elem blocked inline/);
    await context.close();
  });
});

describe("layout at 1280 and 390 px", () => {
  /** Elements inside a card that stick out of it or whose text runs past their own box (ellipses aside). */
  async function overflowingInCards(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const found: string[] = [];
      for (const card of document.querySelectorAll<HTMLElement>("main section")) {
        const box = card.getBoundingClientRect();
        for (const element of card.querySelectorAll<HTMLElement>("*")) {
          const style = getComputedStyle(element);
          if (style.display === "none" || element.classList.contains("sr-only") || element.closest("[class*='overflow-x-auto'], pre")) continue;
          // A field scrolls its own long value, and a truncated line clips on purpose (with an ellipsis).
          if (element.matches("input, textarea, select")) continue;
          let clipped = false;
          for (let parent = element.parentElement; parent && parent !== card && !clipped; parent = parent.parentElement) {
            clipped = getComputedStyle(parent).textOverflow === "ellipsis";
          }
          if (clipped) continue;
          const rect = element.getBoundingClientRect();
          const label = `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}"`;
          if (rect.width > 0 && rect.right > box.right + 1) found.push(`${label} ends at ${Math.round(rect.right)}px, its card at ${Math.round(box.right)}px`);
          else if (style.textOverflow !== "ellipsis" && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) {
            found.push(`${label} is ${element.scrollWidth}px wide in ${element.clientWidth}px`);
          }
        }
      }
      return found;
    });
  }

  it("order detail at 1280 px: the Files column is whole and long timeline text wraps inside its card", async () => {
    const { page } = staff;
    await page.setViewportSize({ width: 1280, height: 800 });
    await visit(page, `/orders/${orderId}`);
    const files = page.getByRole("columnheader", { name: "Files" });
    await files.waitFor();
    const items = page.locator("main section", { has: files });
    const [header, card] = await Promise.all([files.boundingBox(), items.boundingBox()]);
    expect(header!.x + header!.width).toBeLessThanOrEqual(card!.x + card!.width);
    const fileLink = items.getByRole("link", { name: /harbour-posters-spring-campaign/ });
    const link = await fileLink.boundingBox();
    expect(link!.x + link!.width).toBeLessThanOrEqual(card!.x + card!.width);
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline.textContent()).resolves.toContain("approved-by-marketing.pdf uses http");
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await overflowingInCards(page)).toEqual([]);
    await screenshotBoth(page, "layout-order-detail");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await overflowingInCards(page)).toEqual([]);
  });

  it("orders at 390 px: the filters fold behind a Filters button that counts the ones in use", async () => {
    const { page } = staff;
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, "/orders?status=failed&channel=gelato_api");
    const toggle = page.getByRole("button", { name: /^Filters/ });
    await expect(toggle.textContent()).resolves.toContain("2");
    await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("false");
    await expect(page.getByLabel("Status").isVisible()).resolves.toBe(false);
    await expect(page.getByLabel("Search").isVisible()).resolves.toBe(true);
    const form = await page.getByRole("search", { name: "Filter orders" }).boundingBox();
    expect(form!.height).toBeLessThan(844 / 3);
    await expect(page.getByRole("link", { name: "HP-20418-SPRING-CAMPAIGN-REORDER" }).isVisible()).resolves.toBe(true);
    expect(await overflowingInCards(page)).toEqual([]);
    await screenshotBoth(page, "layout-orders-filters-folded");

    await page.setViewportSize({ width: 390, height: 844 });
    await toggle.click();
    await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(page.getByLabel("Status").isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Status").inputValue()).resolves.toBe("failed");
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await overflowingInCards(page)).toEqual([]);
    await page.screenshot({ path: "test-results/layout-orders-filters-open-390.png", fullPage: true });

    // From `sm` up the filters are simply there, and the toggle is not.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(toggle.isVisible()).resolves.toBe(false);
    await expect(page.getByLabel("Status").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Apply filters" }).isVisible()).resolves.toBe(true);
  });

  it("portal orders at 390 px: every status tab is in view, wrapped rather than cut off", async () => {
    const { page } = customer;
    await page.setViewportSize({ width: 390, height: 844 });
    await visit(page, "/portal/orders");
    const tabs = page.getByRole("navigation", { name: "Order views" });
    const nav = (await tabs.boundingBox())!;
    const links = tabs.getByRole("link");
    expect(await links.count()).toBe(5);
    for (const box of await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(nav.x + nav.width + 1);
      expect(box.right).toBeLessThanOrEqual(390);
    }
    expect(await tabs.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await overflowingInCards(page)).toEqual([]);
    await screenshotBoth(page, "layout-portal-orders");
  });
});
