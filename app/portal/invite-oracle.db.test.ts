import { beforeAll, describe, expect, it, vi } from "vitest";
import { desc, eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createStorefrontCustomer, customerUserContext, type CustomerUserContext } from "@/tests/support/storefront";
import { createStaffUser, staffContext } from "@/db/factories";
import { mailMessages, users } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { inviteCustomerUser } from "@/lib/services/storefront";

// Portal modules import lib/actions, which is marked server-only for Next's bundler.
vi.mock("server-only", () => ({}));
const { portalCommands } = await import("./commands");

const runtime = useTestRuntime();

let fresh = 0;
const freshAddress = () => `new-colleague-${++fresh}@a.example`;

function inviteForm(email: string): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries({ email, firstName: "New", lastName: "Colleague", role: "member" })) data.set(name, value);
  return data;
}

/** What the inviting user sees, with the address they typed replaced so answers can be compared. */
async function invite(ctx: CustomerUserContext, email: string) {
  const started = performance.now();
  const state = await portalCommands.inviteUser(ctx, inviteForm(email));
  const elapsed = performance.now() - started;
  return { seen: JSON.parse(JSON.stringify(state).replaceAll(email.toLowerCase(), "<address>")), elapsed };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("portal invitations reveal nothing about addresses outside the customer", () => {
  let adminOfA: CustomerUserContext;
  let adminOfB: { adminId: string; adminEmail: string };
  let staffEmail: string;
  beforeAll(async () => {
    const a = await createStorefrontCustomer(runtime.db, "Oracle A");
    adminOfA = await customerUserContext(runtime.db, a.adminId);
    adminOfB = await createStorefrontCustomer(runtime.db, "Oracle B");
    staffEmail = (await createStaffUser(runtime.db, { email: "someone@partner.example" })).email;
  });

  it("another customer's user and a staff member get the same answer as a new address, and stay untouched", async () => {
    const expected = (await invite(adminOfA, freshAddress())).seen;
    expect(expected).toEqual({ status: "success", message: "Invitation sent to <address>." });
    for (const taken of [adminOfB.adminEmail, adminOfB.adminEmail.toUpperCase(), staffEmail]) {
      expect((await invite(adminOfA, taken)).seen).toEqual(expected);
    }
    const [userOfB] = await runtime.db.select().from(users).where(eq(users.id, adminOfB.adminId));
    expect(userOfB).toMatchObject({ customerId: (await customerUserContext(runtime.db, adminOfB.adminId)).user.customerId, role: "admin" });
    expect(userOfB!.passwordHash).not.toBeNull();
    // The address's holder hears of the attempt; no invitation link is issued to them.
    const [notice] = await runtime.db.select().from(mailMessages).where(eq(mailMessages.to, adminOfB.adminEmail)).orderBy(desc(mailMessages.id)).limit(1);
    expect(notice!.subject).toContain("tried to invite you");
  });

  it("takes about as long for a taken address as for a new one", async () => {
    const takes = { fresh: [] as number[], taken: [] as number[] };
    await invite(adminOfA, freshAddress());
    for (let round = 0; round < 21; round++) {
      takes.fresh.push((await invite(adminOfA, freshAddress())).elapsed);
      takes.taken.push((await invite(adminOfA, adminOfB.adminEmail)).elapsed);
    }
    const [freshMedian, takenMedian] = [median(takes.fresh), median(takes.taken)];
    console.info(`portal invite, median of 21: new address ${freshMedian.toFixed(1)} ms, taken address ${takenMedian.toFixed(1)} ms`);
    // Before, a taken address was refused after one query: a fraction of an invitation's time.
    expect(Math.abs(freshMedian - takenMedian)).toBeLessThan(Math.max(15, freshMedian * 0.5));
  });

  it("staff still see that the address is in use", async () => {
    const error = await inviteCustomerUser({
      ctx: staffContext(runtime.db),
      customerId: adminOfA.user.customerId,
      input: { email: adminOfB.adminEmail, firstName: "X", lastName: "Y" },
    }).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe("conflict");
  });
});
