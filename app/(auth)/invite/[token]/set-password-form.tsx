"use client";
import { ActionForm } from "@/components/ui/form";
import { NewPasswordFields } from "@/components/account/new-password-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { setPasswordAction } from "../../actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  return (
    <ActionForm action={setPasswordAction}>
      <input type="hidden" name="token" value={token} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <NewPasswordFields name="password" confirmLabel="Repeat the password" />
      <SubmitButton className="w-full" pendingText="Saving…">
        Set password and sign in
      </SubmitButton>
    </ActionForm>
  );
}
