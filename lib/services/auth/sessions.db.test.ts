import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createStaffUser, staffContext } from "@/db/factories";
import { sessions } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { createContext, type ServiceContext } from "@/lib/services/context";
import { changePassword, signOutEverywhere } from "@/lib/services/account";
import { removeStaff } from "@/lib/services/staff";
import { createSession, endSession, resolveSession, sessionPolicy } from "./sessions";

const runtime = useTestRuntime();

async function staffMember() {
  const member = await createStaffUser(runtime.db, { role: "operator" });
  const ctx: ServiceContext = createContext(
    { type: "staff", userId: member.user.id, email: member.email, name: member.user.name, role: "operator" },
    { db: runtime.db },
  );
  return { ...member, ctx };
}

const isLive = async (sid: string) => (await resolveSession(runtime.db, sid)) !== null;

describe("browser sessions", () => {
  it("store only the SHA-256 of the session id", async () => {
    const { user } = await staffMember();
    const sid = await createSession(runtime.db, { userId: user.id, ip: "192.0.2.1", userAgent: "test" });
    const rows = await runtime.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((row) => row.id)).toEqual([sha256Hex(sid)]);
    expect((await resolveSession(runtime.db, sid))?.id).toBe(user.id);
    expect(await isLive(`${sid}x`)).toBe(false);
  });

  it("sign out ends one session; sign out everywhere ends all of that user's and no one else's", async () => {
    const { user, ctx } = await staffMember();
    const other = await staffMember();
    const [phone, laptop, tablet] = await Promise.all([1, 2, 3].map(() => createSession(runtime.db, { userId: user.id })));
    const otherSid = await createSession(runtime.db, { userId: other.user.id });

    await endSession(runtime.db, phone!);
    expect([await isLive(phone!), await isLive(laptop!)]).toEqual([false, true]);

    expect(await signOutEverywhere({ ctx })).toBe(2);
    expect([await isLive(laptop!), await isLive(tablet!)]).toEqual([false, false]);
    expect(await isLive(otherSid)).toBe(true);
  });

  it("removing a staff member ends their open sessions at once", async () => {
    const { user } = await staffMember();
    const sid = await createSession(runtime.db, { userId: user.id });
    expect(await isLive(sid)).toBe(true);
    await removeStaff({ ctx: staffContext(runtime.db), userId: user.id });
    expect(await isLive(sid)).toBe(false);
    expect(await runtime.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("a disabled user's session stops working even if its row survived", async () => {
    const { user } = await staffMember();
    const sid = await createSession(runtime.db, { userId: user.id });
    const { users } = await import("@/db/schema");
    await runtime.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await isLive(sid)).toBe(false);
  });

  it("changing the password ends every session", async () => {
    const { user, password, ctx } = await staffMember();
    const sid = await createSession(runtime.db, { userId: user.id });
    await changePassword({ ctx, input: { currentPassword: password, newPassword: "a brand new passphrase" } });
    expect(await isLive(sid)).toBe(false);
  });

  it("a session idle for longer than the idle limit, or past its lifetime, is over", async () => {
    const { user } = await staffMember();
    const idle = await createSession(runtime.db, { userId: user.id });
    const old = await createSession(runtime.db, { userId: user.id });
    await runtime.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - sessionPolicy.idleMs - 60_000) })
      .where(eq(sessions.id, sha256Hex(idle)));
    await runtime.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sha256Hex(old)));
    expect(await isLive(idle)).toBe(false);
    expect(await isLive(old)).toBe(false);
    expect(await runtime.db.select().from(sessions).where(eq(sessions.id, sha256Hex(idle)))).toEqual([]);
  });
});
