import { describe, expect, it, beforeAll } from "vitest";
import { desc, eq } from "drizzle-orm";
import { useTestRuntime } from "@/tests/support/runtime";
import { createStaffUser, createTestCustomer, createTestToken, staffContext } from "@/db/factories";
import { createStorefrontCustomer, customerUserContext, latestLink } from "@/tests/support/storefront";
import { customerInvitations, customers, mailMessages, sessions, users } from "@/db/schema";
import { getLogger } from "@/lib/log";
import { createContext, systemContext } from "@/lib/services/context";
import { authenticateApiToken } from "@/lib/services/tokens";
import { requestPasswordReset, setPasswordWithLink } from "@/lib/services/account";
import { inspectLink } from "@/lib/services/auth/links";
import { createSession, resolveSession } from "@/lib/services/auth/sessions";
import { authenticatePassword } from "@/lib/services/auth/sign-in";
import { isAppError } from "@/lib/errors";
import {
  disableStorefrontAccess,
  enableStorefrontAccess,
  getStorefrontAccess,
  inviteCustomerUser,
  listCustomerUsers,
  removeCustomerUser,
  resendInvitation,
} from "./index";

const runtime = useTestRuntime({ env: { PARTNER_NAME: "Northprint", APP_URL: "https://print.example" } });

/** The newest invitation to an address. */
async function invitationTo(email: string): Promise<string> {
  const [row] = await runtime.db.select().from(customerInvitations).where(eq(customerInvitations.email, email)).orderBy(desc(customerInvitations.createdAt)).limit(1);
  return row!.id;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; paths: string[]; reason?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message, paths: error.details.map((detail) => detail.path), reason: error.reason };
  }
  throw new Error("expected the call to fail");
}

const password = "correct horse battery staple";

describe("enabling storefront access", () => {
  it("opens the portal, creates the admin and mails a one-time link that greets them by first name", async () => {
    const db = runtime.db;
    const customer = await createTestCustomer(db, { name: "Acme Posters" });
    const result = await enableStorefrontAccess({
      ctx: staffContext(db),
      customerId: customer.id,
      input: { email: "Ada@Acme.example", firstName: "Ada", lastName: "Lovelace" },
    });
    expect(result).toMatchObject({ email: "ada@acme.example" });
    expect(result.userId).toMatch(/^usr_/);

    const [row] = await db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.storefrontEnabledAt).toBeInstanceOf(Date);
    const [user] = await db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ kind: "customer", customerId: customer.id, role: "admin", firstName: "Ada", lastName: "Lovelace", name: "Ada Lovelace" });
    expect(user!.passwordHash).toBeNull();

    const mail = await latestLink(db, "ada@acme.example");
    expect(mail.text).toContain("Hi Ada,");
    expect(mail.text).toContain("Northprint");
    expect(mail.text).toContain("https://print.example/sign-in");
    expect(mail.url).toMatch(/^https:\/\/print\.example\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect(mail.subject).toContain("Northprint");
    const link = await inspectLink(db, mail.token);
    expect(link.status).toBe("valid");
    if (link.status === "valid") {
      expect(link.purpose).toBe("invite");
      expect(Math.round((link.expiresAt.getTime() - Date.now()) / 3_600_000)).toBe(72);
    }
  });

  it("re-sends the invitation when enabled again; the earlier link stops working", async () => {
    const db = runtime.db;
    const customer = await createTestCustomer(db, { name: "Resend Ltd" });
    const input = { email: "grace@resend.example", firstName: "Grace", lastName: "Hopper" };
    await enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input });
    const first = await latestLink(db, input.email);
    await enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input });
    const second = await latestLink(db, input.email);
    expect(second.token).not.toBe(first.token);
    expect((await inspectLink(db, first.token)).status).toBe("invalid");
    expect((await inspectLink(db, second.token)).status).toBe("valid");
    expect(await listCustomerUsers({ ctx: staffContext(db), customerId: customer.id })).toHaveLength(1);
  });

  it("refuses an email that belongs to staff or to another customer's user with 409 on email", async () => {
    const db = runtime.db;
    const staff = await createStaffUser(db);
    const other = await createStorefrontCustomer(db, "Other Co");
    const customer = await createTestCustomer(db, { name: "Clash Ltd" });
    for (const email of [staff.email, other.adminEmail]) {
      const refused = await failure(enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input: { email, firstName: "X", lastName: "Y" } }));
      expect(refused).toMatchObject({ code: "conflict", paths: ["email"] });
    }
  });

  it("names every bad field, 404s an unknown customer, and leaves it to partner staff with write access", async () => {
    const db = runtime.db;
    const customer = await createTestCustomer(db, { name: "Rules Ltd" });
    const bad = await failure(enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input: { email: "nope", firstName: "", lastName: 3 as never } }));
    expect(bad.code).toBe("validation_failed");
    expect(bad.paths.sort()).toEqual(["email", "firstName", "lastName"]);
    const input = { email: "x@rules.example", firstName: "X", lastName: "Y" };
    expect((await failure(enableStorefrontAccess({ ctx: staffContext(db), customerId: "cus_missing", input }))).code).toBe("not_found");
    const { token } = await createTestToken(db, "read");
    const reader = createContext(await authenticateApiToken({ db }, token), { db });
    expect((await failure(enableStorefrontAccess({ ctx: reader, customerId: customer.id, input }))).code).toBe("forbidden");
    const own = await createStorefrontCustomer(db, "Self Service");
    const admin = await customerUserContext(db, own.adminId);
    expect((await failure(enableStorefrontAccess({ ctx: admin, customerId: own.customer.id, input }))).code).toBe("forbidden");
    expect((await failure(enableStorefrontAccess({ ctx: admin, customerId: customer.id, input }))).code).toBe("not_found");
    expect((await failure(disableStorefrontAccess({ ctx: admin, customerId: customer.id }))).code).toBe("not_found");
  });
});

