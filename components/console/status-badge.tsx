import type { OrderStatus } from "@/db/schema/enums";
import { statusLabels } from "@/lib/domain/status";
import { Badge, type Tone } from "@/components/ui/badge";

export const statusTones: Record<OrderStatus, Tone> = {
  draft: "gray",
  created: "blue",
  passed: "indigo",
  not_connected: "yellow",
  failed: "red",
  on_hold: "yellow",
  in_production: "purple",
  printed: "purple",
  shipped: "green",
  in_transit: "green",
  delivered: "green",
  returned: "gray",
  canceled: "gray",
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <Badge tone={statusTones[status]}>{statusLabels[status]}</Badge>;
}
