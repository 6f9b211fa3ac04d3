import { and, eq, gt } from "drizzle-orm";
import { customers, sessions, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { randomToken, sha256Hex } from "@/lib/crypto";

// Browser sessions. The cookie carries a random session id inside a signed JWT; the row here is
// the truth, so deleting it signs that browser out on its very next request.
export const sessionPolicy = {
  absoluteMs: 30 * 86_400_000,
  idleMs: 7 * 86_400_000,
  touchEveryMs: 5 * 60_000,
};

export async function createSession(db: Database, input: { userId: string; ip?: string; userAgent?: string }): Promise<string> {
  const sid = randomToken(32);
  await db.insert(sessions).values({
    id: sha256Hex(sid),
    userId: input.userId,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + sessionPolicy.absoluteMs),
  });
  return sid;
}

export type SessionUser = typeof users.$inferSelect;

/** The live session's user, or null when the session ended, expired, idled out or the user was disabled. */
export async function resolveSession(db: Database, sid: string): Promise<SessionUser | null> {
  const id = sha256Hex(sid);
  const now = new Date();
  const [row] = await db
    .select({ session: sessions, user: users, storefrontEnabledAt: customers.storefrontEnabledAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(customers, eq(customers.id, users.customerId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  if (!row) return null;
  if (row.user.disabledAt) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > sessionPolicy.idleMs) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  // A customer's users lose access the moment staff switch its storefront access off.
  if (row.user.kind === "customer" && !row.storefrontEnabledAt) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > sessionPolicy.touchEveryMs) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return row.user;
}

export async function endSession(db: Database, sid: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sha256Hex(sid)));
}

export async function endAllSessions(db: Database, userId: string): Promise<number> {
  const removed = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
  return removed.length;
}
