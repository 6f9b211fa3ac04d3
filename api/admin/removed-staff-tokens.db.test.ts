import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestServer } from "@/tests/support/runtime";
import { createStaffUser } from "@/db/factories";
import { apiTokens, users } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { createSession, resolveSession } from "@/lib/services/auth/sessions";

const server = useTestServer({ worker: false });

async function call(method: string, path: string, auth: { token?: string; basic?: string }, body?: unknown) {
  const headers: Record<string, string> = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.basic) headers.authorization = `Basic ${Buffer.from(auth.basic).toString("base64")}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}/api/admin/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A staff member with a token minted over HTTP Basic, and a second token that token minted. */
async function staffWithTokens(name: string) {
  const member = await createStaffUser(server.db, { role: "admin", password: `${name} password for tests` });
  const first = await call("POST", "/tokens", { basic: `${member.email}:${member.password}` }, { name: `${name} ERP`, scope: "admin" });
  expect(first.status).toBe(201);
  const second = await call("POST", "/tokens", { token: first.body.token }, { name: `${name} minted by a token`, scope: "operator" });
  expect(second.status).toBe(201);
  return { ...member, tokens: [first.body.token as string, second.body.token as string] };
}

describe("removed staff lose their API tokens", () => {
  let admin: Awaited<ReturnType<typeof staffWithTokens>>;
  beforeAll(async () => {
    admin = await staffWithTokens("admin");
  });

  it("DELETE /staff/:id ends the member's sessions and every token they created, including tokens their tokens minted", async () => {
    const leaver = await staffWithTokens("leaver");
    // A token minted by a token before owners were recorded names only its parent's name.
    const [, legacy] = await Promise.all(leaver.tokens.map((token) => server.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256Hex(token)))));
    await server.db.update(apiTokens).set({ createdBy: "token:leaver ERP" }).where(eq(apiTokens.id, legacy![0]!.id));
    const sid = await createSession(server.db, { userId: leaver.user.id });
    for (const token of leaver.tokens) expect((await call("GET", "/customers", { token })).status).toBe(200);

    expect((await call("DELETE", `/staff/${leaver.user.id}`, { token: admin.tokens[0] })).status).toBe(204);

    for (const token of leaver.tokens) {
      const refused = await call("GET", "/customers", { token });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe("unauthorized");
    }
    expect(await resolveSession(server.db, sid)).toBeNull();
    // The removed account cannot mint a new one either (403: disabled, after the password check).
    expect((await call("POST", "/tokens", { basic: `${leaver.email}:${leaver.password}` }, { name: "again" })).status).toBe(403);
    const listed = await call("GET", "/tokens", { token: admin.tokens[0] });
    const leaversTokens = listed.body.data.filter((token: { createdBy: string }) => [leaver.email, "token:leaver ERP"].includes(token.createdBy));
    expect(leaversTokens).toHaveLength(2);
    expect(leaversTokens.every((token: { revokedAt: string | null }) => token.revokedAt !== null)).toBe(true);
    // Everyone else's tokens keep working.
    for (const token of admin.tokens) expect((await call("GET", "/customers", { token })).status).toBe(200);
  });

  it("a token stops working once its owner is disabled, even if nothing revoked it", async () => {
    const leaver = await staffWithTokens("disabled");
    await server.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, leaver.user.id));
    for (const token of leaver.tokens) expect((await call("GET", "/customers", { token })).status).toBe(401);
    const listed = await call("GET", "/tokens", { token: admin.tokens[0] });
    const unrevoked = listed.body.data.filter((token: { createdBy: string; revokedAt: string | null }) => token.createdBy === leaver.email && !token.revokedAt);
    expect(unrevoked).toHaveLength(2);
  });
});
