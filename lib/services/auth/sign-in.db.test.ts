import { describe, expect, it } from "vitest";
import { eq, like, sql } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createStaffUser, getUserByEmail, staffContext } from "@/db/factories";
import { loginAttempts, throttleCounters, users } from "@/db/schema";
import { createLogger } from "@/lib/log";
import { isAppError, type AppError } from "@/lib/errors";
import { ensureBootstrapAdmin } from "@/lib/services/account";
import { removeStaff } from "@/lib/services/staff";
import { authenticatePassword, signInLimits } from "./sign-in";

const runtime = useTestRuntime();
const log = createLogger("silent");

const signIn = (email: string, password: string, ip: string) => authenticatePassword(runtime.db, log, { email, password, ip });

/** The refusal of a sign-in: its code and reason, or "ok" when it went through. */
async function outcome(email: string, password: string, ip: string): Promise<string> {
  try {
    await signIn(email, password, ip);
    return "ok";
  } catch (error) {
    if (!isAppError(error)) throw error;
    return `${error.code}:${(error as AppError).reason}`;
  }
}

async function failTimes(times: number, email: (i: number) => string, ip: (i: number) => string): Promise<void> {
  for (let i = 0; i < times; i++) expect(await outcome(email(i), "wrong password here", ip(i))).toBe("unauthorized:invalid_credentials");
}

const argon2id = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/;

describe("passwords at rest", () => {
  it("are stored as argon2id (19 MiB, 2 passes, 1 lane) with a salt of their own", async () => {
    const a = await createStaffUser(runtime.db, { password: "the very same password" });
    const b = await createStaffUser(runtime.db, { password: "the very same password" });
    const bootstrap = await ensureBootstrapAdmin(runtime.db, {});
    expect(bootstrap.created).toBe(false);
    const rows = await runtime.db.select({ email: users.email, hash: users.passwordHash }).from(users);
    for (const row of rows) expect(row.hash, row.email).toMatch(argon2id);
    const [hashA, hashB] = [a, b].map((user) => rows.find((row) => row.email === user.email)!.hash!);
    expect(hashA).not.toBe(hashB);
    expect(hashA).not.toContain("the very same password");
  });

  it("the generated bootstrap password is hashed the same way", async () => {
    await runtime.db.execute(sql`delete from users`);
    const admin = await ensureBootstrapAdmin(runtime.db, {});
    expect(admin).toMatchObject({ created: true, email: "admin@localhost" });
    const password = (admin as { generatedPassword: string }).generatedPassword;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await getUserByEmail(runtime.db, "admin@localhost"))!.passwordHash).toMatch(argon2id);
    expect(await outcome("ADMIN@localhost", password, "192.0.2.1")).toBe("ok");
  });

  it("of processes starting side by side on an empty database, only the one that created the admin reports a password", async () => {
    await runtime.db.execute(sql`delete from users`);
    const starts = await Promise.all(Array.from({ length: 4 }, () => ensureBootstrapAdmin(runtime.db, {})));
    const created = starts.filter((start): start is { created: true; email: string; generatedPassword?: string } => start.created);
    expect(created).toHaveLength(1);
    expect(await outcome("admin@localhost", created[0]!.generatedPassword!, "192.0.2.2")).toBe("ok");
  });
});

