import type { OrderChannel, OrderStatus } from "@/db/schema/enums";
import { Badge, type Tone } from "@/components/ui/badge";

// Colours follow the pipeline: blue arriving, indigo ready, purple in production, green on its
// way, yellow waiting on someone, red stopped, gray closed.
export const orderStatusInfo: Record<OrderStatus, { label: string; tone: Tone }> = {
  draft: { label: "Draft", tone: "gray" },
  created: { label: "Created", tone: "blue" },
  passed: { label: "Passed", tone: "indigo" },
  not_connected: { label: "Not connected", tone: "yellow" },
  failed: { label: "Failed", tone: "red" },
  on_hold: { label: "On hold", tone: "yellow" },
  in_production: { label: "In production", tone: "purple" },
  printed: { label: "Printed", tone: "purple" },
  shipped: { label: "Shipped", tone: "green" },
  in_transit: { label: "In transit", tone: "green" },
  delivered: { label: "Delivered", tone: "green" },
  returned: { label: "Returned", tone: "red" },
  canceled: { label: "Canceled", tone: "gray" },
};

export const orderChannelInfo: Record<OrderChannel, { label: string; className: string }> = {
  gelato_api: { label: "Gelato API", className: "bg-sky-50 text-sky-800 ring-sky-600/20" },
  siteflow_api: { label: "Site Flow API", className: "bg-cyan-50 text-cyan-800 ring-cyan-600/20" },
  shopify: { label: "Shopify", className: "bg-lime-50 text-lime-800 ring-lime-600/20" },
  etsy: { label: "Etsy", className: "bg-orange-50 text-orange-800 ring-orange-600/20" },
  woocommerce: { label: "WooCommerce", className: "bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-600/20" },
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const info = orderStatusInfo[status];
  return <Badge tone={info.tone}>{info.label}</Badge>;
}

export function ChannelBadge({ channel }: { channel: OrderChannel }) {
  const info = orderChannelInfo[channel];
  return <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${info.className}`}>{info.label}</span>;
}
