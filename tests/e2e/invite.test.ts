import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isNull } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { expectFitsBothWidths, launchBrowser, screenshotBoth } from "@/tests/support/browser";
import { openPglite } from "@/db/client";
import { acquireDataDirLock } from "@/db/lock";
import { authTokens } from "@/db/schema";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "inkbridge-invite-e2e-"));
let server: AppServer;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
let inviteeContext: BrowserContext;
let invitee: Page;

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({ dataDir }), launchBrowser()]);
  adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  inviteeContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  [admin, invitee] = await Promise.all([newPage(adminContext), newPage(inviteeContext)]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function invite(name: string, email: string): Promise<void> {
  await admin.goto(`${server.url}/settings/staff`);
  await admin.getByLabel("Name").fill(name);
  await admin.getByLabel("Email").fill(email);
  await admin.getByRole("button", { name: "Send invitation" }).click();
  await expect.poll(() => admin.locator("form [role=status]").textContent()).toBe(`Invitation sent to ${email}.`);
}

/** Opens the newest outbox mail to `to` in Settings → Mail and returns the link it carries. */
async function linkFromOutbox(to: string, screenshotName?: string): Promise<string> {
  await admin.goto(`${server.url}/settings/mail`);
  const row = admin.locator("tbody tr", { hasText: to }).first();
  await row.getByRole("link").click();
  await admin.waitForURL(/\/settings\/mail\/mail_/);
  const text = (await admin.getByTestId("mail-text").textContent()) ?? "";
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0];
  expect(link, text).toBeTruthy();
  const button = admin.frameLocator("iframe[title='Mail message']").getByRole("link", { name: "Set your password" });
  expect(await button.getAttribute("href")).toBe(link);
  if (screenshotName) {
    // The whole message shows at either width, without a scrollbar of its own.
    for (const width of [1280, 390]) {
      await admin.setViewportSize({ width, height: 800 });
      await expect.poll(() => admin.evaluate(() => {
        const frame = document.querySelector<HTMLIFrameElement>("iframe[title='Mail message']")!;
        return frame.contentDocument!.body.scrollHeight - frame.clientHeight;
      })).toBeLessThanOrEqual(0);
    }
    await expectFitsBothWidths(admin);
    await screenshotBoth(admin, screenshotName);
  }
  return link!;
}

async function expectLinkError(page: Page, url: string, message: string, screenshotName: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("This link cannot be used");
  expect(await page.getByText(message).isVisible()).toBe(true);
  expect(await page.getByLabel("New password").count()).toBe(0);
  await expectFitsBothWidths(page);
  await screenshotBoth(page, screenshotName);
}

