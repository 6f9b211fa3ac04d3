import type { OrderChannel } from "@/db/schema/enums";

export type KnownOrderId = { label: string; value: string };

/**
 * The ids the customer's own system knows an order by, as it would name them: Gelato clients get
 * the order's UUID back and sent their orderReferenceId; Site Flow clients sent a sourceOrderId;
 * shops know their own order number. Our `ord_…` id is not among them.
 */
export function knownOrderIds(order: { channel: OrderChannel; uid: string; externalId: string }): KnownOrderId[] {
  switch (order.channel) {
    case "gelato_api":
      return [
        { label: "Gelato order id", value: order.uid },
        { label: "Order reference", value: order.externalId },
      ];
    case "siteflow_api":
      return [{ label: "Source order id", value: order.externalId }];
    case "shopify":
    case "etsy":
    case "woocommerce":
      return [{ label: "Shop order", value: order.externalId }];
  }
}
