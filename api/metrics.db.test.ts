import { afterEach, describe, expect, it } from "vitest";
import { setEnv } from "@/lib/env";
import { useTestServer } from "@/tests/support/runtime";

const server = useTestServer();

afterEach(() => setEnv(server.env));

const scrape = (options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  server.server.app.inject({ method: "GET", url: "/api/metrics", ...options });

describe("GET /api/metrics", () => {
  it("answers loopback clients when METRICS_TOKEN is unset", async () => {
    const response = await fetch(`${server.url}/api/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("inkbridge_http_request_duration_seconds");
    expect((await scrape({ remoteAddress: "::1" })).statusCode).toBe(200);
    expect((await scrape({ remoteAddress: "::ffff:127.0.0.1" })).statusCode).toBe(200);
  });

  it("refuses other clients when METRICS_TOKEN is unset, whatever X-Forwarded-For says", async () => {
    for (const remoteAddress of ["203.0.113.7", "10.0.0.8", "::ffff:10.0.0.8"]) {
      const response = await scrape({ remoteAddress, headers: { "x-forwarded-for": "127.0.0.1" } });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain("inkbridge_");
    }
  });

  it("asks everyone, loopback too, for METRICS_TOKEN as a Bearer token when it is set", async () => {
    const token = "metrics-token-0123456789";
    setEnv({ ...server.env, METRICS_TOKEN: token });
    const missing = await scrape({ remoteAddress: "127.0.0.1" });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect((await scrape({ remoteAddress: "127.0.0.1", headers: { authorization: `Bearer ${token}x` } })).statusCode).toBe(401);
    expect((await scrape({ remoteAddress: "127.0.0.1", headers: { authorization: `Basic ${token}` } })).statusCode).toBe(401);
    const remote = await scrape({ remoteAddress: "203.0.113.7", headers: { authorization: `Bearer ${token}` } });
    expect(remote.statusCode).toBe(200);
    expect(remote.body).toContain("inkbridge_jobs");
  });
});
