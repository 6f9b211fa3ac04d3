"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { requestResetAction } from "../actions";

export function ForgotForm() {
  return (
    <ActionForm action={requestResetAction}>
      <FormText name="email" label="Email" type="email" autoComplete="username" required />
      <SubmitButton className="w-full" pendingText="Sending…">
        Send reset link
      </SubmitButton>
    </ActionForm>
  );
}
