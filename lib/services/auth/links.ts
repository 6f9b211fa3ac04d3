import { and, eq, isNull, gt } from "drizzle-orm";
import { authTokens, customerInvitations, customers, users } from "@/db/schema";
import type { Database } from "@/db/client";
import type { AuthTokenPurpose } from "@/db/schema/enums";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashPassword, randomToken, sha256Hex } from "@/lib/crypto";
import { endAllSessions } from "./sessions";

// One-time links for invitations and password resets. The token is 256 random bits; only its
// SHA-256 is stored. Issuing a new link voids the previous one of the same purpose only (a reset
// request leaves a pending invitation alone); using a link voids the user's other open links.
export const linkLifetimeMs: Record<AuthTokenPurpose, number> = {
  invite: 72 * 3_600_000,
  reset: 24 * 3_600_000,
  // Shopify OAuth states (lib/services/shopify-oauth), never sent as links.
  shop_oauth: 10 * 60_000,
  // WooCommerce key-flow tokens (lib/services/woocommerce-keys): the merchant may have to sign in first.
  woo_keys: 30 * 60_000,
  // Etsy OAuth states (lib/services/etsy-oauth), the PKCE verifier derived from them.
  etsy_oauth: 10 * 60_000,
};

/**
 * Uses up a one-time token of `purpose` (OAuth states, key-flow tokens) in one statement, so two
 * racing callbacks cannot both have it: the owner's id while it was unused and unexpired, else null.
 */
export async function claimToken(db: Database, { tokenHash, purpose, userId }: { tokenHash: string; purpose: AuthTokenPurpose; userId?: string }): Promise<{ userId: string } | null> {
  const [claimed] = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.purpose, purpose),
        ...(userId ? [eq(authTokens.userId, userId)] : []),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: authTokens.userId });
  return claimed ?? null;
}

export function linkUrl(token: string): string {
  return `${getEnv().APP_URL}/invite/${token}`;
}

export async function issueLink(db: Database, userId: string, purpose: AuthTokenPurpose): Promise<{ token: string; url: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + linkLifetimeMs[purpose]);
  await db.delete(authTokens).where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  await db.insert(authTokens).values({ tokenHash: sha256Hex(token), userId, purpose, expiresAt });
  return { token, url: linkUrl(token), expiresAt };
}

export type LinkState =
  | { status: "valid"; purpose: AuthTokenPurpose; user: typeof users.$inferSelect; expiresAt: Date }
  | { status: "invalid" | "expired" | "used" | "disabled" | "storefront_disabled" };

/** What a link is, without using it up (opening the page must not consume it). */
export async function inspectLink(db: Database, token: string): Promise<LinkState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "invalid" };
  const [row] = await db
    .select({ link: authTokens, user: users, storefrontEnabledAt: customers.storefrontEnabledAt })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .leftJoin(customers, eq(customers.id, users.customerId))
    .where(eq(authTokens.tokenHash, sha256Hex(token)));
  if (!row) return { status: "invalid" };
  if (row.link.usedAt) return { status: "used" };
  if (row.link.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  if (row.user.disabledAt) return { status: "disabled" };
  if (row.user.kind === "customer" && !row.storefrontEnabledAt) return { status: "storefront_disabled" };
  return { status: "valid", purpose: row.link.purpose, user: row.user, expiresAt: row.link.expiresAt };
}

const linkErrors = {
  invalid: "This link is not valid. Check that you copied the whole address, or ask for a new one.",
  expired: "This link has expired. Ask for a new one.",
  used: "This link has already been used. Sign in, or ask for a new link.",
  disabled: "This account has been disabled.",
  storefront_disabled: "Storefront access for your company is switched off. Contact your print partner.",
} as const;

export function linkErrorMessage(status: keyof typeof linkErrors): string {
  return linkErrors[status];
}

/** Sets the password through a link and uses the link up, atomically. Ends every other session. */
export async function acceptLink(db: Database, token: string, password: string): Promise<typeof users.$inferSelect> {
  const state = await inspectLink(db, token);
  if (state.status !== "valid") throw new AppError("bad_request", linkErrorMessage(state.status), { reason: state.status });
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const used = await tx
      .update(authTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(authTokens.tokenHash, sha256Hex(token)), isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date())))
      .returning({ userId: authTokens.userId });
    if (used.length === 0) throw new AppError("bad_request", linkErrorMessage("used"), { reason: "used" });
    await tx.delete(authTokens).where(and(eq(authTokens.userId, used[0]!.userId), isNull(authTokens.usedAt)));
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date() })
      .where(eq(users.id, used[0]!.userId))
      .returning();
    // Whichever link set the password (an invitation, or a reset asked for meanwhile), the invitation is accepted.
    await tx.update(customerInvitations).set({ state: "accepted" }).where(and(eq(customerInvitations.userId, user!.id), eq(customerInvitations.state, "pending")));
    await endAllSessions(tx as unknown as Database, user!.id);
    return user!;
  });
}
