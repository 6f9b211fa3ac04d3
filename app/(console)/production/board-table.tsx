"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/form";
import { Badge } from "@/components/ui/badge";
import { inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/actions";
import type { BoardOrder, BoardStage } from "@/lib/services/production/board";
import { boardAction } from "./actions";

const actionsByStage: Record<BoardStage, Array<{ intent: string; label: string; variant?: "primary" | "secondary" | "danger" }>> = {
  passed: [
    { intent: "start", label: "Start production" },
    { intent: "hold", label: "Hold", variant: "secondary" },
    { intent: "cancel", label: "Cancel", variant: "danger" },
  ],
  in_production: [
    { intent: "printed", label: "Mark printed" },
    { intent: "cancel", label: "Cancel", variant: "danger" },
  ],
  printed: [{ intent: "ship", label: "Ship selected" }],
  shipped: [
    { intent: "in_transit", label: "In transit", variant: "secondary" },
    { intent: "delivered", label: "Delivered" },
  ],
  on_hold: [
    { intent: "release", label: "Release" },
    { intent: "cancel", label: "Cancel", variant: "danger" },
  ],
};

function age(iso: string): string {
  const minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export function BoardTable({ stage, orders }: { stage: BoardStage; orders: BoardOrder[] }) {
  const [state, formAction] = useActionState(boardAction, { status: "idle" } as ActionState);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const allSelected = orders.length > 0 && orders.every((order) => selected.has(order.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const failures = Object.entries(state.result ?? {});
  return (
    <form action={formAction}>
      {state.status !== "idle" && state.message ? (
        <div className="border-b border-slate-100 px-5 py-3">
          <Alert tone={state.status === "error" ? "error" : "success"}>
            {state.message}
            {failures.length ? (
              <ul className="mt-1 list-disc pl-4">
                {failures.map(([id, message]) => (
                  <li key={id}>
                    <span className="font-mono text-xs">{id}</span>: {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <div className="sticky top-14 z-10 flex flex-wrap items-center gap-2 border-b border-slate-100 bg-white/95 px-5 py-2.5 backdrop-blur lg:top-0">
        <span className="mr-auto text-sm text-slate-600" aria-live="polite">
          {selected.size ? `${selected.size} selected` : "Select orders to move them on"}
        </span>
        {stage === "printed" ? (
          <input name="carrier:all" placeholder="Carrier for all (e.g. DHL)" aria-label="Carrier for all selected orders" className={cn(inputClass, "h-8 w-48 py-1")} />
        ) : null}
        {actionsByStage[stage].map((action) => (
          <SubmitButton key={action.intent} name="intent" value={action.intent} size="sm" variant={action.variant} pendingText="Working…">
            {action.label}
          </SubmitButton>
        ))}
      </div>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
          <thead className="bg-slate-50/80 text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th className="w-10 py-2.5 pl-5">
                <input
                  type="checkbox"
                  aria-label="Select all orders"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(orders.map((order) => order.id)))}
                  className="size-4 rounded border-slate-300"
                />
              </th>
              <th className="px-4 py-2.5 font-medium">Order</th>
              <th className="px-4 py-2.5 font-medium">Customer</th>
              <th className="px-4 py-2.5 font-medium">Items</th>
              <th className="px-4 py-2.5 font-medium whitespace-nowrap">Waiting</th>
              {stage === "printed" ? <th className="px-4 py-2.5 pr-5 font-medium">Shipment</th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {orders.map((order) => (
              <tr key={order.id} className={selected.has(order.id) ? "bg-brand-50/50" : undefined}>
                <td className="py-3 pl-5 align-top">
                  <input
                    type="checkbox"
                    name="orderId"
                    value={order.id}
                    checked={selected.has(order.id)}
                    onChange={() => toggle(order.id)}
                    aria-label={`Select order ${order.externalId}`}
                    className="size-4 rounded border-slate-300"
                  />
                </td>
                <td className="px-4 py-3 align-top">
                  <Link href={`/orders/${order.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                    {order.externalId}
                  </Link>
                  <div className="mt-0.5 flex flex-wrap gap-1">
                    {order.priority === "rush" ? <Badge tone="red">Rush</Badge> : null}
                    {order.tags.map((tag) => (
                      <Badge key={tag} tone="purple">
                        {tag}
                      </Badge>
                    ))}
                  </div>
                  <div className="font-mono text-xs text-slate-400">{order.id}</div>
                </td>
                <td className="px-4 py-3 align-top">
                  <div className="text-slate-800">{order.customerName}</div>
                  <div className="text-xs text-slate-500">{order.recipientName}</div>
                </td>
                <td className="px-4 py-3 align-top text-slate-700">
                  <ul className="space-y-0.5">
                    {order.items.map((item, index) => (
                      <li key={index} className="whitespace-nowrap">
                        <span className="font-medium">{item.quantity}×</span> <span className="font-mono text-xs">{item.productUid ?? "—"}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="px-4 py-3 align-top whitespace-nowrap text-slate-500">{age(order.statusChangedAt)}</td>
                {stage === "printed" ? (
                  <td className="min-w-72 px-4 py-3 pr-5 align-top">
                    <div className="grid gap-1.5">
                      <input name={`carrier:${order.id}`} placeholder="Carrier" aria-label={`Carrier for ${order.externalId}`} className={cn(inputClass, "h-8 py-1")} />
                      <input name={`trackingCode:${order.id}`} placeholder="Tracking code" aria-label={`Tracking code for ${order.externalId}`} className={cn(inputClass, "h-8 py-1")} />
                      <input name={`trackingUrl:${order.id}`} placeholder="Tracking URL (optional)" type="url" aria-label={`Tracking URL for ${order.externalId}`} className={cn(inputClass, "h-8 py-1")} />
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </form>
  );
}
