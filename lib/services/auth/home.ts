import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Database } from "@/db/client";

const isPortalPath = (path: string) => path === "/portal" || path.startsWith("/portal/");

/**
 * Where a user lands after signing in: the callback when it belongs to their side (console for
 * staff, portal for storefront users), otherwise that side's start page.
 */
export async function homePathFor(db: Database, email: string, callbackUrl: string | undefined): Promise<string> {
  const [user] = await db.select({ kind: users.kind }).from(users).where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  if (user?.kind === "customer") return callbackUrl && isPortalPath(callbackUrl) ? callbackUrl : "/portal";
  return callbackUrl && !isPortalPath(callbackUrl) ? callbackUrl : "/";
}
