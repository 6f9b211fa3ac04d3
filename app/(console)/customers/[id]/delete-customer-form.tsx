"use client";
import { useState } from "react";
import { Trash2 } from "lucide-react";
import type { ActionState } from "@/lib/actions";
import { ActionForm, useFormState } from "@/components/ui/form";
import { TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

/** Deleting asks for the customer's name, typed, before the form can be sent. */
export function DeleteCustomerForm({ action, customerName }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; customerName: string }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState("");
  if (!asking) {
    return (
      <Button type="button" variant="danger" onClick={() => setAsking(true)}>
        <Trash2 className="size-4" aria-hidden />
        Delete customer
      </Button>
    );
  }
  return (
    <ActionForm action={action} className="rounded-md bg-red-50 p-3 ring-1 ring-red-200 ring-inset">
      <ConfirmNameField label={`Type “${customerName}” to confirm`} value={typed} onChange={setTyped} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant="danger" size="sm" pendingText="Deleting…" disabled={typed.trim() !== customerName}>
          Delete this customer for good
        </SubmitButton>
        <Button type="button" variant="ghost" size="sm" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
    </ActionForm>
  );
}

function ConfirmNameField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const state = useFormState();
  return (
    <TextField
      name="confirmName"
      label={label}
      autoComplete="off"
      value={value}
      error={state.fieldErrors?.confirmName}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
