import { eq, count } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Database } from "@/db/client";
import { createId } from "@/lib/ids";
import { hashPassword, randomToken } from "@/lib/crypto";

/**
 * On a database without staff, creates the first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or
 * admin@localhost with a random password that is returned once so the caller can print it.
 */
export async function ensureBootstrapAdmin(
  db: Database,
  input: { email?: string; password?: string },
): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string }> {
  const [{ n }] = (await db.select({ n: count() }).from(users).where(eq(users.kind, "staff"))) as [{ n: number }];
  if (n > 0) return { created: false };
  const email = (input.email ?? "admin@localhost").toLowerCase();
  const generatedPassword = input.password ? undefined : randomToken(15);
  // Processes started side by side on an empty database all get here: only the one whose row went in reports it.
  const inserted = await db
    .insert(users)
    .values({
      id: createId("user"),
      kind: "staff",
      email,
      name: "Administrator",
      role: "admin",
      passwordHash: await hashPassword(input.password ?? generatedPassword!),
      passwordChangedAt: new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted.length === 0) return { created: false };
  return { created: true, email, generatedPassword };
}
