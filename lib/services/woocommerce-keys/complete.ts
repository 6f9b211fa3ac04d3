import { and, eq } from "drizzle-orm";
import { authTokens, stores, users } from "@/db/schema";
import type { Database } from "@/db/client";
import { parseKeysCallback } from "@/connectors/woocommerce";
import { isAppError } from "@/lib/errors";
import type { Logger } from "@/lib/log";
import { createContext, type Actor, type ServiceContext } from "../context";
import { claimToken } from "../auth/links";
import { connectStore } from "../stores/connect";
import { decodeKeyToken, keyTokenHash } from "./token";

export type KeysReceipt = { status: 200; outcome: "connected" | "failed"; storeId: string | null } | { status: 400; message: string };

function actorOf(user: typeof users.$inferSelect): Actor | null {
  if (user.disabledAt) return null;
  if (user.kind === "staff") return { type: "staff", userId: user.id, email: user.email, name: user.name, role: user.role === "admin" ? "admin" : "operator" };
  if (!user.customerId) return null;
  return { type: "customer_user", userId: user.id, customerId: user.customerId, email: user.email, name: user.name, role: user.role === "admin" ? "admin" : "member" };
}

/**
 * The key POST of WooCommerce's `wc-auth` flow. The `user_id` must be one Inkbridge issued, unused and
 * unexpired (else 400); it names the customer and the site. The keys are then checked and the store
 * connected in the name of the user who started the flow. The answer is 200 whatever the check
 * finds, since anything else makes WooCommerce delete the keys; a failure forgets the token, which
 * the Stores page reads as "not connected".
 */
export async function receiveWooKeys({ db, log, body }: { db: Database; log: Logger; body: unknown }): Promise<KeysReceipt> {
  const keys = parseKeysCallback(body);
  const bound = keys ? decodeKeyToken(keys.user_id) : null;
  if (!keys || !bound) return { status: 400, message: "Not a WooCommerce key delivery for a connection Inkbridge started" };
  const tokenHash = keyTokenHash(keys.user_id);
  const claimed = await claimToken(db, { tokenHash, purpose: "woo_keys" });
  if (!claimed) return { status: 400, message: "The user_id is unknown, used or expired" };
  const [user] = await db.select().from(users).where(eq(users.id, claimed.userId));
  const actor = user ? actorOf(user) : null;
  const fail = async (message: string): Promise<KeysReceipt> => {
    log.warn({ customerId: bound.customerId, message }, "WooCommerce keys could not be used");
    await db.delete(authTokens).where(eq(authTokens.tokenHash, tokenHash));
    return { status: 200, outcome: "failed", storeId: null };
  };
  if (!actor) return fail("The user who started the connection can no longer act");
  try {
    const ctx = createContext(actor, { db, log });
    const store = await connectStore({ ctx, customerId: bound.customerId, input: { platform: "woocommerce", siteUrl: bound.siteUrl, consumerKey: keys.consumer_key, consumerSecret: keys.consumer_secret } });
    return { status: 200, outcome: "connected", storeId: store.id };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return fail(error.message);
  }
}

export type WooConnectOutcome = { state: "connected"; storeId: string } | { state: "pending" | "failed" };

/**
 * What became of a key flow, for the Stores page the merchant's browser returns to with
 * `user_id`: connected (and which store), keys not arrived yet, or failed (or not this customer's).
 */
export async function readWooConnectOutcome({ ctx, customerId, userId }: { ctx: ServiceContext; customerId: string; userId: string }): Promise<WooConnectOutcome> {
  const bound = decodeKeyToken(userId);
  if (!bound || bound.customerId !== customerId) return { state: "failed" };
  const [token] = await ctx.db.select().from(authTokens).where(and(eq(authTokens.tokenHash, keyTokenHash(userId)), eq(authTokens.purpose, "woo_keys")));
  if (!token) return { state: "failed" };
  if (!token.usedAt) return { state: "pending" };
  const [store] = await ctx.db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.customerId, customerId), eq(stores.platform, "woocommerce"), eq(stores.identity, bound.siteUrl), eq(stores.status, "connected")));
  return store ? { state: "connected", storeId: store.id } : { state: "failed" };
}