describe("disabling storefront access", () => {
  it("ends every session of the customer's users, refuses sign-in and pending links, and can be switched on again", async () => {
    const db = runtime.db;
    const { customer, adminId, adminEmail } = await createStorefrontCustomer(db, "Switch Off");
    const admin = await customerUserContext(db, adminId);
    const member = await inviteCustomerUser({ ctx: admin, customerId: customer.id, input: { email: "member@switch.example", firstName: "Mo", lastName: "Member" } });
    const pending = await latestLink(db, member.email);
    const outsider = await createStorefrontCustomer(db, "Bystander");
    const sids = [await createSession(db, { userId: adminId }), await createSession(db, { userId: adminId })];
    const outsiderSid = await createSession(db, { userId: outsider.adminId });

    const { sessionsEnded } = await disableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id });
    expect(sessionsEnded).toBe(2);
    for (const sid of sids) expect(await resolveSession(db, sid)).toBeNull();
    expect(await resolveSession(db, outsiderSid)).not.toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.userId, adminId))).toHaveLength(0);
    const refused = await failure(authenticatePassword(db, getLogger(), { email: adminEmail, password: "a long test password", ip: "10.0.0.1" }));
    expect(refused).toMatchObject({ code: "forbidden", reason: "storefront_disabled" });
    expect((await inspectLink(db, pending.token)).status).toBe("storefront_disabled");
    expect((await getStorefrontAccess({ ctx: staffContext(db), customerId: customer.id })).enabled).toBe(false);
    expect((await failure(inviteCustomerUser({ ctx: staffContext(db), customerId: customer.id, input: { email: "late@switch.example", firstName: "L", lastName: "T" } }))).code).toBe("conflict");

    // Switching it on again with the same admin re-sends an invitation; the admin may keep the password.
    await enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input: { email: adminEmail, firstName: "Ada", lastName: "Again" } });
    const again = await latestLink(db, adminEmail);
    expect(again.subject).toContain("open again");
    expect(again.text).toContain("Hi Ada,");
    expect((await authenticatePassword(db, getLogger(), { email: adminEmail, password: "a long test password", ip: "10.0.0.1" })).user.id).toBe(adminId);
    expect((await inspectLink(db, pending.token)).status).toBe("valid");
  });
});

