import type { OrderStatus } from "@/db/schema/enums";
import { withTransaction, type ServiceContext } from "../context";
import { applyTransition, lockOrder } from "./transition";

const processable: ReadonlySet<OrderStatus> = new Set(["created", "not_connected", "failed"]);

/**
 * The processing step of the pipeline for one order: decides `passed` (or `on_hold` when a
 * routing rule holds it for approval). Idempotent: an order already past processing is left as
 * it is, so a repeated or late job changes nothing.
 */
export async function processOrder(ctx: ServiceContext, orderId: string): Promise<OrderStatus | undefined> {
  return withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId).catch(() => undefined);
    if (!row || !processable.has(row.status)) return row?.status;
    const to: OrderStatus = row.holdForApproval === "yes" && row.status === "created" ? "on_hold" : "passed";
    const updated = await applyTransition(tx, row, to, {
      message: to === "on_hold" ? "Held for approval by its routing rule" : "All checks passed; ready for production",
    });
    return updated.status;
  });
}
