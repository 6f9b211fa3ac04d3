import type { users } from "@/db/schema";
import type { StaffView } from "./schemas";

export function toStaffView(row: typeof users.$inferSelect): StaffView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as StaffView["role"],
    status: row.disabledAt ? "disabled" : row.passwordHash ? "active" : "invited",
    invitedAt: row.invitedAt?.toISOString() ?? null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
