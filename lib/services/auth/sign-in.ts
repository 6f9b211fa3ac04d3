import { and, count, eq, gt, max, sql } from "drizzle-orm";
import { customers, loginAttempts, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { burnPasswordCheck, verifyPassword } from "@/lib/crypto";
import type { Logger } from "@/lib/log";

// Sign-in throttling that an attacker cannot turn into a lockout of the real user:
// - one browser/IP guessing one account: 5 failures per 15 min;
// - one IP guessing many accounts: 30 failures per 15 min;
// - one account guessed from many IPs: 50 failures per 15 min, but an IP that signed in to
//   that account successfully in the last 30 days is not held back by this last rule.
export const signInLimits = {
  windowMs: 15 * 60_000,
  perAccountAndIp: 5,
  perIp: 30,
  perAccount: 50,
  knownIpMs: 30 * 86_400_000,
};

export type SignInResult = { user: typeof users.$inferSelect };

function tooMany(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError("rate_limited", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    reason: String(retryAfterSeconds),
  });
}

async function checkLimits(db: Database, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - signInLimits.windowMs);
  const [lastSuccess] = await db
    .select({ at: max(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, true)));
  const pairSince = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
  const failures = (where: ReturnType<typeof and>) =>
    db
      .select({ n: count(), oldest: sql<Date | string | null>`min(${loginAttempts.createdAt})` })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.succeeded, false), where))
      .then((rows) => rows[0]!);
  const retryAfter = (oldest: Date | string | null) =>
    Math.ceil((new Date(oldest ?? Date.now()).getTime() + signInLimits.windowMs - Date.now()) / 1000);

  const pair = await failures(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), gt(loginAttempts.createdAt, pairSince)));
  if (pair.n >= signInLimits.perAccountAndIp) throw tooMany(retryAfter(pair.oldest));
  const byIp = await failures(and(eq(loginAttempts.ip, ip), gt(loginAttempts.createdAt, since)));
  if (byIp.n >= signInLimits.perIp) throw tooMany(retryAfter(byIp.oldest));
  const byAccount = await failures(and(eq(loginAttempts.email, email), gt(loginAttempts.createdAt, since)));
  if (byAccount.n >= signInLimits.perAccount) {
    const [known] = await db
      .select({ n: count() })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.email, email),
          eq(loginAttempts.ip, ip),
          eq(loginAttempts.succeeded, true),
          gt(loginAttempts.createdAt, new Date(Date.now() - signInLimits.knownIpMs)),
        ),
      );
    if (!known || known.n === 0) throw tooMany(retryAfter(byAccount.oldest));
  }
}

/**
 * Checks an email and password, throttled per account and IP. Every outcome is recorded and
 * logged; the error never says whether the account exists.
 */
export async function authenticatePassword(
  db: Database,
  log: Logger,
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const ip = input.ip || "unknown";
  await checkLimits(db, email, ip);
  const [row] = await db
    .select({ user: users, storefrontEnabledAt: customers.storefrontEnabledAt })
    .from(users)
    .leftJoin(customers, eq(customers.id, users.customerId))
    .where(eq(sql`lower(${users.email})`, email));
  const user = row?.user;
  const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  await db.insert(loginAttempts).values({ email, ip, succeeded: passwordOk });
  if (!user || !passwordOk) {
    log.warn({ event: "sign_in_failed", ip, known: Boolean(user) }, "sign-in failed");
    throw new AppError("unauthorized", "The email or password is not correct.", { reason: "invalid_credentials" });
  }
  if (user.disabledAt) {
    log.warn({ event: "sign_in_refused", userId: user.id, reason: "disabled" }, "sign-in refused");
    throw new AppError("forbidden", "This account has been disabled. Ask your administrator for access.", { reason: "disabled" });
  }
  if (user.kind === "customer" && !row.storefrontEnabledAt) {
    log.warn({ event: "sign_in_refused", userId: user.id, reason: "storefront_disabled" }, "sign-in refused");
    throw new AppError("forbidden", "Storefront access for your company is switched off. Contact your print partner.", {
      reason: "storefront_disabled",
    });
  }
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  log.info({ event: "sign_in", userId: user.id, kind: user.kind }, "signed in");
  return { user };
}
