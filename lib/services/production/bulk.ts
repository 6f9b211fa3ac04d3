import { z } from "zod";
import { eq, or } from "drizzle-orm";
import { orders } from "@/db/schema";
import { orderStatuses } from "@/db/schema/enums";
import { AppError, isAppError } from "@/lib/errors";
import { readCsvRecords, type CsvSource } from "@/lib/csv/read";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import { parseInput } from "../parse";
import { changeOrderStatus } from "../orders/change-status";

export type BulkResult = { succeeded: string[]; failed: Array<{ orderId: string; message: string }> };

const bulkInput = z.object({
  orderIds: z.array(z.string().min(1).max(100)).min(1, "select at least one order").max(500),
  status: z.enum(orderStatuses),
  message: z.string().trim().max(1000).optional(),
});

/** Moves many orders at once; each moves or fails on its own (a 409 for one does not stop the rest). */
export async function bulkChangeStatus({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof bulkInput> }): Promise<BulkResult> {
  authorize(ctx, "orders:status");
  const data = parseInput(bulkInput, input);
  const result: BulkResult = { succeeded: [], failed: [] };
  for (const orderId of new Set(data.orderIds)) {
    try {
      await changeOrderStatus({ ctx, orderId, input: { status: data.status, message: data.message } });
      result.succeeded.push(orderId);
    } catch (error) {
      if (!isAppError(error)) throw error;
      result.failed.push({ orderId, message: error.message });
    }
  }
  return result;
}

const shipmentLine = z.object({
  orderId: z.string().trim().min(1).max(200),
  carrier: z.string().trim().min(1, "Enter the carrier.").max(100, "The carrier can be at most 100 characters."),
  trackingCode: z.string().trim().min(1, "Enter the tracking code.").max(200, "The tracking code can be at most 200 characters."),
  trackingUrl: z.url({ protocol: /^https?$/, error: "The tracking URL is not a full web address (https://…)." }).max(2000, "The tracking URL can be at most 2,000 characters.").optional(),
});
export type ShipmentLine = z.input<typeof shipmentLine>;

const maxShipmentLines = 2000;

/** Ships printed orders with their carrier and tracking; each line succeeds or fails on its own. */
export async function shipOrders({ ctx, lines }: { ctx: ServiceContext; lines: ShipmentLine[] }): Promise<BulkResult> {
  authorize(ctx, "orders:status");
  if (lines.length === 0) throw new AppError("validation_failed", "Nothing to ship", { details: [{ path: "orders", message: "select at least one order" }] });
  if (lines.length > maxShipmentLines) throw new AppError("payload_too_large", "Ship at most 2,000 orders at a time");
  const result: BulkResult = { succeeded: [], failed: [] };
  for (const line of lines) {
    const parsed = shipmentLine.safeParse(line);
    if (!parsed.success) {
      // People read these (the board, the CSV upload): the messages name the field in words.
      result.failed.push({ orderId: line.orderId || "(missing)", message: parsed.error.issues.map((issue) => issue.message).join(" ") });
      continue;
    }
    const { orderId, carrier, trackingCode, trackingUrl } = parsed.data;
    const matches = await ctx.db.select({ id: orders.id }).from(orders).where(or(eq(orders.id, orderId), eq(orders.externalId, orderId))).limit(2);
    const row = matches.find((match) => match.id === orderId) ?? (matches.length === 1 ? matches[0] : undefined);
    if (!row) {
      result.failed.push({ orderId, message: matches.length > 1 ? "several customers use this reference; use the order id" : "no such order" });
      continue;
    }
    try {
      await changeOrderStatus({ ctx, orderId: row.id, input: { status: "shipped", carrier, trackingCode, trackingUrl } });
      result.succeeded.push(row.id);
    } catch (error) {
      if (!isAppError(error)) throw error;
      result.failed.push({ orderId, message: error.message });
    }
  }
  return result;
}

/** Reads `order,carrier,trackingCode,trackingUrl` rows (header required; `order` is our id or the customer's reference). */
export async function parseShipmentsCsv(csv: CsvSource): Promise<ShipmentLine[]> {
  const records = readCsvRecords<Record<string, string>>(
    csv,
    { columns: (header: string[]) => header.map((name) => name.trim()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true },
    { maxRows: maxShipmentLines, maxBytes: 20 * 1024 * 1024 },
  );
  const lines: ShipmentLine[] = [];
  for await (const record of records) {
    lines.push({
      orderId: record.order ?? record.orderId ?? record.id ?? "",
      carrier: record.carrier ?? "",
      trackingCode: record.trackingCode ?? record.tracking ?? "",
      trackingUrl: record.trackingUrl || undefined,
    });
  }
  return lines;
}
