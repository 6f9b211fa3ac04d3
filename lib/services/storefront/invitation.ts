import { eq, sql } from "drizzle-orm";
import { users, type customers } from "@/db/schema";
import type { CustomerRole } from "@/db/schema/enums";
import { createId } from "@/lib/ids";
import { AppError } from "@/lib/errors";
import { queueMail } from "@/lib/mail/send";
import { storefrontInvitationMail } from "@/lib/mail/templates";
import { issueLink } from "../auth/links";
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
