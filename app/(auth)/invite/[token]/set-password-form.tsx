"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { setPasswordAction } from "../../actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  return (
    <ActionForm action={setPasswordAction}>
      <input type="hidden" name="token" value={token} />
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormText
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters. A short sentence is easy to remember and hard to guess."
      />
      <FormText name="confirm" label="Repeat the password" type="password" autoComplete="new-password" required />
      <SubmitButton className="w-full" pendingText="Saving…">
        Set password and sign in
      </SubmitButton>
    </ActionForm>
  );
}
