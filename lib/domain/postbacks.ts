import type { OrderStatus } from "@/db/schema/enums";

// The events a postback trigger can subscribe to (spec: pipeline.md, Postbacks): the order
// being stored, then every later status.
export const postbackEvents = [
  "order.received",
  "order.passed",
  "order.not_connected",
  "order.failed",
  "order.on_hold",
  "order.in_production",
  "order.printed",
  "order.shipped",
  "order.in_transit",
  "order.delivered",
  "order.returned",
  "order.canceled",
] as const;
export type PostbackEvent = (typeof postbackEvents)[number];

export const postbackEventLabels: Record<PostbackEvent, string> = {
  "order.received": "Received",
  "order.passed": "Passed checks",
  "order.not_connected": "Not connected",
  "order.failed": "Failed",
  "order.on_hold": "On hold",
  "order.in_production": "In production",
  "order.printed": "Printed",
  "order.shipped": "Shipped",
  "order.in_transit": "In transit",
  "order.delivered": "Delivered",
  "order.returned": "Returned",
  "order.canceled": "Canceled",
};

export function isPostbackEvent(value: string): value is PostbackEvent {
  return (postbackEvents as readonly string[]).includes(value);
}

/** Site Flow's names for our statuses (spec: order-apis.md, SiteFlow dialect). */
export function siteflowStatus(status: OrderStatus): string {
  switch (status) {
    case "draft":
    case "on_hold":
    case "not_connected":
      return "pending";
    case "created":
      return "dataready";
    case "passed":
    case "in_production":
      return "printready";
    case "printed":
      return "complete";
    case "shipped":
    case "in_transit":
    case "delivered":
    case "returned":
      return "shipped";
    case "canceled":
      return "cancelled";
    case "failed":
      return "error";
  }
}

export const postbackMethods = ["POST", "PUT"] as const;
export type PostbackMethod = (typeof postbackMethods)[number];

/** Header names a trigger may not set: the signature headers and what HTTP itself owns. */
export const reservedHeaderNames = ["webhook-id", "webhook-timestamp", "webhook-signature", "host", "content-length", "transfer-encoding", "connection"];
