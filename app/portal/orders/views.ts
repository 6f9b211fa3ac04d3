import type { OrderChannel, OrderStatus } from "@/db/schema/enums";

/** The order lists a customer can switch between, each a set of statuses (empty: all). */
export const orderViews = {
  all: { label: "All", statuses: [] },
  progress: { label: "In progress", statuses: ["draft", "created", "passed", "on_hold", "in_production", "printed"] },
  attention: { label: "Needs attention", statuses: ["not_connected", "failed"] },
  shipped: { label: "Shipped", statuses: ["shipped", "in_transit", "delivered"] },
  closed: { label: "Canceled or returned", statuses: ["canceled", "returned"] },
} as const satisfies Record<string, { label: string; statuses: readonly OrderStatus[] }>;

export type OrderViewName = keyof typeof orderViews;

export const channelNames: Record<OrderChannel, string> = {
  gelato_api: "Order API (Gelato)",
  siteflow_api: "Order API (Site Flow)",
  shopify: "Shopify",
  etsy: "Etsy",
  woocommerce: "WooCommerce",
};

/** What a status means for the customer, in one sentence. */
export const statusMeaning: Record<OrderStatus, string> = {
  draft: "A draft: it is not produced until it is turned into an order.",
  created: "Received; it is being checked.",
  passed: "Checked and ready for production.",
  not_connected: "An item is not linked to a product yet, so it cannot be produced.",
  failed: "A check failed (a design file or the address), so it cannot be produced yet.",
  on_hold: "Held before production.",
  in_production: "Being printed.",
  printed: "Printed; it ships next.",
  shipped: "Handed to the carrier.",
  in_transit: "On its way.",
  delivered: "Delivered.",
  returned: "Returned to the sender.",
  canceled: "Canceled; it will not be produced.",
};

/** Who acts next on an order that is stuck, said plainly; undefined when nothing waits on anyone. */
export function nextStep(status: OrderStatus, partner: string): string | undefined {
  switch (status) {
    case "failed":
      return `${partner} acts next: they replace the file or correct the order and process it again, and contact you if they need a new file. Fixed the file at the same address? Let ${partner} know.`;
    case "not_connected":
      return `${partner} acts next: they link your product to their catalog, and the order then continues by itself.`;
    case "on_hold":
      return `${partner} acts next: they release the order for production.`;
    default:
      return undefined;
  }
}
