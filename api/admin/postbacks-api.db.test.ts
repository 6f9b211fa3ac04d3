import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestServer } from "@/tests/support/runtime";
import { receiverEnv, startPostbackReceiver, type PostbackReceiver } from "@/tests/support/postback-receiver";
import { createTestCustomer, createTestToken } from "@/db/factories";

const server = useTestServer({ env: receiverEnv });
let receiver: PostbackReceiver;
let token: string;
let customerId: string;

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? token}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}/api/admin/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function waitForStatus(deliveryId: string, status: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const delivery = await call("GET", `/postbacks/${deliveryId}`);
    if (delivery.body.status === status) return delivery.body;
    if (Date.now() > deadline) throw new Error(`postback stayed ${delivery.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  receiver = await startPostbackReceiver();
  token = (await createTestToken(server.db, "admin")).token;
  customerId = (await createTestCustomer(server.db, { name: "API postbacks" })).id;
});
afterAll(() => receiver.close());

describe("admin API postback triggers", () => {
  it("POST /customers/{id}/triggers creates URL and email triggers; GET lists them without header values", async () => {
    const url = await call("POST", `/customers/${customerId}/triggers`, {
      body: { name: "ERP", events: ["order.shipped", "order.canceled"], url: `${receiver.url}/erp`, method: "PUT", headers: { "X-Api-Key": "very-secret" } },
    });
    expect(url.status).toBe(201);
    expect(url.body).toMatchObject({ id: expect.stringMatching(/^trg_/), delivery: "url", method: "PUT", events: ["order.shipped", "order.canceled"], headerNames: ["X-Api-Key"] });
    const email = await call("POST", `/customers/${customerId}/triggers`, { body: { events: ["order.shipped"], email: "ops@example.com" } });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({ delivery: "email", email: "ops@example.com", method: null });

    const listed = await call("GET", `/customers/${customerId}/triggers`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((trigger: { id: string }) => trigger.id)).toEqual([url.body.id, email.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain("very-secret");
  });

  it.each([
    [{ events: ["order.shipped"] }, "url"],
    [{ events: ["order.nope"], url: "https://x.example" }, "events[0]"],
    [{ events: "order.shipped", url: "https://x.example" }, "events"],
    [{ events: ["order.shipped"], url: "not a url" }, "url"],
    [{ events: ["order.shipped"], url: "https://x.example", method: "DELETE" }, "method"],
    [{ events: ["order.shipped"], url: "https://x.example", headers: { "Webhook-Signature": "x" } }, "headers.Webhook-Signature"],
    [{ events: ["order.shipped"], url: "https://x.example", template: "{{#if x}}" }, "template"],
  ])("422 with the field path for %j", async (body, path) => {
    const response = await call("POST", `/customers/${customerId}/triggers`, { body });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/hook",
    "http://[::1]:8080/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[64:ff9b::7f00:1]/hook",
    "http://localhost:9000/hook",
  ])("422 naming url for %s, which is not public and not in POSTBACK_ALLOW", async (url) => {
    const response = await call("POST", `/customers/${customerId}/triggers`, { body: { events: ["order.shipped"], url } });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ path: "url", message: expect.stringMatching(/^points to a non-public address .*POSTBACK_ALLOW$/) }]);
  });

  it("404 for an unknown customer or trigger; 403 for a read-only token", async () => {
    expect((await call("POST", "/customers/cus_missing/triggers", { body: { events: ["order.shipped"], email: "a@b.co" } })).status).toBe(404);
    expect((await call("GET", "/customers/cus_missing/triggers")).status).toBe(404);
    expect((await call("DELETE", "/triggers/trg_missing")).status).toBe(404);
    const reader = (await createTestToken(server.db, "read")).token;
    expect((await call("GET", `/customers/${customerId}/triggers`, { token: reader })).status).toBe(200);
    expect((await call("POST", `/customers/${customerId}/triggers`, { token: reader, body: { events: ["order.shipped"], email: "a@b.co" } })).status).toBe(403);
    expect((await call("GET", `/customers/${customerId}/postback-secret`, { token: reader })).status).toBe(403);
  });
});

describe("admin API postback secret and log", () => {
  it("GET postback-secret makes the secret once; :rotate replaces it and keeps the old one signing for 24 h", async () => {
    const first = await call("GET", `/customers/${customerId}/postback-secret`);
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(first.body.previousSecretExpiresAt).toBeNull();
    expect((await call("GET", `/customers/${customerId}/postback-secret`)).body.secret).toBe(first.body.secret);

    const rotated = await call("POST", `/customers/${customerId}/postback-secret:rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(first.body.secret);
    expect(new Date(rotated.body.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect((await call("GET", `/customers/${customerId}/postback-secret`)).body.secret).toBe(rotated.body.secret);
    receiver.secrets = [rotated.body.secret, first.body.secret];
  });

  it("sends a test, lists it by customer and status, shows its attempts, and resends it with the same webhook-id", async () => {
    const trigger = await call("POST", `/customers/${customerId}/triggers`, { body: { events: ["order.delivered"], url: `${receiver.url}/test` } });
    const test = await call("POST", `/triggers/${trigger.body.id}:test`);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ eventType: "postback.test", status: "pending", webhookId: expect.stringMatching(/^msg_/) });
    const delivered = await waitForStatus(test.body.id, "succeeded");
    expect(delivered.attempts).toHaveLength(1);
    expect(delivered.attempts[0]).toMatchObject({ attempt: 1, response: { status: 204 }, request: { method: "POST", url: `${receiver.url}/test` } });

    const listed = await call("GET", `/postbacks?customerId=${customerId}&status=succeeded`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toContain(test.body.id);
    expect((await call("GET", `/postbacks?customerId=${customerId}&status=failed`)).body.data).toEqual([]);
    expect((await call("GET", "/postbacks?status=lost")).status).toBe(422);

    const resent = await call("POST", `/postbacks/${test.body.id}:resend`);
    expect(resent.status).toBe(202);
    await receiver.waitFor((r) => r.byId(test.body.webhookId).length === 2);
    expect(receiver.uniqueIds()).toEqual([test.body.webhookId]);
    expect(receiver.received.every((request) => request.valid && request.signatures.length === 2)).toBe(true);
    expect((await waitForStatus(test.body.id, "succeeded")).attempts).toHaveLength(2);

    expect((await call("POST", `/postbacks/${test.body.id}:retry`)).status).toBe(404);
    expect((await call("POST", "/postbacks/pbk_missing:resend")).status).toBe(404);
  });

  it("DELETE /triggers/{id} answers 204, then 404", async () => {
    const trigger = await call("POST", `/customers/${customerId}/triggers`, { body: { events: ["order.returned"], email: "returns@example.com" } });
    expect((await call("DELETE", `/triggers/${trigger.body.id}`)).status).toBe(204);
    expect((await call("DELETE", `/triggers/${trigger.body.id}`)).status).toBe(404);
    const listed = await call("GET", `/customers/${customerId}/triggers`);
    expect(listed.body.data.map((row: { id: string }) => row.id)).not.toContain(trigger.body.id);
  });
});
