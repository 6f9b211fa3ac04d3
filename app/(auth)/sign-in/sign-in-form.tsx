"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction } from "../actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  return (
    <ActionForm action={signInAction}>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <FormText name="email" label="Email" type="email" autoComplete="username" required autoFocus />
      <FormText name="password" label="Password" type="password" autoComplete="current-password" required />
      <SubmitButton className="w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </ActionForm>
  );
}
