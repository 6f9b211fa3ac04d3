import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

/** Runs processing again for a failed or not connected order (staff, admin API). */
export async function reprocessOrder({ ctx, orderId }: { ctx: ServiceContext; orderId: string }): Promise<OrderView> {
  authorize(ctx, "write");
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId);
    if (row.status !== "failed" && row.status !== "not_connected") {
      throw new AppError("conflict", `Only failed or not connected orders can be processed again; this one is ${row.status.replace("_", " ")}`);
    }
    await enqueue(tx, "order.process", { orderId }, { key: `${orderId}:reprocess:${Date.now()}` });
    await audit(tx, { action: "order.reprocess", entityType: "order", entityId: orderId, customerId: row.customerId });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}