describe("staff invitation", () => {
  let graceLink = "";
  let linusLink = "";

  it("an admin invites a colleague from Settings → Staff", async () => {
    await admin.goto(`${server.url}/sign-in`);
    await admin.getByLabel("Email").fill("admin@localhost");
    await admin.getByLabel("Password").fill(server.adminPassword()!);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.waitForURL(`${server.url}/`);

    await invite("Grace Hopper", "grace@example.com");
    const row = admin.locator("tbody tr", { hasText: "grace@example.com" });
    expect(await row.textContent()).toContain("Invited");
    await expectFitsBothWidths(admin);
    await screenshotBoth(admin, "invite-staff-invited");

    await admin.getByLabel("Name").fill("Grace Again");
    await admin.getByLabel("Email").fill("GRACE@example.com");
    await admin.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => admin.locator("#email-error").textContent()).toBe("already in use");

    await invite("Linus Torvalds", "linus@example.com");
  });

  it("the invitation waits in the dev outbox under Settings → Mail, with its link", async () => {
    await admin.goto(`${server.url}/settings/mail`);
    await expect.poll(() => admin.getByText("No SMTP server is configured").isVisible()).toBe(true);
    expect(await admin.locator("tbody tr").count()).toBe(2);
    await expectFitsBothWidths(admin);
    await screenshotBoth(admin, "invite-outbox");
    graceLink = await linkFromOutbox("grace@example.com", "invite-mail");
    linusLink = await linkFromOutbox("linus@example.com");
    expect(graceLink.startsWith(`${server.url}/invite/`)).toBe(true);
    expect(graceLink).not.toBe(linusLink);
  });

  it("the invitee opens the link, chooses a password and lands signed in", async () => {
    await invitee.goto(graceLink);
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toBe("Welcome, Grace Hopper");
    expect(await invitee.getByText("grace@example.com").isVisible()).toBe(true);
    await expectFitsBothWidths(invitee);
    await screenshotBoth(invitee, "invite-set-password");

    await invitee.getByLabel("New password").fill("short");
    await invitee.getByLabel("Repeat the password").fill("short");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => invitee.locator("#password-error").textContent()).toBe("must be at least 10 characters");

    await invitee.getByLabel("New password").fill("compile the future 1952");
    await invitee.getByLabel("Repeat the password").fill("compile the future 1953");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => invitee.locator("#confirm-error").textContent()).toBe("does not match the password");
    await screenshotBoth(invitee, "invite-set-password-error");

    await invitee.getByLabel("New password").fill("compile the future 1952");
    await invitee.getByLabel("Repeat the password").fill("compile the future 1952");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();
    await invitee.waitForURL(`${server.url}/`);
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toMatch(/Welcome to/);
    expect(await invitee.getByText("grace@example.com").first().isVisible()).toBe(true);

    await admin.goto(`${server.url}/settings/staff`);
    expect(await admin.locator("tbody tr", { hasText: "grace@example.com" }).textContent()).toContain("Active");
  });

  it("a used or tampered link shows a clear error page", async () => {
    const page = await newPage(await browser.newContext());
    await expectLinkError(page, graceLink, "This link has already been used.", "invite-link-used");
    const last = graceLink.at(-1) === "A" ? "B" : "A";
    await expectLinkError(page, graceLink.slice(0, -1) + last, "This link is not valid.", "invite-link-tampered");
    await expectLinkError(page, `${server.url}/invite/not-a-token`, "This link is not valid.", "invite-link-garbage");
    await page.context().close();
  });

  it("an operator sees no Staff, API tokens or Mail settings", async () => {
    await invitee.goto(`${server.url}/settings`);
    const tabs = await invitee.getByRole("navigation", { name: "Sections" }).getByRole("link").allTextContents();
    expect(tabs).toEqual(["Account", "Failed jobs"]);
    for (const pathname of ["/settings/staff", "/settings/tokens", "/settings/mail"]) {
      expect((await invitee.goto(`${server.url}${pathname}`))?.status(), pathname).toBe(404);
    }
  });

  it("removing the staff member ends their open session on its next request", async () => {
    await invitee.goto(`${server.url}/customers`);
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toBe("Customers");

    await admin.goto(`${server.url}/settings/staff`);
    await admin.getByRole("button", { name: "Remove Grace Hopper" }).click();
    await expect.poll(() => admin.locator("tbody tr", { hasText: "grace@example.com" }).textContent()).toContain("Disabled");

    await invitee.goto(`${server.url}/customers`);
    await invitee.waitForURL(/\/sign-in\?callbackUrl=%2Fcustomers/);
    await invitee.getByLabel("Email").fill("grace@example.com");
    await invitee.getByLabel("Password").fill("compile the future 1952");
    await invitee.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => invitee.locator("form [role=alert]").textContent()).toContain("This account has been disabled.");
  });

  it("an expired link shows a clear error page", async () => {
    // Expire the unused invitation while the server is down: the embedded database has one process at a time.
    await server.stop();
    const lock = acquireDataDirLock(dataDir);
    const database = await openPglite(path.join(dataDir, "pglite"));
    try {
      const expired = await database.db
        .update(authTokens)
        .set({ expiresAt: new Date(Date.now() - 60_000) })
        .where(isNull(authTokens.usedAt))
        .returning();
      expect(expired.length).toBe(1);
    } finally {
      await database.close();
      lock.release();
    }
    server = await startAppServer({ dataDir });
    const token = new URL(linusLink).pathname;
    await expectLinkError(invitee, `${server.url}${token}`, "This link has expired. Ask for a new one.", "invite-link-expired");
  });
});
