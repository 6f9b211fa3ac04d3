"use server";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { runAction, type ActionState } from "@/lib/actions";
import { bulkChangeStatus, parseShipmentsCsv, shipOrders, type BulkResult } from "@/lib/services/production";
import { AppError } from "@/lib/errors";
import type { OrderStatus } from "@/db/schema/enums";

const intents: Record<string, { status: OrderStatus; verb: string }> = {
  start: { status: "in_production", verb: "started" },
  printed: { status: "printed", verb: "marked printed" },
  hold: { status: "on_hold", verb: "put on hold" },
  release: { status: "passed", verb: "released" },
  cancel: { status: "canceled", verb: "canceled" },
  in_transit: { status: "in_transit", verb: "marked in transit" },
  delivered: { status: "delivered", verb: "marked delivered" },
};

function summarize(result: BulkResult, verb: string): ActionState {
  const done = result.succeeded.length;
  const message = `${done} order${done === 1 ? "" : "s"} ${verb}.` + (result.failed.length ? ` ${result.failed.length} could not be ${verb}:` : "");
  return {
    status: result.failed.length && !done ? "error" : "success",
    message,
    result: Object.fromEntries(result.failed.map((failure) => [failure.orderId, failure.message])),
  };
}

/** One form, several buttons: `intent` says which move the selected orders make. */
export async function boardAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const intent = String(formData.get("intent") ?? "");
  const orderIds = formData.getAll("orderId").map(String);
  const state = await runAction(undefined, async () => {
    if (orderIds.length === 0) throw new AppError("validation_failed", "Select at least one order first.");
    if (intent === "ship") {
      const lines = orderIds.map((orderId) => ({
        orderId,
        carrier: String(formData.get(`carrier:${orderId}`) ?? "") || String(formData.get("carrier:all") ?? ""),
        trackingCode: String(formData.get(`trackingCode:${orderId}`) ?? ""),
        trackingUrl: String(formData.get(`trackingUrl:${orderId}`) ?? "") || undefined,
      }));
      return summarize(await shipOrders({ ctx, lines }), "shipped");
    }
    const move = intents[intent];
    if (!move) throw new AppError("bad_request", "Unknown action");
    const message = `${move.verb[0]!.toUpperCase()}${move.verb.slice(1)} on the production board`;
    return summarize(await bulkChangeStatus({ ctx, input: { orderIds, status: move.status, message } }), move.verb);
  });
  revalidatePath("/production");
  return state;
}

export async function shipCsvAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const file = formData.get("file");
  const state = await runAction(undefined, async () => {
    if (!(file instanceof File) || file.size === 0) throw new AppError("validation_failed", "Choose a CSV file to upload.");
    if (file.size > 5 * 1024 * 1024) throw new AppError("payload_too_large", "The file is larger than 5 MB.");
    return summarize(await shipOrders({ ctx, lines: await parseShipmentsCsv(await file.text()) }), "shipped");
  });
  revalidatePath("/production");
  return state;
}
