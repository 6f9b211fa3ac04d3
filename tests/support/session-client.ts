import { expect } from "vitest";

/** A minimal cookie jar for talking to the real Auth.js endpoints with fetch. */
export class SessionClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader);
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async csrfToken(): Promise<string> {
    const response = await this.fetch("/api/auth/csrf");
    expect(response.status).toBe(200);
    return ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  /** POST /api/auth/callback/credentials as the sign-in form of Auth.js does. */
  async signIn(email: string, password: string, options: { csrf?: boolean } = {}): Promise<{ response: Response; setCookies: string[]; location: string }> {
    const body = new URLSearchParams({ email, password, callbackUrl: `${this.base}/` });
    if (options.csrf !== false) body.set("csrfToken", await this.csrfToken());
    const response = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    return { response, setCookies: response.headers.getSetCookie(), location: response.headers.get("location") ?? "" };
  }

  /** Whether a console page answers with the page itself rather than a redirect to sign-in. */
  async isSignedIn(): Promise<boolean> {
    const response = await this.fetch("/settings");
    if (response.status === 200) return true;
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/sign-in");
    return false;
  }
}
