import type { users } from "@/db/schema";
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
  };
}
