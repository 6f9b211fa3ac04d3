import { and, asc, eq, sql } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { ServiceContext } from "../context";
import { etsyUsage, type EtsyUsage } from "./etsy-rate";

/** Etsy has narrow webhooks (commercial apps only), so its stores are polled this often. */
export const ETSY_POLL_INTERVAL_MS = 10 * 60_000;
// Calls a day kept back from polling for webhook hints, fulfilment, refreshes and product syncs.
const RESERVED_SHARE = 0.2;

export type EtsyPollPlan = { due: Array<{ id: string; startAfter: Date }>; skipped: number; usage: EtsyUsage | null };

/**
 * Which Etsy stores this 10-minute slot polls, inside the app's daily call budget: the longest
 * unsynced first, as many as the budget left (minus a reserve) spread over the slots left in the
 * window allows; the others wait for a later slot. Polls are spread over the slot, not sent at once.
 */
export async function planEtsyPolls(ctx: ServiceContext, now = new Date(), usage?: EtsyUsage | null): Promise<EtsyPollPlan> {
  const rows = await ctx.db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.platform, "etsy"), eq(stores.status, "connected")))
    .orderBy(sql`${stores.lastSyncAt} asc nulls first`, asc(stores.id));
  const budget = usage === undefined ? await etsyUsage() : usage;
  let allowed = rows.length;
  if (budget) {
    const spendable = budget.remainingToday - budget.limitPerDay * RESERVED_SHARE;
    const slotsLeft = Math.max(1, Math.ceil(budget.resetsInMs / ETSY_POLL_INTERVAL_MS));
    allowed = Math.max(0, Math.min(rows.length, Math.floor(spendable / slotsLeft)));
  }
  const spacing = allowed > 0 ? Math.floor((ETSY_POLL_INTERVAL_MS * 0.8) / allowed) : 0;
  const due = rows.slice(0, allowed).map((row, index) => ({ id: row.id, startAfter: new Date(now.getTime() + index * spacing) }));
  return { due, skipped: rows.length - allowed, usage: budget };
}
