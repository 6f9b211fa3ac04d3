"use client";
import Link from "next/link";
import { startTransition, useActionState, useState } from "react";
import { Alert } from "@/components/ui/form";
import { ExternalLink } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { OrderStatusBadge } from "@/components/console/order-badges";
import { inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
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

// One markup for both widths (a phone list would submit every input twice): below `sm` the
// table's rows become cards, the checkbox on the left and the cells stacked beside it.
const cell = "px-4 py-3 align-top max-sm:col-start-2 max-sm:px-0 max-sm:py-0";

type Shipment = { carrier: string; trackingCode: string; trackingUrl: string };
const noShipment: Shipment = { carrier: "", trackingCode: "", trackingUrl: "" };

/** What a selected printed order still needs before it can ship, in words; empty when ready. */
function shipmentProblems(shipment: Shipment, carrierForAll: string): Partial<Record<keyof Shipment, string>> {
  const problems: Partial<Record<keyof Shipment, string>> = {};
  if (!shipment.carrier.trim() && !carrierForAll.trim()) problems.carrier = "Enter the carrier";
  if (!shipment.trackingCode.trim()) problems.trackingCode = "Enter the tracking code";
  return problems;
}

export function BoardTable({ stage, orders, empty }: { stage: BoardStage; orders: BoardOrder[]; empty: React.ReactNode }) {
  const [state, formAction, isPending] = useActionState(boardAction, { status: "idle" } as ActionState);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [shipments, setShipments] = useState<Record<string, Shipment>>({});
  const [carrierForAll, setCarrierForAll] = useState("");
  const [pendingIntent, setPendingIntent] = useState<string>();
  const selectedOrders = orders.filter((order) => selected.has(order.id));
  const selectedCount = selectedOrders.length;
  const allSelected = orders.length > 0 && selectedCount === orders.length;
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const shipmentOf = (id: string) => shipments[id] ?? noShipment;
  const edit = (id: string, field: keyof Shipment, value: string) => setShipments((current) => ({ ...current, [id]: { ...(current[id] ?? noShipment), [field]: value } }));
  const incomplete = stage === "printed" ? selectedOrders.filter((order) => Object.keys(shipmentProblems(shipmentOf(order.id), carrierForAll)).length > 0).length : 0;
  const references = new Map(orders.map((order) => [order.id, order.externalId]));
  const failures = Object.entries(state.result ?? {});
  // Submitted by hand rather than through `action`: React resets an action's form afterwards,
  // which would untick the checkboxes and empty the tracking fields while the state keeps them.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    setPendingIntent(String(formData.get("intent") ?? ""));
    startTransition(() => formAction(formData));
  };
  let hint = "Select orders to move them on";
  if (selectedCount) hint = `${selectedCount} selected`;
  if (incomplete) hint += ` · ${incomplete === 1 ? "one needs" : `${incomplete} need`} a carrier and tracking code before shipping`;
  return (
    <form onSubmit={submit} noValidate>
      {state.status !== "idle" && state.message ? (
        <div className="border-b border-slate-100 px-5 py-3">
          <Alert tone={state.status === "error" ? "error" : "success"}>
            {state.message}
            {failures.length ? (
              <ul className="mt-1 list-disc pl-4">
                {failures.map(([id, message]) => (
                  <li key={id}>
                    <span className="font-medium">{references.get(id) ?? id}</span>: {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}
      {orders.length === 0 ? (
        empty
      ) : (
        <>
          <div className="sticky top-14 z-10 flex flex-wrap items-center gap-2 border-b border-slate-100 bg-white/95 px-5 py-2.5 backdrop-blur lg:top-0">
            <label className="mr-auto flex items-center gap-3 text-sm text-slate-600">
              <input
                type="checkbox"
                aria-label="Select all orders"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(orders.map((order) => order.id)))}
                className="size-4 rounded border-slate-300 sm:hidden"
              />
              <span aria-live="polite" data-testid="selection-summary">
                {hint}
              </span>
            </label>
            {stage === "printed" ? (
              <input
                name="carrier:all"
                value={carrierForAll}
                onChange={(event) => setCarrierForAll(event.target.value)}
                placeholder="Carrier for all (e.g. DHL)"
                aria-label="Carrier for all selected orders"
                className={cn(inputClass, "h-8 w-full py-1 sm:w-48")}
              />
            ) : null}
            {actionsByStage[stage].map((action) => {
              const working = isPending && pendingIntent === action.intent;
              return (
                <Button
                  key={action.intent}
                  type="submit"
                  name="intent"
                  value={action.intent}
                  size="sm"
                  variant={action.variant}
                  disabled={isPending || selectedCount === 0 || (action.intent === "ship" && incomplete > 0)}
                  aria-busy={working}
                  className="disabled:opacity-60"
                >
                  {working ? (
                    <>
                      <span className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
                      Working…
                    </>
                  ) : (
                    action.label
                  )}
                </Button>
              );
            })}
          </div>
          <div className="sm:overflow-x-auto">
            <table className="min-w-full text-left text-sm max-sm:block">
              <thead className="bg-slate-50/80 text-xs font-medium tracking-wide text-slate-500 uppercase max-sm:hidden">
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
                  {stage === "shipped" ? <th className="px-4 py-2.5 font-medium">Tracking</th> : null}
                  <th className="px-4 py-2.5 font-medium whitespace-nowrap">{stage === "shipped" ? "Since" : "Waiting"}</th>
                  {stage === "printed" ? <th className="px-4 py-2.5 pr-5 font-medium">Shipment</th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 border-t border-slate-200 bg-white max-sm:block max-sm:border-t-0">
                {orders.map((order) => (
                  <tr
                    key={order.id}
                    className={cn("max-sm:grid max-sm:grid-cols-[1rem_minmax(0,1fr)] max-sm:gap-x-3 max-sm:gap-y-1.5 max-sm:px-5 max-sm:py-3", selected.has(order.id) && "bg-brand-50/50")}
                  >
                    <td className="py-3 pl-5 align-top max-sm:p-0 max-sm:pt-0.5">
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
                    <td className={cell}>
                      <div className="flex items-baseline justify-between gap-3">
                        <Link href={`/orders/${order.id}`} className="font-medium break-all text-slate-900 hover:text-brand-700">
                          {order.externalId}
                        </Link>
                        <span className="shrink-0 text-xs text-slate-500 sm:hidden">{age(order.statusChangedAt)}</span>
                      </div>
                      {order.priority === "rush" || order.tags.length ? (
                        <div className="mt-0.5 flex flex-wrap gap-1">
                          {order.priority === "rush" ? <Badge tone="red">Rush</Badge> : null}
                          {order.tags.map((tag) => (
                            <Badge key={tag} tone="purple">
                              {tag}
                            </Badge>
                          ))}
                        </div>
                      ) : null}
                      <div className="font-mono text-xs text-slate-400 max-sm:hidden">{order.id}</div>
                    </td>
                    <td className={cell}>
                      <div className="text-slate-800 max-sm:inline">{order.customerName}</div>
                      {order.recipientName ? (
                        <div className="text-xs text-slate-500 max-sm:inline">
                          <span className="sm:hidden"> · for </span>
                          {order.recipientName}
                        </div>
                      ) : null}
                    </td>
                    <td className={cn(cell, "text-slate-700")}>
                      <ul className="space-y-0.5">
                        {order.items.map((item, index) => (
                          <li key={index} className="whitespace-nowrap">
                            <span className="font-medium">{item.quantity}×</span> <span className="font-mono text-xs">{item.productUid ?? "—"}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                    {stage === "shipped" ? (
                      <td className={cell}>
                        <OrderStatusBadge status={order.status} />
                        {order.tracking ? <Tracking tracking={order.tracking} /> : null}
                      </td>
                    ) : null}
                    <td className={cn(cell, "whitespace-nowrap text-slate-500 max-sm:hidden")}>{age(order.statusChangedAt)}</td>
                    {stage === "printed" ? (
                      <td className={cn(cell, "pr-5 sm:min-w-72")}>
                        <ShipmentFields
                          order={order}
                          shipment={shipmentOf(order.id)}
                          carrierForAll={carrierForAll}
                          isSelected={selected.has(order.id)}
                          failure={state.result?.[order.id]}
                          onEdit={(field, value) => edit(order.id, field, value)}
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </form>
  );
}

/**
 * Carrier, tracking code and URL of one printed order: what is missing is said once it is
 * selected, and why the last attempt to ship it failed stays beside its fields.
 */
function ShipmentFields({
  order,
  shipment,
  carrierForAll,
  isSelected,
  failure,
  onEdit,
}: {
  order: BoardOrder;
  shipment: Shipment;
  carrierForAll: string;
  isSelected: boolean;
  failure: string | undefined;
  onEdit: (field: keyof Shipment, value: string) => void;
}) {
  const problems = isSelected ? shipmentProblems(shipment, carrierForAll) : {};
  const fields: Array<{ field: keyof Shipment; label: string; placeholder: string; maxLength: number; type?: string }> = [
    { field: "carrier", label: "Carrier", placeholder: carrierForAll.trim() ? `Carrier (${carrierForAll.trim()} for all)` : "Carrier", maxLength: 100 },
    { field: "trackingCode", label: "Tracking code", placeholder: "Tracking code", maxLength: 200 },
    { field: "trackingUrl", label: "Tracking URL", placeholder: "Tracking URL (optional)", maxLength: 2000, type: "url" },
  ];
  return (
    <div className="grid gap-1.5 max-sm:mt-1">
      {fields.map(({ field, label, placeholder, maxLength, type }) => {
        const problem = problems[field];
        const hintId = `${field}-${order.id}-problem`;
        return (
          <div key={field}>
            <input
              name={`${field}:${order.id}`}
              type={type}
              value={shipment[field]}
              onChange={(event) => onEdit(field, event.target.value)}
              placeholder={placeholder}
              maxLength={maxLength}
              aria-label={`${label} for ${order.externalId}`}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? hintId : undefined}
              className={cn(inputClass, "h-8 py-1")}
            />
            {problem ? (
              <p id={hintId} className="mt-0.5 text-xs text-red-700">
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      {failure ? <p className="text-xs text-red-700">Not shipped: {failure}</p> : null}
    </div>
  );
}

function Tracking({ tracking }: { tracking: NonNullable<BoardOrder["tracking"]> }) {
  return (
    <div className="mt-1 text-xs">
      {tracking.carrier ? <div className="text-slate-700">{tracking.carrier}</div> : null}
      {tracking.trackingCode && tracking.trackingUrl ? (
        <a href={tracking.trackingUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-mono text-brand-600 hover:text-brand-700">
          {tracking.trackingCode}
          <ExternalLink className="size-3" aria-hidden />
        </a>
      ) : (
        <div className="font-mono text-slate-600">{tracking.trackingCode}</div>
      )}
    </div>
  );
}