describe("sign-in throttling", () => {
  it("an unknown account and a wrong password get the same answer", async () => {
    const { email } = await createStaffUser(runtime.db);
    expect(await outcome("nobody@example.com", "whatever password", "198.51.100.1")).toBe("unauthorized:invalid_credentials");
    expect(await outcome(email, "whatever password", "198.51.100.1")).toBe("unauthorized:invalid_credentials");
  });

  it("five failures for one account from one IP refuse that pair, even the right password, but not another IP", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    await failTimes(signInLimits.perAccountAndIp, () => email, () => "203.0.113.5");
    expect(await outcome(email, "wrong password here", "203.0.113.5")).toMatch(/^rate_limited:/);
    expect(await outcome(email, password, "203.0.113.5")).toMatch(/^rate_limited:/);
    expect(await outcome(email, password, "203.0.113.6")).toBe("ok");
  });

  it("the refusal says when to come back and lifts once the failures are older than the window", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    await failTimes(signInLimits.perAccountAndIp, () => email, () => "203.0.113.7");
    const refusal = await signIn(email, password, "203.0.113.7").catch((error: AppError) => error);
    expect((refusal as AppError).message).toMatch(/Try again in 15 minutes/);
    expect(Number((refusal as AppError).reason)).toBeGreaterThan(14 * 60);
    await runtime.db
      .update(throttleCounters)
      .set({ windowStartedAt: new Date(Date.now() - signInLimits.windowMs - 1000) })
      .where(like(throttleCounters.key, `%${email}%`));
    expect(await outcome(email, password, "203.0.113.7")).toBe("ok");
  });

  it("a successful sign-in clears the failures of that account and IP", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    await failTimes(signInLimits.perAccountAndIp - 1, () => email, () => "203.0.113.8");
    expect(await outcome(email, password, "203.0.113.8")).toBe("ok");
    await failTimes(signInLimits.perAccountAndIp - 1, () => email, () => "203.0.113.8");
    expect(await outcome(email, password, "203.0.113.8")).toBe("ok");
  });

  it("one IP guessing many accounts is stopped after 30 failures, for every account", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    await failTimes(signInLimits.perIp, (i) => `guess-${i}@example.com`, () => "203.0.113.9");
    expect(await outcome(email, password, "203.0.113.9")).toMatch(/^rate_limited:/);
    expect(await outcome(email, password, "203.0.113.10")).toBe("ok");
  });

  it("50 parallel wrong passwords get no more tries than 50 serial ones", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    const parallel = await Promise.all(Array.from({ length: 50 }, () => outcome(email, "wrong password here", "203.0.113.20")));
    const tally = (outcomes: string[]) => ({
      checked: outcomes.filter((value) => value === "unauthorized:invalid_credentials").length,
      refused: outcomes.filter((value) => value.startsWith("rate_limited:")).length,
    });
    expect(tally(parallel)).toEqual({ checked: signInLimits.perAccountAndIp, refused: 50 - signInLimits.perAccountAndIp });
    const checked = await runtime.db.select().from(loginAttempts).where(eq(loginAttempts.email, email));
    expect(checked).toHaveLength(signInLimits.perAccountAndIp);
    expect(await outcome(email, password, "203.0.113.20")).toMatch(/^rate_limited:/);

    const other = await createStaffUser(runtime.db);
    const serial: string[] = [];
    for (let i = 0; i < 50; i++) serial.push(await outcome(other.email, "wrong password here", "203.0.113.21"));
    expect(tally(serial)).toEqual(tally(parallel));
  });

  it("an account under attack from many addresses is slowed, never locked: its user signs in from a second address", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    expect(await outcome(email, password, "192.0.2.50")).toBe("ok");
    // Two guesses from each of 15 addresses, all at once.
    const attack = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome(email, `guess ${i}`, `10.0.0.${Math.floor(i / 2)}`)));
    expect(attack.every((value) => value === "unauthorized:invalid_credentials")).toBe(true);
    // Each attacking address now gets only the smaller budget.
    expect(await outcome(email, "wrong password here", "10.9.9.9")).toBe("unauthorized:invalid_credentials");
    expect(await outcome(email, "wrong password here", "10.9.9.9")).toBe("unauthorized:invalid_credentials");
    expect(await outcome(email, "wrong password here", "10.9.9.9")).toMatch(/^rate_limited:/);
    expect(await outcome(email, password, "10.9.9.9")).toMatch(/^rate_limited:/);

    // The rightful user: at once from the address they used before, and from a new one after a short wait.
    let started = Date.now();
    expect(await outcome(email, password, "192.0.2.50")).toBe("ok");
    expect(Date.now() - started).toBeLessThan(1_000);
    started = Date.now();
    expect(await outcome(email, password, "198.51.100.77")).toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("a disabled account is refused with the right password, and says why", async () => {
    const { user, email, password } = await createStaffUser(runtime.db, { role: "operator" });
    await removeStaff({ ctx: staffContext(runtime.db), userId: user.id });
    expect(await outcome(email, password, "192.0.2.60")).toBe("forbidden:disabled");
    expect(await outcome(email, "wrong password here", "192.0.2.60")).toBe("unauthorized:invalid_credentials");
  });

  it("records every attempt with its outcome", async () => {
    const { email, password } = await createStaffUser(runtime.db);
    await outcome(email, "wrong password here", "192.0.2.70");
    await outcome(email, password, "192.0.2.70");
    const rows = await runtime.db.select().from(loginAttempts).where(eq(loginAttempts.email, email)).orderBy(loginAttempts.id);
    expect(rows.map((row) => [row.ip, row.succeeded])).toEqual([
      ["192.0.2.70", false],
      ["192.0.2.70", true],
    ]);
  });
});
