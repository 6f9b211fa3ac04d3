import { and, count, eq, gt, sql } from "drizzle-orm";
import { customers, loginAttempts, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { burnPasswordCheck, verifyPassword } from "@/lib/crypto";
import type { Logger } from "@/lib/log";
import { clearCounters, hitCounters, refundCounters, secondsLeft } from "./throttle";

// Sign-in throttling that cannot be raced and that an attacker cannot turn into a lockout of the
// real user. Every attempt is counted before the password is checked (refunded if it is refused or
// succeeds), so parallel guesses get no more tries than serial ones:
// - one address guessing one account: 5 tries per 15 min;
// - one address guessing many accounts: 30 tries per 15 min;
// - an account guessed from many addresses (more than 10 failures in 15 min) is under attack: it
//   is never locked, but every address that has not signed in to it in the last 30 days gets only
//   2 tries per 15 min and waits a little longer before each one (up to 2 s). Addresses the
//   account signed in from before are not slowed.
export const signInLimits = {
  windowMs: 15 * 60_000,
  perAccountAndIp: 5,
  perIp: 30,
  accountUnderAttack: 10,
  perAccountAndIpUnderAttack: 2,
  underAttackDelayStepMs: 50,
  underAttackDelayMaxMs: 2_000,
  knownIpMs: 30 * 86_400_000,
};

export type SignInResult = { user: typeof users.$inferSelect };

function tooMany(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError("rate_limited", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    reason: String(retryAfterSeconds),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether this address signed in to this account successfully in the last 30 days. */
async function isKnownAddress(db: Database, email: string, ip: string): Promise<boolean> {
  const [row] = await db
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
  return (row?.n ?? 0) > 0;
}

type Keys = { pair: string; ip: string; account: string };

/** Counts the attempt, or refuses it; resolves once the attempt may check its password. */
async function admitAttempt(db: Database, log: Logger, email: string, ip: string): Promise<Keys> {
  const keys: Keys = { pair: `sign-in:pair:${email}|${ip}`, ip: `sign-in:ip:${ip}`, account: `sign-in:account:${email}` };
  const known = await isKnownAddress(db, email, ip);
  const counts = await hitCounters(db, [keys.pair, keys.ip, keys.account], signInLimits.windowMs);
  const pair = counts.get(keys.pair)!;
  const byIp = counts.get(keys.ip)!;
  const byAccount = counts.get(keys.account)!;
  const slowed = !known && byAccount.hits > signInLimits.accountUnderAttack;
  const pairBudget = slowed ? signInLimits.perAccountAndIpUnderAttack : signInLimits.perAccountAndIp;
  const refusedBy = pair.hits > pairBudget ? pair : byIp.hits > signInLimits.perIp ? byIp : undefined;
  if (refusedBy) {
    await refundCounters(db, [keys.pair, keys.ip, keys.account]);
    log.warn({ event: "sign_in_throttled", slowed }, "sign-in refused by the throttle");
    throw tooMany(secondsLeft(refusedBy, signInLimits.windowMs));
  }
  if (slowed) {
    const excess = byAccount.hits - signInLimits.accountUnderAttack;
    await sleep(Math.min(signInLimits.underAttackDelayMaxMs, excess * signInLimits.underAttackDelayStepMs));
  }
  return keys;
}

/**
 * Checks an email and password, throttled per account and client address. Every outcome is recorded and
 * logged; the error never says whether the account exists.
 */
export async function authenticatePassword(
  db: Database,
  log: Logger,
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const ip = input.ip || "unknown";
  const keys = await admitAttempt(db, log, email, ip);
  const [row] = await db
    .select({ user: users, storefrontEnabledAt: customers.storefrontEnabledAt })
    .from(users)
    .leftJoin(customers, eq(customers.id, users.customerId))
    .where(eq(sql`lower(${users.email})`, email));
  const user = row?.user;
  const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  await db.insert(loginAttempts).values({ email, ip, succeeded: passwordOk });
  // The right password clears this address's tries and does not count against the others.
  if (passwordOk) await Promise.all([clearCounters(db, [keys.pair]), refundCounters(db, [keys.ip, keys.account])]);
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
