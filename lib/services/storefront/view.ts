import type { customerInvitations, users } from "@/db/schema";
import type { CustomerUserView } from "./schemas";

export function toCustomerUserView(row: typeof users.$inferSelect): CustomerUserView {
  return {
    id: row.id,
    customerId: row.customerId!,
    email: row.email,
    name: row.name,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role === "admin" ? "admin" : "member",
    status: row.passwordHash ? "active" : "invited",
    invitedAt: row.invitedAt?.toISOString() ?? null,
    invitedBy: row.invitedBy,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: null,
  };
}

/** A pending invitation as a row of the Users page; `forStaff` adds whether its address is taken. */
export function toInvitationView(row: typeof customerInvitations.$inferSelect, options: { forStaff: boolean }): CustomerUserView {
  return {
    id: row.id,
    customerId: row.customerId,
    email: row.email,
    name: `${row.firstName} ${row.lastName}`,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role === "admin" ? "admin" : "member",
    status: "invited",
    invitedAt: row.sentAt.toISOString(),
    invitedBy: row.invitedBy,
    lastSignInAt: null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ...(options.forStaff ? { addressInUse: row.userId === null } : {}),
  };
}
