import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/security-headers";
import { useTestServer } from "@/tests/support/runtime";

const server = useTestServer();

describe("security headers on API answers", () => {
  it.each(["/api/health", "/api/admin/v1/customers", "/api/gelato/v4/orders/nope", "/api/nowhere"])("%s carries them, with a strict CSP and no-store", async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("the API docs keep a policy that lets their own scripts run", async () => {
    const response = await fetch(`${server.url}/api/docs/static/index.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("adds HSTS only when APP_URL is https", () => {
    expect(securityHeaders({ isSecure: true })["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ isSecure: false })["strict-transport-security"]).toBeUndefined();
  });
});
