"use client";
import { useActionState } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ButtonVariant } from "@/components/ui/button";

/** One button that runs a server action for a row and says how it went, right beside it. */
export function RowAction({
  action,
  fields,
  label,
  pendingText,
  variant = "secondary",
  accessibleLabel,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  pendingText?: string;
  variant?: ButtonVariant;
  accessibleLabel?: string;
}) {
  const [state, formAction] = useActionState(action, { status: "idle" } as ActionState);
  return (
    <form action={formAction} className="flex flex-col items-end gap-1" aria-label={accessibleLabel ?? label}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton size="sm" variant={variant} pendingText={pendingText}>
        {label}
      </SubmitButton>
      {state.status === "error" && state.message ? (
        <p role="alert" className="max-w-56 text-right text-xs text-red-600">
          {state.message}
        </p>
      ) : null}
      {state.status === "success" && state.message ? (
        <p role="status" className="max-w-56 text-right text-xs text-emerald-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
