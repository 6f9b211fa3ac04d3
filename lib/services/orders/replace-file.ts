import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import { orderItems, orders } from "@/db/schema";
import { canRestartProcessing } from "@/lib/domain/status";
import { AppError } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { recordOrderEvent } from "./events";
import { processOrder } from "./process";
import { lockOrder } from "./transition";
import { loadOrderView, type OrderView } from "./view";

export const replaceOrderFileInput = z.object({
  itemId: z.string().min(1).max(100),
  fileIndex: z.coerce.number().int().min(0).max(100),
  url: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).trim().max(4096),
});

/**
 * Staff replace one print file's URL of an order that has not reached production (typically a
 * failed one), and the order is processed again at once; returns the outcome.
 */
export async function replaceOrderFile({ ctx, orderId, input }: { ctx: ServiceContext; orderId: string; input: z.input<typeof replaceOrderFileInput> }): Promise<OrderView> {
  authorize(ctx, "write");
  const data = parseInput(replaceOrderFileInput, input);
  await withTransaction(ctx, async (tx) => {
    const row = await lockOrder(tx, orderId);
    if (!canRestartProcessing(row.status)) {
      throw new AppError("conflict", `The files can no longer change: the order is ${row.status.replace("_", " ")}`);
    }
    const [item] = await tx.db
      .select()
      .from(orderItems)
      .where(and(eq(orderItems.id, data.itemId), eq(orderItems.orderId, orderId)));
    if (!item) throw new AppError("validation_failed", "The item is not part of this order", { details: [{ path: "itemId", message: "is not an item of this order" }] });
    const file = item.files[data.fileIndex];
    if (!file) throw new AppError("validation_failed", "The item has no such file", { details: [{ path: "fileIndex", message: "is not a file of this item" }] });
    const files = item.files.map((entry, index) => (index === data.fileIndex ? { ...entry, url: data.url } : entry));
    await tx.db.update(orderItems).set({ files, status: "created", statusReason: null }).where(eq(orderItems.id, item.id));
    await tx.db.update(orders).set({ status: "created", statusReason: null, statusChangedAt: sql`now()` }).where(eq(orders.id, orderId));
    const label = item.externalItemId ? `item ${item.externalItemId}` : `item ${item.position + 1}`;
    await recordOrderEvent(tx, {
      orderId,
      customerId: row.customerId,
      type: "order.updated",
      fromStatus: row.status,
      toStatus: "created",
      message: `The ${file.type} file of ${label} was replaced with ${fileName(data.url)}; processing again`,
      data: { itemId: item.id, fileIndex: data.fileIndex, previousUrl: file.url, url: data.url },
    });
    await audit(tx, { action: "order.replace_file", entityType: "order", entityId: orderId, customerId: row.customerId, before: file, after: { ...file, url: data.url } });
  });
  await processOrder(ctx, orderId, { transientRetries: 0 });
  return (await loadOrderView(ctx.db, orderId))!;
}

/** The last part of a URL's path, enough to tell files apart in the timeline. */
function fileName(url: string): string {
  const name = new URL(url).pathname.split("/").filter(Boolean).at(-1);
  if (!name) return new URL(url).host;
  try {
    return decodeURIComponent(name).slice(0, 80);
  } catch {
    return name.slice(0, 80);
  }
}