describe("customer users managed by their admin", () => {
  let customerId: string;
  let adminId: string;
  beforeAll(async () => {
    const created = await createStorefrontCustomer(runtime.db, "Team Co");
    customerId = created.customer.id;
    adminId = created.adminId;
  });

  it("an admin invites a member, who is greeted by first name and can set a password through the link", async () => {
    const db = runtime.db;
    const admin = await customerUserContext(db, adminId);
    const member = await inviteCustomerUser({ ctx: admin, customerId, input: { email: "bob@team.example", firstName: "Bob", lastName: "Builder", role: "member" } });
    expect(member).toMatchObject({ role: "member", status: "invited", email: "bob@team.example", customerId });
    const mail = await latestLink(db, "bob@team.example");
    expect(mail.text).toContain("Hi Bob,");
    expect(mail.text).toContain("Ada Team Co has invited you");
    expect(mail.text).not.toMatch(/password\s*[:=][ \t]*\S/i);
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: mail.token, password } });
    const users = await listCustomerUsers({ ctx: admin, customerId });
    expect(users.find((user) => user.id === member.id)?.status).toBe("active");
  });

  it("members cannot invite or remove; nobody removes themselves or the last admin", async () => {
    const db = runtime.db;
    const admin = await customerUserContext(db, adminId);
    const member = await inviteCustomerUser({ ctx: admin, customerId, input: { email: "mia@team.example", firstName: "Mia", lastName: "M" } });
    const memberCtx = await customerUserContext(db, member.id);
    expect((await failure(inviteCustomerUser({ ctx: memberCtx, customerId, input: { email: "z@team.example", firstName: "Z", lastName: "Z" } }))).code).toBe("forbidden");
    expect((await failure(removeCustomerUser({ ctx: memberCtx, customerId, userId: adminId }))).code).toBe("forbidden");
    expect((await failure(resendInvitation({ ctx: memberCtx, customerId, invitationId: await invitationTo(member.email) }))).code).toBe("forbidden");
    expect((await failure(removeCustomerUser({ ctx: admin, customerId, userId: adminId }))).code).toBe("conflict");
    expect((await failure(removeCustomerUser({ ctx: staffContext(db), customerId, userId: adminId }))).message).toContain("last admin");
    const adminEmail = (await listCustomerUsers({ ctx: admin, customerId })).find((user) => user.id === adminId)!.email;
    expect((await failure(inviteCustomerUser({ ctx: admin, customerId, input: { email: adminEmail, firstName: "Ada", lastName: "Again" } }))).paths).toEqual(["email"]);
  });

  it("removing a user signs them out, voids their link and hides them; inviting them again starts over", async () => {
    const db = runtime.db;
    const admin = await customerUserContext(db, adminId);
    const invited = await inviteCustomerUser({ ctx: admin, customerId, input: { email: "rae@team.example", firstName: "Rae", lastName: "R" } });
    const link = await latestLink(db, invited.email);
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: link.token, password } });
    const sid = await createSession(db, { userId: invited.id });
    await resendInvitation({ ctx: admin, customerId, invitationId: await invitationTo(invited.email) }).catch(() => undefined);

    await removeCustomerUser({ ctx: admin, customerId, userId: invited.id });
    expect(await resolveSession(db, sid)).toBeNull();
    expect((await failure(authenticatePassword(db, getLogger(), { email: invited.email, password, ip: "10.0.0.2" }))).reason).toBe("disabled");
    expect((await listCustomerUsers({ ctx: admin, customerId })).map((user) => user.id)).not.toContain(invited.id);
    expect((await failure(removeCustomerUser({ ctx: admin, customerId, userId: invited.id }))).code).toBe("not_found");

    const back = await inviteCustomerUser({ ctx: admin, customerId, input: { email: invited.email, firstName: "Rae", lastName: "Returns", role: "admin" } });
    expect(back).toMatchObject({ id: invited.id, status: "invited", role: "admin", name: "Rae Returns" });
    expect((await failure(authenticatePassword(db, getLogger(), { email: invited.email, password, ip: "10.0.0.3" }))).code).toBe("unauthorized");
  });

  it("resending an invitation voids the earlier link; a user with a password gets a 409", async () => {
    const db = runtime.db;
    const admin = await customerUserContext(db, adminId);
    const invited = await inviteCustomerUser({ ctx: admin, customerId, input: { email: "sam@team.example", firstName: "Sam", lastName: "S" } });
    const first = await latestLink(db, invited.email);
    const invitationId = await invitationTo(invited.email);
    await resendInvitation({ ctx: admin, customerId, invitationId });
    const second = await latestLink(db, invited.email);
    expect((await inspectLink(db, first.token)).status).toBe("invalid");
    expect((await inspectLink(db, second.token)).status).toBe("valid");
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: second.token, password } });
    expect((await failure(resendInvitation({ ctx: admin, customerId, invitationId }))).code).toBe("conflict");
    expect((await failure(setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: second.token, password } }))).reason).toBe("used");
  });
});

