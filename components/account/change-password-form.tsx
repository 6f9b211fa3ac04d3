"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { NewPasswordFields } from "./new-password-fields";
import type { ActionState } from "@/lib/actions";

/** Change password (current, new, repeat) for staff and storefront users alike. */
export function ChangePasswordForm({ action }: { action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      <FormText name="currentPassword" label="Current password" type="password" autoComplete="current-password" required />
      <NewPasswordFields name="newPassword" confirmLabel="Repeat the new password" />
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Change password</SubmitButton>
      </div>
    </ActionForm>
  );
}
