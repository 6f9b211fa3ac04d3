import { describe, expect, it, beforeAll } from "vitest";
import { useTestServer } from "@/tests/support/runtime";
import { createStaffUser, createTestToken } from "@/db/factories";
import { users } from "@/db/schema";

const server = useTestServer();

async function call(method: string, path: string, options: { token?: string; basic?: string; body?: unknown; raw?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.basic) headers.authorization = `Basic ${Buffer.from(options.basic).toString("base64")}`;
  if (options.body !== undefined || options.raw !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(`${server.url}/api/admin/v1${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe("admin API authentication", () => {
  let staff: { email: string; password: string };
  beforeAll(async () => {
    staff = await createStaffUser(server.db, { role: "admin", password: "admin password for tests" });
  });

  it("POST /tokens with HTTP Basic returns a token that works once and is never listed", async () => {
    const created = await call("POST", "/tokens", { basic: `${staff.email}:${staff.password}`, body: { name: "onboarding" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "onboarding", scope: "admin" });
    expect(created.body.token).toMatch(/^ibk_/);
    const listed = await call("GET", "/tokens", { token: created.body.token });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
  });

  it("refuses a wrong Basic password with 401 and Basic on other routes", async () => {
    expect((await call("POST", "/tokens", { basic: `${staff.email}:wrong`, body: { name: "x" } })).status).toBe(401);
    expect((await call("GET", "/customers", { basic: `${staff.email}:${staff.password}` })).status).toBe(401);
  });

  it("POST /customers: 201 with a token, 401 without, 401 once revoked", async () => {
    const { token, id } = await createTestToken(server.db, "admin");
    const created = await call("POST", "/customers", { token, body: { name: "Acme", referenceId: "ACME-1" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Acme", referenceId: "ACME-1" });
    expect(created.body.id).toMatch(/^cus_/);

    const anonymous = await call("POST", "/customers", { body: { name: "Nope" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");

    expect((await call("DELETE", `/tokens/${id}`, { token })).status).toBe(204);
    const revoked = await call("POST", "/customers", { token, body: { name: "Nope" } });
    expect(revoked.status).toBe(401);
  });

  it("customer users get 403", async () => {
    const { email, password } = await createStaffUser(server.db, { password: "customer user password" });
    const { eq } = await import("drizzle-orm");
    await server.db.update(users).set({ kind: "customer", role: "admin" }).where(eq(users.email, email));
    expect((await call("POST", "/tokens", { basic: `${email}:${password}`, body: { name: "x" } })).status).toBe(403);
  });
});

describe("admin API customers", () => {
  let token: string;
  beforeAll(async () => {
    token = (await createTestToken(server.db, "admin")).token;
  });

  it.each([
    [{}, "name"],
    [{ name: "" }, "name"],
    [{ name: 12 }, "name"],
    [{ name: "Ok", referenceId: 5 }, "referenceId"],
    [{ name: "x".repeat(201) }, "name"],
  ])("422 with the field path for %j", async (body, path) => {
    const response = await call("POST", "/customers", { token, body });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
  });

  it("400 for a body that is not JSON, 415 for another content type, 400 for __proto__", async () => {
    expect((await call("POST", "/customers", { token, raw: "{not json" })).status).toBe(400);
    const form = await call("POST", "/customers", { token, raw: "name=x", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe("unsupported_media_type");
    const poisoned = await call("POST", "/customers", { token, raw: '{"name":"x","__proto__":{"admin":true}}' });
    expect(poisoned.status).toBe(400);
  });

  it("409 when the reference id is taken; PATCH and GET round-trip; search finds by reference id", async () => {
    const first = await call("POST", "/customers", { token, body: { name: "Globex Printing", referenceId: "GLX-7" } });
    const clash = await call("POST", "/customers", { token, body: { name: "Other", referenceId: "GLX-7" } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details[0].path).toBe("referenceId");

    const patched = await call("PATCH", `/customers/${first.body.id}`, { token, body: { description: "Big account" } });
    expect(patched.status).toBe(200);
    expect(patched.body.description).toBe("Big account");
    expect((await call("GET", `/customers/${first.body.id}`, { token })).body.description).toBe("Big account");
    expect((await call("GET", "/customers/cus_missing", { token })).status).toBe(404);

    const found = await call("GET", "/customers?q=glx-7", { token });
    expect(found.body.data.map((customer: { id: string }) => customer.id)).toEqual([first.body.id]);
  });

  it("pages with limit and cursor without repeating or skipping", async () => {
    for (let i = 0; i < 5; i++) await call("POST", "/customers", { token, body: { name: `Paging ${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ id: string }>; nextCursor: string | null } } = await call("GET", `/customers?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
      seen.push(...page.body.data.map((customer) => customer.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it("scopes: read tokens cannot write, production tokens cannot list customers, operators cannot mint tokens", async () => {
    const read = (await createTestToken(server.db, "read")).token;
    const production = (await createTestToken(server.db, "production")).token;
    const operator = (await createTestToken(server.db, "operator")).token;
    expect((await call("GET", "/customers", { token: read })).status).toBe(200);
    expect((await call("POST", "/customers", { token: read, body: { name: "x" } })).status).toBe(403);
    expect((await call("GET", "/customers", { token: production })).status).toBe(403);
    expect((await call("POST", "/tokens", { token: operator, body: { name: "x" } })).status).toBe(403);
    expect((await call("POST", "/customers", { token: operator, body: { name: "Operator made" } })).status).toBe(201);
  });

  it("records every change in the audit log with before and after", async () => {
    const created = await call("POST", "/customers", { token, body: { name: "Audited" } });
    await call("PATCH", `/customers/${created.body.id}`, { token, body: { name: "Audited Ltd" } });
    const { auditLog } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const entries = await server.db.select().from(auditLog).where(eq(auditLog.entityId, created.body.id));
    expect(entries.map((entry) => entry.action).sort()).toEqual(["customer.create", "customer.update"]);
    const update = entries.find((entry) => entry.action === "customer.update")!;
    expect(update.actorType).toBe("token");
    expect((update.before as { name: string }).name).toBe("Audited");
    expect((update.after as { name: string }).name).toBe("Audited Ltd");
  });
});

describe("health", () => {
  it("GET /api/health answers ok with the database", async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("GET /api/docs/admin.json is an OpenAPI 3.1 document of the admin API", async () => {
    const document = await (await fetch(`${server.url}/api/docs/admin.json`)).json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/admin/v1/customers");
    expect(Object.keys(document.paths).every((path: string) => path.startsWith("/api/admin/v1"))).toBe(true);
  });
});
