import { beforeAll, describe, expect, it } from "vitest";
import { useTestServer } from "@/tests/support/runtime";
import { account, countOrders, minimalOrder, setUpCatalog, setUpCustomer, siteflowRequest, type Credentials } from "./test-helpers";

const server = useTestServer({ worker: false, env: { SITEFLOW_ACCOUNT: account, CONNECTOR_RATE_LIMIT: "5" } });

let credentials: Credentials;
beforeAll(async () => {
  await setUpCatalog(server.db);
  credentials = (await setUpCustomer(server.db)).credentials;
});

describe("SiteFlow rate limit", () => {
  it("answers 429 in Site Flow's wrapper with Retry-After past CONNECTOR_RATE_LIMIT per second, storing nothing", async () => {
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => siteflowRequest(server.url, credentials, "POST", "/order", { body: minimalOrder(`RATE-${index}`) })),
    );
    const elapsedWindows = Math.ceil((Date.now() - started) / 1000) + 1;
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 429), JSON.stringify(statuses)).toBe(true);
    const limited = responses.filter((response) => response.status === 429);
    const accepted = responses.filter((response) => response.status === 201);
    expect(limited.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThanOrEqual(5 * elapsedWindows);
    expect(limited[0]!.body).toEqual({ success: false, error: { name: "TooManyRequests", code: 429, message: expect.stringContaining("retry") } });
    expect(limited[0]!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await countOrders(server.db)).toBe(accepted.length);
  });
});
