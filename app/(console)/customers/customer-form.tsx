"use client";
import Link from "next/link";
import { ActionForm, FormText, FormTextArea } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { buttonClass } from "@/components/ui/button";
import type { ActionState } from "@/lib/actions";

export function CustomerForm({
  action,
  defaults,
  submitLabel,
  cancelHref,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  defaults?: { name?: string; referenceId?: string | null; description?: string | null };
  submitLabel: string;
  cancelHref: string;
}) {
  return (
    <ActionForm action={action}>
      <FormText name="name" label="Name" required maxLength={200} defaultValue={defaults?.name} autoFocus placeholder="Acme Print Shop Ltd" />
      <FormText
        name="referenceId"
        label="Reference id"
        optional
        maxLength={100}
        defaultValue={defaults?.referenceId ?? undefined}
        placeholder="e.g. CRM-10042"
        hint="The customer's registration number or id in your own systems. Must be unique; integrations that serve many customers name the customer with it."
      />
      <FormTextArea name="description" label="Description" optional maxLength={2000} defaultValue={defaults?.description ?? undefined} rows={3} />
      <div className="flex justify-end gap-2 pt-2">
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </div>
    </ActionForm>
  );
}
