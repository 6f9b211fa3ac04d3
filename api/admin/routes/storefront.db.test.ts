import { describe, expect, it, beforeAll } from "vitest";
import { eq } from "drizzle-orm";
import { useTestServer } from "@/tests/support/runtime";
import { createStaffUser, createTestToken } from "@/db/factories";
import { createTestProduct, latestLink } from "@/tests/support/storefront";
import { sessions } from "@/db/schema";
import { systemContext } from "@/lib/services/context";
import { setPasswordWithLink } from "@/lib/services/account";
import { createSession, resolveSession } from "@/lib/services/auth/sessions";

const server = useTestServer({ env: { PARTNER_NAME: "Northprint" } });

async function call(method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}/api/admin/v1${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("storefront access over the admin API", () => {
  let token: string;
  let customerId: string;
  beforeAll(async () => {
    token = (await createTestToken(server.db, "operator")).token;
    customerId = (await call("POST", "/customers", { token, body: { name: "Acme Posters" } })).body.id;
  });

  it("POST /customers/{id}/storefront-access enables access, answers 201 and mails the invitation", async () => {
    const response = await call("POST", `/customers/${customerId}/storefront-access`, { token, body: { email: "ada@acme.example", firstName: "Ada", lastName: "Lovelace" } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ userId: expect.stringMatching(/^usr_/), email: "ada@acme.example", invitedAt: expect.any(String) });
    const mail = await latestLink(server.db, "ada@acme.example");
    expect(mail.text).toContain("Hi Ada,");
    expect(mail.url.startsWith(`${server.env.APP_URL}/invite/`)).toBe(true);

    const access = await call("GET", `/customers/${customerId}/storefront-access`, { token });
    expect(access.body).toMatchObject({ enabled: true, users: [{ email: "ada@acme.example", role: "admin", status: "invited" }] });
    expect((await call("GET", `/customers/${customerId}`, { token })).body.storefront.enabled).toBe(true);
  });

  it.each([
    [{}, ["email", "firstName", "lastName"]],
    [{ email: "not-an-email", firstName: "A", lastName: "B" }, ["email"]],
    [{ email: "a@b.example", firstName: "", lastName: "B" }, ["firstName"]],
    [{ email: "a@b.example", firstName: "A", lastName: 7 }, ["lastName"]],
  ])("POST storefront-access with %j is a 422 naming %j", async (body, paths) => {
    const response = await call("POST", `/customers/${customerId}/storefront-access`, { token, body });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(paths);
  });

  it("answers 400, 401, 403, 404 and 409 where they belong", async () => {
    const body = { email: "someone@acme.example", firstName: "Some", lastName: "One" };
    expect((await call("POST", `/customers/${customerId}/storefront-access`, { token, raw: "{oops" })).status).toBe(400);
    expect((await call("POST", `/customers/${customerId}/storefront-access`, { body })).status).toBe(401);
    const read = (await createTestToken(server.db, "read")).token;
    expect((await call("POST", `/customers/${customerId}/storefront-access`, { token: read, body })).status).toBe(403);
    expect((await call("DELETE", `/customers/${customerId}/storefront-access`, { token: read })).status).toBe(403);
    expect((await call("POST", "/customers/cus_nope/storefront-access", { token, body })).status).toBe(404);
    expect((await call("DELETE", "/customers/cus_nope/storefront-access", { token })).status).toBe(404);
    const staff = await createStaffUser(server.db);
    const clash = await call("POST", `/customers/${customerId}/storefront-access`, { token, body: { ...body, email: staff.email } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual([{ path: "email", message: "already in use" }]);
  });

  it("DELETE /customers/{id}/storefront-access answers 204 and ends the sessions of the customer's users", async () => {
    const created = await call("POST", "/customers", { token, body: { name: "Short Lived" } });
    const invited = await call("POST", `/customers/${created.body.id}/storefront-access`, { token, body: { email: "eve@short.example", firstName: "Eve", lastName: "S" } });
    const { token: linkToken } = await latestLink(server.db, "eve@short.example");
    await setPasswordWithLink({ ctx: systemContext("test", { db: server.db }), input: { token: linkToken, password: "a long test password" } });
    const sid = await createSession(server.db, { userId: invited.body.userId });
    expect(await resolveSession(server.db, sid)).not.toBeNull();

    const response = await call("DELETE", `/customers/${created.body.id}/storefront-access`, { token });
    expect(response.status).toBe(204);
    expect(await server.db.select().from(sessions).where(eq(sessions.userId, invited.body.userId))).toHaveLength(0);
    expect(await resolveSession(server.db, sid)).toBeNull();
    expect((await call("GET", `/customers/${created.body.id}/storefront-access`, { token })).body.enabled).toBe(false);
    expect((await call("DELETE", `/customers/${created.body.id}/storefront-access`, { token })).status).toBe(204);
  });

  it("PUT /customers/{id}/catalog-access limits the products; unknown productUids are named", async () => {
    await createTestProduct(server.db, { productUid: "api_poster" });
    const saved = await call("PUT", `/customers/${customerId}/catalog-access`, { token, body: { mode: "selected", productUids: ["api_poster"] } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ customerId, mode: "selected", productUids: ["api_poster"] });
    expect((await call("GET", `/customers/${customerId}/catalog-access`, { token })).body.productUids).toEqual(["api_poster"]);
    expect((await call("GET", `/customers/${customerId}`, { token })).body.catalogAccess).toBe("selected");

    const unknown = await call("PUT", `/customers/${customerId}/catalog-access`, { token, body: { mode: "selected", productUids: ["api_poster", "ghost"] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: "productUids[1]", message: "no product ghost" }]);
    const badShape = await call("PUT", `/customers/${customerId}/catalog-access`, { token, body: { mode: "selected", productUids: [1] } });
    expect(badShape.status).toBe(422);
    expect(badShape.body.error.details[0].path).toBe("productUids[0]");
  });
});
