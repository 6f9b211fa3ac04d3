import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestServer } from "@/tests/support/runtime";
import { createStaffUser, createTestToken, getUserByEmail } from "@/db/factories";
import { mailMessages } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { systemContext } from "@/lib/services/context";
import { requestPasswordReset, setPasswordWithLink } from "@/lib/services/account";
import { createSession } from "@/lib/services/auth/sessions";
import { getMail } from "@/lib/services/mail/list";

const server = useTestServer();

/** Every row of every table the application and its job queue own, as JSON text. */
async function dumpDatabase(): Promise<string> {
  const { rows: tables } = await server.database.executeSql(
    `select table_schema, table_name from information_schema.tables
     where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1, 2`,
    [],
  );
  expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(["users", "api_tokens", "auth_tokens", "mail_messages", "sessions", "audit_log"]));
  const parts: string[] = [];
  for (const table of tables) {
    const name = `"${String(table.table_schema)}"."${String(table.table_name)}"`;
    const { rows } = await server.database.executeSql(`select row_to_json(t)::text as row from ${name} t`, []);
    parts.push(`-- ${name}`, ...rows.map((row) => String(row.row)));
  }
  return parts.join("\n");
}

async function admin(path: string, init: { method?: string; auth: string; body?: unknown }) {
  const response = await fetch(`${server.url}/api/admin/v1${path}`, {
    method: init.method ?? "POST",
    headers: { authorization: init.auth, "content-type": "application/json" },
    body: JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** The one-time link token inside a mail in the outbox, read the way staff read it. */
async function linkTokenFromMail(to: string): Promise<string> {
  const [row] = await server.db.select({ id: mailMessages.id }).from(mailMessages).where(eq(mailMessages.to, to));
  const mail = await getMail({ ctx: systemContext("test", { db: server.db }), mailId: row!.id });
  const token = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mail.text)?.[1];
  expect(token, `a link in the mail to ${to}`).toBeTruthy();
  expect(mail.html).toContain(token);
  return token!;
}

describe("secrets at rest", () => {
  it("no password, API token, session id or one-time link appears in clear anywhere in the database", async () => {
    const owner = await createStaffUser(server.db, { email: "owner@example.com", password: "owner's long passphrase" });
    const basic = `Basic ${Buffer.from(`${owner.email}:${owner.password}`).toString("base64")}`;

    const viaBasic = await admin("/tokens", { auth: basic, body: { name: "made with basic", scope: "admin" } });
    expect(viaBasic.status).toBe(201);
    const bearer = `Bearer ${viaBasic.body.token}`;
    const viaToken = await admin("/tokens", { auth: bearer, body: { name: "made with a token", scope: "read" } });
    expect(viaToken.status).toBe(201);
    const viaService = await createTestToken(server.db, "production");

    expect((await admin("/staff", { auth: bearer, body: { email: "new.operator@example.com", name: "New Operator", role: "operator" } })).status).toBe(201);
    const inviteToken = await linkTokenFromMail("new.operator@example.com");
    const invitedPassword = "operator chose this passphrase";
    await setPasswordWithLink({ ctx: systemContext("test", { db: server.db }), input: { token: inviteToken, password: invitedPassword } });

    await requestPasswordReset({ ctx: systemContext("test", { db: server.db }), input: { email: owner.email } });
    const resetToken = await linkTokenFromMail(owner.email);
    const sid = await createSession(server.db, { userId: owner.user.id, ip: "192.0.2.1" });

    const secrets = {
      "owner password": owner.password,
      "invited user's password": invitedPassword,
      "API token made with Basic": viaBasic.body.token!,
      "API token made with a token": viaToken.body.token!,
      "API token made by the service": viaService.token,
      "invitation link token": inviteToken,
      "password reset link token": resetToken,
      "session id": sid,
      "encryption key": server.env.ENCRYPTION_KEY,
      "auth secret": server.env.AUTH_SECRET,
    };
    const dump = await dumpDatabase();
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret.length, what).toBeGreaterThanOrEqual(16);
      expect(dump.includes(secret), `${what} is stored in clear`).toBe(false);
    }

    // The dump did see the rows: tokens, links and sessions are there as hashes, mail bodies sealed.
    for (const token of [viaBasic.body.token!, viaService.token, inviteToken, resetToken, sid]) expect(dump).toContain(sha256Hex(token));
    expect(dump).toContain("new.operator@example.com");
    const mails = await server.db.select().from(mailMessages);
    expect(mails.length).toBe(2);
    for (const mail of mails) expect(mail.bodyEncrypted).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(dump).not.toContain("/invite/");

    // Password hashes live in users.password_hash only: the audit log keeps "[hidden]" instead.
    const hashes = [owner.email, "new.operator@example.com"].map(async (email) => (await getUserByEmail(server.db, email))!.passwordHash!);
    for (const hash of await Promise.all(hashes)) {
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(dump.split(hash).length - 1, "copies of a password hash").toBe(1);
    }
  });
});
