"use client";
import { ActionForm, FormText, FormTextArea } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import { NoMatchFields } from "../lookup-fields";

export function LookupSettingsForm({
  action,
  defaults,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  defaults: { name: string; description: string | null; strict: boolean; defaultValue: string | null };
}) {
  return (
    <ActionForm action={action}>
      <FormText name="name" label="Name" required maxLength={100} defaultValue={defaults.name} />
      <FormTextArea name="description" label="Description" optional maxLength={1000} rows={2} defaultValue={defaults.description ?? undefined} />
      <NoMatchFields strict={defaults.strict} defaultValue={defaults.defaultValue} />
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…" variant="secondary">
          Save settings
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
