import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "@/tests/support/app-server";
import { launchBrowser } from "@/tests/support/browser";
import { SessionClient as Client } from "@/tests/support/session-client";

const owner = { email: "owner@example.com", password: "owner's long passphrase" };
let plain: AppServer;
let secure: AppServer;
let browser: Browser;

beforeAll(async () => {
  const env = { ADMIN_EMAIL: owner.email, ADMIN_PASSWORD: owner.password };
  [plain, secure, browser] = await Promise.all([
    startAppServer({ env }),
    // Served over plain http on loopback, but configured as if behind TLS: cookies must follow APP_URL.
    startAppServer({ env: { ...env, APP_URL: "https://console.example.com" } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([plain?.stop(), secure?.stop()]);
});

function sessionCookie(setCookies: string[], name: string): string | undefined {
  return setCookies.find((line) => line.startsWith(`${name}=`));
}

describe("session cookie", () => {
  it("over http: HttpOnly, SameSite=Lax, Path=/, not Secure", async () => {
    const client = new Client(plain.url);
    const { response, setCookies, location } = await client.signIn(owner.email, owner.password);
    expect(response.status).toBe(302);
    expect(location).toBe(`${plain.url}/`);
    const cookie = sessionCookie(setCookies, "inkbridge.session");
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).not.toMatch(/; Secure/i);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(await client.isSignedIn()).toBe(true);
  });

  it("with an https APP_URL: __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const client = new Client(secure.url);
    const { setCookies } = await client.signIn(owner.email, owner.password);
    const cookie = sessionCookie(setCookies, "__Host-inkbridge.session");
    expect(cookie, setCookies.join("\n")).toBeDefined();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(sessionCookie(setCookies, "inkbridge.session")).toBeUndefined();
    for (const line of setCookies) expect(line, "every auth cookie is Secure").toMatch(/; Secure/i);
  });
});

describe("sign-in throttling through Auth.js", () => {
  it("repeated wrong passwords are refused with the rate-limit code, then even the right one from that IP", async () => {
    const client = new Client(secure.url);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { response, location, setCookies } = await client.signIn(owner.email, `wrong password ${i}`);
      expect(response.status).toBe(302);
      expect(sessionCookie(setCookies, "__Host-inkbridge.session")).toBeUndefined();
      codes.push(new URL(location, secure.url).searchParams.get("code") ?? "");
    }
    expect(codes).toEqual(["invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials", "rate_limited"]);

    const { location, setCookies } = await client.signIn(owner.email, owner.password);
    expect(new URL(location, secure.url).searchParams.get("code")).toBe("rate_limited");
    expect(sessionCookie(setCookies, "__Host-inkbridge.session")).toBeUndefined();
    expect(await client.isSignedIn()).toBe(false);

    // The client address comes from the connection: headers claiming another one change nothing.
    const spoofed = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "203.0.113.99", "x-real-ip": "203.0.113.99", "x-inkbridge-client-ip": "203.0.113.99" },
      body: new URLSearchParams({ email: owner.email, password: owner.password, csrfToken: await client.csrfToken() }),
    });
    expect(new URL(spoofed.headers.get("location") ?? "", secure.url).searchParams.get("code")).toBe("rate_limited");
  });

  it("the sign-in page says to wait when the limit is reached", async () => {
    const page = await browser.newPage();
    await page.goto(`${plain.url}/sign-in`);
    for (let i = 0; i < 6; i++) {
      await page.getByLabel("Email").fill("someone.else@example.com");
      await page.getByLabel("Password").fill(`wrong password ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      // The form clears the password once the answer is rendered; typing before that would be lost.
      await expect.poll(() => page.getByLabel("Password").inputValue()).toBe("");
      await expect.poll(() => page.locator("form [role=alert]").textContent()).toMatch(i < 5 ? /not correct/ : /Too many sign-in attempts\. Try again in \d+ minutes?\./);
    }
    await page.close();
  });
});

describe("cross-site requests", () => {
  /** The progressive-enhancement form of a server action on a page: its action id field. */
  async function actionField(client: Client, path: string, buttonText: string): Promise<string> {
    const html = await (await client.fetch(path)).text();
    const form = [...html.matchAll(/<form[^>]*>.*?<\/form>/gs)].map((match) => match[0]).find((candidate) => candidate.includes(buttonText));
    const name = form && /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(form)?.[1];
    expect(name, `the action field of "${buttonText}" on ${path}`).toBeTruthy();
    return name!;
  }

  it("a server action posted from another origin is refused with 403 and changes nothing; from ours it runs", async () => {
    const client = new Client(plain.url);
    await client.signIn(owner.email, owner.password);
    const field = await actionField(client, "/settings", "Sign out everywhere");
    const post = (headers: Record<string, string>) => {
      const form = new FormData();
      form.set(field, "");
      return client.fetch("/settings", { method: "POST", headers, body: form });
    };

    const forged: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
      { origin: `http://localhost:${plain.port}.evil.example` },
    ];
    for (const headers of forged) {
      const response = await post(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toBe("Cross-site request refused");
      expect(await client.isSignedIn(), "the action did not run").toBe(true);
    }

    const genuine = await post({ origin: plain.url, "sec-fetch-site": "same-origin" });
    expect(genuine.status).toBe(303);
    expect(genuine.headers.get("location")).toContain("/sign-in");
    expect(await client.isSignedIn(), "the same request from our origin signs out everywhere").toBe(false);
  });

  it("cross-site POSTs to console pages and Auth.js are refused before they reach Next", async () => {
    const client = new Client(plain.url);
    await client.signIn(owner.email, owner.password);
    for (const path of ["/customers/new", "/settings/staff", "/api/auth/signout", "/api/auth/callback/credentials"]) {
      const response = await client.fetch(path, {
        method: "POST",
        headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
        body: `csrfToken=x&email=${encodeURIComponent(owner.email)}&password=${encodeURIComponent(owner.password)}&name=Forged`,
      });
      expect(response.status, path).toBe(403);
    }
    expect(await client.isSignedIn()).toBe(true);
    const page = await client.fetch("/customers?q=Forged");
    expect(await page.text()).toContain("No customer matches");
  });

  it("Auth.js refuses a sign-in that lacks its csrf token, and one whose token does not match the cookie", async () => {
    const client = new Client(plain.url);
    const missing = await client.signIn(owner.email, owner.password, { csrf: false });
    expect(missing.location).toMatch(/error=MissingCSRF/);
    expect(sessionCookie(missing.setCookies, "inkbridge.session")).toBeUndefined();

    const other = new Client(plain.url);
    const foreignToken = await other.csrfToken();
    await client.csrfToken();
    const body = new URLSearchParams({ email: owner.email, password: owner.password, csrfToken: foreignToken });
    const mismatched = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(mismatched.headers.get("location")).toMatch(/error=MissingCSRF/);
    expect(sessionCookie(mismatched.headers.getSetCookie(), "inkbridge.session")).toBeUndefined();
    expect(await client.isSignedIn()).toBe(false);
  });
});

