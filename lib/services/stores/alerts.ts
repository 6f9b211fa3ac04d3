import { and, eq, isNull } from "drizzle-orm";
import { customers, stores, users } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { queueMail } from "@/lib/mail/send";
import { storeAlertMail, storeRecoveredMail, storeCustomerProblemMail } from "@/lib/mail/store-alerts";
import { withTransaction, type ServiceContext } from "../context";
import type { StoreRow } from "./access";
import { recordStoreEvent } from "./log";
import { platformLabel } from "./shop-errors";
import { loadStoreCounts } from "./view";

/** Reconciliation failing this long turns a store's alert state to error. */
export const SYNC_FAILING_ALERT_MS = 60 * 60_000;

export type CustomerProblem = "reconnect" | "link_variants";
export type AlertState = { state: "ok" | "error"; reason: string | null; customerProblem: CustomerProblem | null };

/**
 * What is worth a mail: access gone (revoked or expired), webhook subscriptions still missing
 * after a sync, or syncs failing for an hour; and what only the customer can fix.
 */
export function alertStateOf(row: StoreRow, counts: { unlinkedVariants: number }, now: Date): AlertState {
  const platform = platformLabel(row.platform);
  let reason: string | null = null;
  if (row.status === "revoked" || row.status === "expired") {
    reason = row.statusReason ?? `${platform} no longer lets Inkbridge into the store: it has to be connected again`;
  } else if (row.webhooksManaged && row.webhooksState !== "ok" && row.lastSyncAt) {
    reason = `${platform} has no working webhook subscriptions for the store, and the last sync could not restore them: orders arrive with the hourly sync only`;
  } else if (row.syncFailingSince && now.getTime() - row.syncFailingSince.getTime() >= SYNC_FAILING_ALERT_MS) {
    reason = `Syncing the store has failed since ${row.syncFailingSince.toISOString().slice(0, 16).replace("T", " ")} UTC${row.lastSyncError ? `: ${row.lastSyncError}` : ""}`;
  }
  const customerProblem: CustomerProblem | null =
    row.status === "revoked" || row.status === "expired" ? "reconnect" : counts.unlinkedVariants > 0 ? "link_variants" : null;
  return { state: reason ? "error" : "ok", reason, customerProblem };
}

/**
 * Mails the change of a store's alert state: the partner's staff when it turns error and again
 * when it recovers, the customer's admins when a problem only they can fix appears. The store row
 * is locked while deciding, so each change is mailed once whichever process or retry sees it.
 */
export async function evaluateStoreAlerts(ctx: ServiceContext, storeId: string, now = new Date()): Promise<{ staffMails: number; customerMails: number }> {
  return withTransaction(ctx, async (tx) => {
    const sent = { staffMails: 0, customerMails: 0 };
    const [row] = await tx.db.select().from(stores).where(eq(stores.id, storeId)).for("update");
    if (!row || row.status === "disconnected") return sent;
    const counts = (await loadStoreCounts(tx.db, [storeId])).get(storeId)!;
    const next = alertStateOf(row, counts, now);
    if (next.state === row.alertedState && next.customerProblem === row.customerAlertedProblem) return sent;
    await tx.db.update(stores).set({ alertedState: next.state, customerAlertedProblem: next.customerProblem }).where(eq(stores.id, storeId));
    const [customer] = await tx.db.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
    const customerName = customer?.name ?? row.customerId;
    const { APP_URL } = getEnv();
    if (next.state !== row.alertedState) {
      const staff = await tx.db
        .select({ email: users.email, name: users.name })
        .from(users)
        .where(and(eq(users.kind, "staff"), isNull(users.disabledAt)));
      const url = `${APP_URL}/customers/${row.customerId}/stores/${row.id}`;
      for (const person of staff) {
        const input = { to: person.email, name: person.name, storeName: row.name, platform: platformLabel(row.platform), customerName, url };
        await queueMail(tx, next.state === "error" ? storeAlertMail({ ...input, reason: next.reason! }) : storeRecoveredMail(input));
        sent.staffMails++;
      }
      await recordStoreEvent(tx, {
        storeId,
        customerId: row.customerId,
        type: next.state === "error" ? "alert.error" : "alert.recovered",
        message: next.state === "error" ? `Staff alerted: ${next.reason}` : "Staff told the store works again",
      });
    }
    if (next.customerProblem && next.customerProblem !== row.customerAlertedProblem) {
      const admins = await tx.db
        .select({ email: users.email, name: users.name, firstName: users.firstName })
        .from(users)
        .where(and(eq(users.kind, "customer"), eq(users.customerId, row.customerId), eq(users.role, "admin"), isNull(users.disabledAt)));
      const path = next.customerProblem === "reconnect" ? "/portal/stores" : `/portal/stores/${row.id}/products`;
      for (const admin of admins) {
        await queueMail(
          tx,
          storeCustomerProblemMail({
            to: admin.email,
            name: admin.firstName ?? admin.name,
            storeName: row.name,
            platform: platformLabel(row.platform),
            problem: next.customerProblem,
            unlinkedVariants: counts.unlinkedVariants,
            url: `${APP_URL}${path}`,
          }),
        );
        sent.customerMails++;
      }
    }
    return sent;
  });
}