describe("password resets for customer users", () => {
  it("mail a one-time link that greets them by first name, and nothing while their company's access is off", async () => {
    const db = runtime.db;
    const { customer, adminEmail } = await createStorefrontCustomer(db, "Forgetful Ltd");
    await requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: adminEmail.toUpperCase() } });
    const mail = await latestLink(db, adminEmail);
    expect(mail.subject).toContain("Reset your Northprint password");
    expect(mail.text).toContain("Hello Ada,");
    const link = await inspectLink(db, mail.token);
    expect(link.status === "valid" && link.purpose).toBe("reset");
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: mail.token, password: "a brand new password" } });
    expect((await authenticatePassword(db, getLogger(), { email: adminEmail, password: "a brand new password", ip: "10.0.0.9" })).user.email).toBe(adminEmail);

    await disableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id });
    const before = (await db.select().from(mailMessages).where(eq(mailMessages.to, adminEmail))).length;
    await requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: adminEmail } });
    expect(await db.select().from(mailMessages).where(eq(mailMessages.to, adminEmail))).toHaveLength(before);
  });

  it("leave a pending invitation working, and are held per client address and per account", async () => {
    const db = runtime.db;
    const customer = await createTestCustomer(db, { name: "Patient Prints" });
    await enableStorefrontAccess({ ctx: staffContext(db), customerId: customer.id, input: { email: "grace@patient.example", firstName: "Grace", lastName: "Hopper" } });
    const invitation = await latestLink(db, "grace@patient.example");
    await requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: "grace@patient.example", clientAddress: "198.51.100.1" } });
    const reset = await latestLink(db, "grace@patient.example");
    expect(reset.token).not.toBe(invitation.token);
    expect((await inspectLink(db, invitation.token)).status).toBe("valid");
    await setPasswordWithLink({ ctx: systemContext("test", { db }), input: { token: invitation.token, password } });
    expect((await inspectLink(db, reset.token)).status).toBe("invalid");

    const mailsTo = async () => (await db.select().from(mailMessages).where(eq(mailMessages.to, "grace@patient.example"))).length;
    const before = await mailsTo();
    for (let attempt = 0; attempt < 4; attempt++) {
      await requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: "grace@patient.example", clientAddress: `198.51.100.${10 + attempt}` } });
    }
    // One request already counted above: two more mails, then the same answer and no mail.
    expect((await mailsTo()) - before).toBe(2);

    for (let attempt = 0; attempt < 10; attempt++) {
      await requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: `nobody${attempt}@patient.example`, clientAddress: "203.0.113.7" } });
    }
    const refused = await failure(requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: "grace@patient.example", clientAddress: "203.0.113.7" } }));
    expect(refused.code).toBe("rate_limited");
    // Unknown and known addresses are answered alike until the limit, and alike after it.
    expect((await failure(requestPasswordReset({ ctx: systemContext("test", { db }), input: { email: "nobody@else.example", clientAddress: "203.0.113.7" } }))).code).toBe("rate_limited");
  });
});