describe("ending sessions", () => {
  it("sign out everywhere ends every open session on its next request, kept cookies included", async () => {
    const [laptop, phone] = [new Client(plain.url), new Client(plain.url)];
    await laptop.signIn(owner.email, owner.password);
    await phone.signIn(owner.email, owner.password);
    expect([await laptop.isSignedIn(), await phone.isSignedIn()]).toEqual([true, true]);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${plain.url}/sign-in`);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${plain.url}/`);
    const kept = new Client(plain.url);
    for (const cookie of await context.cookies()) kept.cookies.set(cookie.name, cookie.value);

    await page.goto(`${plain.url}/settings`);
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL(/\/sign-in/);

    expect(await laptop.isSignedIn()).toBe(false);
    expect(await phone.isSignedIn()).toBe(false);
    expect(await kept.isSignedIn()).toBe(false);
    await page.goto(`${plain.url}/settings`);
    await page.waitForURL(/\/sign-in\?callbackUrl=%2Fsettings/);
    await context.close();
  });

  it("signing out ends that session on the server, so a copied cookie is worthless", async () => {
    const client = new Client(plain.url);
    await client.signIn(owner.email, owner.password);
    const copy = new Client(plain.url);
    for (const [name, value] of client.cookies) copy.cookies.set(name, value);
    expect(await copy.isSignedIn()).toBe(true);

    const body = new URLSearchParams({ csrfToken: await client.csrfToken() });
    const response = await client.fetch("/api/auth/signout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    expect(response.status).toBe(302);
    expect(await copy.isSignedIn()).toBe(false);
  });
});
