import { isCancellable } from "@/lib/domain/status";
import { AppError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { applyTransition, lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

/**
 * Cancels an order on its customer's request (order APIs, portal). Once printing has finished it
 * can no longer be cancelled; cancelling a canceled order succeeds and changes nothing.
 */
export async function cancelCustomerOrder({ ctx, customerId, orderId, message }: { ctx: ServiceContext; customerId: string; orderId: string; message?: string }): Promise<OrderView> {
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId, customerId);
    if (row.status === "canceled") return;
    if (row.status === "draft") {
      await applyTransition(tx, row, "canceled", { message: message ?? "Canceled by the customer" });
      return;
    }
    if (!isCancellable(row.status)) {
      throw new AppError("conflict", `The order cannot be canceled because it is ${row.status.replace("_", " ")}`, { reason: "order_not_cancellable" });
    }
    await applyTransition(tx, row, "canceled", { message: message ?? "Canceled by the customer" });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}
