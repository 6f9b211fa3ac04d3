import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { users } from "./schema";
import { createId } from "@/lib/ids";
import { hashPassword } from "@/lib/crypto";
import { createContext, type ServiceContext } from "@/lib/services/context";
import { createCustomer } from "@/lib/services/customers";
import { createApiToken } from "@/lib/services/tokens";
import type { TokenScope } from "./schema/enums";

// Test data made through the real services, so tests exercise the same rules as the app.

export function staffContext(db: Database, role: "admin" | "operator" = "admin"): ServiceContext {
  return createContext({ type: "staff", userId: "usr_test", email: "staff@example.com", name: "Test Staff", role }, { db });
}

export async function createStaffUser(db: Database, input: { email?: string; password?: string; role?: "admin" | "operator"; name?: string } = {}) {
  const email = input.email ?? `staff-${createId("user").slice(-8)}@example.com`;
  const password = input.password ?? "a sturdy test password";
  const [row] = await db
    .insert(users)
    .values({
      id: createId("user"),
      kind: "staff",
      email,
      name: input.name ?? "Staff Member",
      role: input.role ?? "admin",
      passwordHash: await hashPassword(password),
      passwordChangedAt: new Date(),
    })
    .returning();
  return { user: row!, email, password };
}

export async function createTestCustomer(db: Database, input: { name?: string; referenceId?: string } = {}) {
  return createCustomer({ ctx: staffContext(db), input: { name: input.name ?? "Acme Print Ltd", referenceId: input.referenceId ?? null } });
}

export async function createTestToken(db: Database, scope: TokenScope = "admin") {
  return createApiToken({ ctx: staffContext(db), input: { name: `test ${scope}`, scope } });
}

export async function getUserByEmail(db: Database, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}
