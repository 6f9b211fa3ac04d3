"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

/** Change password (current, new, repeat) for staff and storefront users alike. */
export function ChangePasswordForm({ action }: { action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  return (
    <ActionForm action={action}>
      <FormText name="currentPassword" label="Current password" type="password" autoComplete="current-password" required />
      <FormText
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters. A short sentence is easy to remember and hard to guess."
      />
      <FormText name="confirm" label="Repeat the new password" type="password" autoComplete="new-password" required />
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Change password</SubmitButton>
      </div>
    </ActionForm>
  );
}
