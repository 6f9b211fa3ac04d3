"use client";
import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { RowAction } from "@/components/storefront/row-action";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** What an admin does with one store: switch approval mode, sync now, disconnect (after a confirm). */
export function StoreActions({
  storeId,
  storeName,
  approvalMode,
  connected,
  actions,
}: {
  storeId: string;
  storeName: string;
  approvalMode: "auto" | "manual";
  connected: boolean;
  /** Without `sync` the page offers "Sync now" elsewhere (the store page's tools). */
  actions: { setApprovalMode: Action; sync?: Action; disconnect: Action };
}) {
  const [disconnected, setDisconnected] = useState<ActionState>({ status: "idle" });
  return (
    <div className="flex flex-wrap items-start gap-2">
      <RowAction
        action={actions.setApprovalMode}
        fields={{ storeId, approvalMode: approvalMode === "auto" ? "manual" : "auto" }}
        label={approvalMode === "auto" ? "Hold new orders for approval" : "Send new orders on automatically"}
        accessibleLabel={`Approval mode of ${storeName}`}
      />
      {connected && actions.sync ? <RowAction action={actions.sync} fields={{ storeId }} label="Sync now" pendingText="Starting…" accessibleLabel={`Sync ${storeName} now`} /> : null}
      {connected ? (
        <ConfirmButton
          action={async (formData) => setDisconnected(await actions.disconnect({ status: "idle" }, formData))}
          fields={{ storeId }}
          size="sm"
          question={`Disconnect ${storeName}? Inkbridge stops receiving its orders and removes its webhooks. Orders already received stay in production.`}
          confirmLabel="Disconnect"
          pendingText="Disconnecting…"
        >
          Disconnect
        </ConfirmButton>
      ) : null}
      {disconnected.status !== "idle" && disconnected.message ? (
        <p role={disconnected.status === "error" ? "alert" : "status"} className={`w-full text-xs ${disconnected.status === "error" ? "text-red-600" : "text-emerald-700"}`}>
          {disconnected.message}
        </p>
      ) : null}
    </div>
  );
}

/** One button on an order (approve), with its outcome beside it. */
export function OrderButton({ action, fields, label, pendingText }: { action: Action; fields: Record<string, string>; label: string; pendingText?: string }) {
  const [state, formAction] = useActionState(action, { status: "idle" } as ActionState);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton pendingText={pendingText}>{label}</SubmitButton>
      {state.message ? (
        <span role={state.status === "error" ? "alert" : "status"} className={`text-sm ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
