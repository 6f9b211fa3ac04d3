import type { OrderStatus } from "@/db/schema/enums";
import { AppError } from "@/lib/errors";

// The one place the order status machine lives (spec: pipeline.md).
const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ["created", "canceled"],
  created: ["passed", "not_connected", "failed", "on_hold", "canceled"],
  not_connected: ["passed", "failed", "canceled"],
  failed: ["passed", "canceled"],
  passed: ["in_production", "on_hold", "canceled"],
  on_hold: ["passed", "canceled"],
  in_production: ["printed", "failed", "canceled"],
  printed: ["shipped"],
  shipped: ["in_transit", "delivered", "returned"],
  in_transit: ["delivered", "returned"],
  delivered: ["returned"],
  returned: [],
  canceled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return transitions[from];
}

/** Throws a `conflict` AppError unless the pipeline allows `from → to`. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError("conflict", `An order cannot move from ${from} to ${to}`, {
      details: [{ path: "status", message: `allowed from ${from}: ${transitions[from].join(", ") || "none"}` }],
    });
  }
}

export function isCancellable(status: OrderStatus): boolean {
  return canTransition(status, "canceled");
}

/** Statuses where the order has not started production and its content may still change. */
export function isEditable(status: OrderStatus): boolean {
  return ["draft", "created", "passed", "not_connected", "failed", "on_hold"].includes(status);
}

/**
 * Changing an order's content (an update before production) sends it back through processing:
 * from these statuses it returns to `created`. This is the only way back to `created`.
 */
const restartableStatuses: readonly OrderStatus[] = ["created", "passed", "not_connected", "failed", "on_hold"];

export function canRestartProcessing(status: OrderStatus): boolean {
  return restartableStatuses.includes(status);
}

export const statusLabels: Record<OrderStatus, string> = {
  draft: "Draft",
  created: "Created",
  passed: "Passed",
  not_connected: "Not connected",
  failed: "Failed",
  on_hold: "On hold",
  in_production: "In production",
  printed: "Printed",
  shipped: "Shipped",
  in_transit: "In transit",
  delivered: "Delivered",
  returned: "Returned",
  canceled: "Canceled",
};
