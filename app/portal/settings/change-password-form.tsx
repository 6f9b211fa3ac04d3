"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm() {
  return (
    <ActionForm action={changePasswordAction}>
      <FormText name="currentPassword" label="Current password" type="password" autoComplete="current-password" required />
      <FormText name="newPassword" label="New password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters. A short sentence is easy to remember and hard to guess." />
      <FormText name="confirm" label="Repeat the new password" type="password" autoComplete="new-password" required />
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Change password</SubmitButton>
      </div>
    </ActionForm>
  );
}
