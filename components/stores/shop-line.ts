import type { OrderView } from "@/lib/services/orders";
import type { ShopLine } from "./variant-fix";

/** The shop's own words for an item of a shop order (product, variant, SKU), when it has them. */
export function shopLine(item: OrderView["items"][number]): ShopLine | null {
  const extra = item.extra;
  if (typeof extra.externalProductId !== "string") return null;
  return {
    externalProductId: extra.externalProductId,
    externalVariantId: typeof extra.externalVariantId === "string" ? extra.externalVariantId : null,
    title: typeof extra.title === "string" ? extra.title : "Shop item",
    variantTitle: typeof extra.variantTitle === "string" ? extra.variantTitle : null,
    sku: typeof extra.sku === "string" ? extra.sku : null,
  };
}

/** A shop order's order name (`#1001`), when it is one. */
export function shopOrderName(order: Pick<OrderView, "extra">): string | null {
  return typeof order.extra.shopOrderName === "string" ? order.extra.shopOrderName : null;
}

/** On hold until someone approves it (a store in manual approval mode, or a routing rule). */
export function isAwaitingApproval(order: Pick<OrderView, "status" | "statusReason">): boolean {
  return order.status === "on_hold" && /approval/i.test(order.statusReason ?? "");
}
