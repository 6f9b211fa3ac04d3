import { z } from "zod";
import { orderStatuses } from "@/db/schema/enums";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { applyTransition, lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

export const changeStatusInput = z.object({
  status: z.enum(orderStatuses),
  trackingCode: z.string().trim().min(1).max(200).optional(),
  trackingUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  carrier: z.string().trim().min(1).max(100).optional(),
  message: z.string().trim().max(1000).optional(),
  shipmentIndex: z.number().int().min(0).optional(),
});

/**
 * A production status update (console board, admin API, production systems). Refused with 409
 * when the pipeline does not allow the move; cancelling a canceled order is a no-op.
 */
export async function changeOrderStatus({
  ctx,
  orderId,
  input,
}: {
  ctx: ServiceContext;
  orderId: string;
  input: z.input<typeof changeStatusInput>;
}): Promise<OrderView> {
  authorize(ctx, "orders:status");
  const data = parseInput(changeStatusInput, input);
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId);
    if (row.status === "canceled" && data.status === "canceled") return;
    await applyTransition(tx, row, data.status, {
      message: data.message,
      tracking: { trackingCode: data.trackingCode, trackingUrl: data.trackingUrl, carrier: data.carrier, shipmentIndex: data.shipmentIndex },
    });
  });
  return (await loadOrderView(ctx.db, orderId))!;
}
