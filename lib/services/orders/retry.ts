import { AppError } from "@/lib/errors";
import type { OrderStatus } from "@/db/schema/enums";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { processOrder } from "./process";
import { lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

const retryable: ReadonlySet<OrderStatus> = new Set(["failed", "not_connected"]);

/**
 * Processes a failed or not connected order again at once (console), after staff fixed a lookup,
 * the catalog or the file at its address, and returns the outcome. A file that does not answer
 * fails the order now instead of being tried again later, so the result can be shown right away.
 */
export async function retryOrderNow({ ctx, orderId }: { ctx: ServiceContext; orderId: string }): Promise<OrderView> {
  authorize(ctx, "write");
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId);
    if (!retryable.has(row.status)) {
      throw new AppError("conflict", `Only failed or not connected orders can be processed again; this one is ${row.status.replace("_", " ")}`);
    }
    await audit(tx, { action: "order.reprocess", entityType: "order", entityId: orderId, customerId: row.customerId });
  });
  await processOrder(ctx, orderId, { transientRetries: 0 });
  return (await loadOrderView(ctx.db, orderId))!;
}
