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
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => siteflowRequest(server.url, credentials, "POST", "/order", { body: minimalOrder(`RATE-${index}`) })),
    );
    const limited = responses.filter((response) => response.status === 429);
    const accepted = responses.filter((response) => response.status === 201);
    expect(accepted.length).toBeLessThanOrEqual(5);
    expect(limited.length).toBeGreaterThanOrEqual(7);
    expect(limited[0]!.body).toMatchObject({ success: false, error: { name: "TooManyRequests", code: 429 } });
    expect(limited[0]!.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await countOrders(server.db)).toBe(accepted.length);
  });
});
