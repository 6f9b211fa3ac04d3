import { beforeAll, describe, expect, it } from "vitest";
import { useTestServer } from "@/tests/support/runtime";
import { callGelato, documentedExampleOrder, seedGelato, storedCounts, waitForCalm, type GelatoSeed } from "./test-fixtures";

const server = useTestServer({ worker: false, env: { CONNECTOR_RATE_LIMIT: "3" } });

let seed: GelatoSeed;
beforeAll(async () => {
  seed = await seedGelato(server.db);
  await waitForCalm(server.server.app);
});

describe("Gelato dialect rate limit", () => {
  it("answers 429 with Retry-After past CONNECTOR_RATE_LIMIT requests per second, per connector", async () => {
    const before = await storedCounts(server.db);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => callGelato(server.url, "POST", "/v4/orders", { key: seed.keys.acme, body: documentedExampleOrder(`limited-${index}`) })),
    );
    const limited = responses.filter((response) => response.status === 429);
    const accepted = responses.filter((response) => response.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(accepted.length).toBeLessThanOrEqual(3);
    expect(limited.length).toBe(8 - accepted.length);
    for (const response of limited) {
      expect(response.body).toEqual({ code: "too_many_requests", message: expect.any(String), details: [] });
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    // Refused requests stored nothing: only the accepted ones made orders.
    expect((await storedCounts(server.db)).orders).toBe(before.orders + accepted.length);

    // Another connector has its own budget.
    expect((await callGelato(server.url, "POST", "/v4/orders:search", { key: seed.keys.other, body: {} })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await callGelato(server.url, "GET", "/v4/orders/limited-0", { key: seed.keys.acme })).status).not.toBe(429);
  });
});
