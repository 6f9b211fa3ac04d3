import { and, eq, sql } from "drizzle-orm";
import { customerInvitations, users, type customers } from "@/db/schema";
import type { CustomerRole } from "@/db/schema/enums";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { queueMail } from "@/lib/mail/send";
import { storefrontInvitationMail } from "@/lib/mail/templates";
import { issueLink, linkLifetimeMs } from "../auth/links";
import { actorLabel, type ServiceContext } from "../context";

type CustomerRow = typeof customers.$inferSelect;
type UserRow = typeof users.$inferSelect;

export function emailTaken(email: string): AppError {
  return new AppError("conflict", `A user with the email ${email} already exists`, { details: [{ path: "email", message: "already in use" }] });
}

/** The address belongs to an account outside this customer (staff, or another customer's user). */
export class EmailTakenElsewhere extends Error {
  constructor(readonly email: string) {
    super(`${email} belongs to another account`);
  }
}

/**
 * The user an invitation goes to: a new customer user, or a removed one of the same customer
 * brought back (without its old password). With `promote`, an active user of the customer is
 * kept and made admin (enabling access names the admin); otherwise an active user is a conflict.
 */
export async function prepareInvitedUser(
  tx: ServiceContext,
  customer: CustomerRow,
  input: { email: string; firstName: string; lastName: string; role: CustomerRole },
  options: { promote: boolean },
): Promise<UserRow> {
  const now = new Date();
  const profile = { firstName: input.firstName, lastName: input.lastName, name: `${input.firstName} ${input.lastName}` };
  const [existing] = await tx.db.select().from(users).where(eq(sql`lower(${users.email})`, input.email)).for("update");
  if (!existing) {
    const [created] = await tx.db
      .insert(users)
      .values({ id: createId("user"), kind: "customer", customerId: customer.id, email: input.email, role: input.role, ...profile, invitedAt: now, invitedBy: actorLabel(tx.actor) })
      .returning();
    return created!;
  }
  if (existing.kind !== "customer" || existing.customerId !== customer.id) throw new EmailTakenElsewhere(input.email);
  if (existing.disabledAt) {
    const [revived] = await tx.db
      .update(users)
      .set({ ...profile, role: input.role, disabledAt: null, passwordHash: null, passwordChangedAt: null, invitedAt: now, invitedBy: actorLabel(tx.actor) })
      .where(eq(users.id, existing.id))
      .returning();
    return revived!;
  }
  if (!existing.passwordHash && !options.promote) {
    // Invited before and never accepted (the invitation expired or was replaced): invited afresh.
    const [reinvited] = await tx.db
      .update(users)
      .set({ ...profile, role: input.role, invitedAt: now, invitedBy: actorLabel(tx.actor) })
      .where(eq(users.id, existing.id))
      .returning();
    return reinvited!;
  }
  if (!options.promote) {
    throw new AppError("conflict", `${input.email} is already a user of ${customer.name}`, { details: [{ path: "email", message: "already a user" }] });
  }
  const [promoted] = await tx.db
    .update(users)
    .set({ role: "admin", ...(existing.passwordHash ? {} : { ...profile, invitedAt: now, invitedBy: actorLabel(tx.actor) }) })
    .where(eq(users.id, existing.id))
    .returning();
  return promoted!;
}

/** Issues a fresh one-time link (voiding any earlier one) and queues the invitation mail. */
export async function sendInvitation(tx: ServiceContext, customer: CustomerRow, user: UserRow): Promise<{ expiresAt: Date }> {
  // Someone who already has a password gets a reset-style link: access is back, the password may stay.
  const returning = Boolean(user.passwordHash);
  const link = await issueLink(tx.db, user.id, returning ? "reset" : "invite");
  const invitedBy = tx.actor.type === "customer_user" ? tx.actor.name : undefined;
  await queueMail(
    tx,
    storefrontInvitationMail({
      to: user.email,
      firstName: user.firstName ?? user.name,
      customerName: customer.name,
      role: user.role === "admin" ? "admin" : "member",
      invitedBy,
      returning,
      url: link.url,
      expiresAt: link.expiresAt,
    }),
  );
  return { expiresAt: link.expiresAt };
}

type InvitationRow = typeof customerInvitations.$inferSelect;
type Invitee = { email: string; firstName: string; lastName: string; role: CustomerRole };

/**
 * Records an invitation as the customer's users see it, replacing any earlier pending one to the
 * same address. `user` is null when the address belongs to an account outside the customer.
 */
export async function recordInvitation(tx: ServiceContext, customer: CustomerRow, invitee: Invitee, user: UserRow | null, expiresAt: Date): Promise<InvitationRow> {
  const now = new Date();
  await tx.db
    .update(customerInvitations)
    .set({ state: "revoked" })
    .where(and(eq(customerInvitations.customerId, customer.id), eq(sql`lower(${customerInvitations.email})`, invitee.email.toLowerCase()), eq(customerInvitations.state, "pending")));
  const [row] = await tx.db
    .insert(customerInvitations)
    .values({
      id: createId("invitation"),
      customerId: customer.id,
      email: invitee.email.toLowerCase(),
      firstName: invitee.firstName,
      lastName: invitee.lastName,
      role: invitee.role,
      userId: user?.id ?? null,
      invitedBy: actorLabel(tx.actor),
      sentAt: now,
      expiresAt,
    })
    .returning();
  return row!;
}

/** When an invitation to an address outside the customer would have expired. */
export function noticeExpiry(): Date {
  return new Date(Date.now() + linkLifetimeMs.invite);
}
