"use client";
import { ActionForm, Alert, FormSelect, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { CopyField } from "@/components/ui/copy-button";
import { createTokenAction } from "../actions";

export function CreateTokenForm() {
  return (
    <ActionForm action={createTokenAction}>
      {(state) => (
        <>
          {state.status === "success" && state.result?.token ? (
            <div className="space-y-2">
              <Alert tone="success">
                Token “{state.result.name}” created. Copy it now: it will not be shown again.
              </Alert>
              <CopyField value={state.result.token} label="Copy token" secret />
            </div>
          ) : null}
          <FormText name="name" label="Name" required maxLength={100} placeholder="e.g. ERP onboarding" hint="Say where the token is used, so you know what breaks when you revoke it." />
          <FormSelect
            name="scope"
            label="Scope"
            defaultValue="operator"
            hint="Operator: everything but staff and tokens. Production: read orders and post status updates. Admin: everything."
            options={[
              { value: "operator", label: "Operator" },
              { value: "production", label: "Production" },
              { value: "read", label: "Read only" },
              { value: "admin", label: "Admin" },
            ]}
          />
          <p className="text-xs text-slate-500">A token stops working when the person who created it is removed. For one that must outlive a person, sign in as a service user (a staff account for the integration) and create it there.</p>
          <div className="flex justify-end">
            <SubmitButton pendingText="Creating…">Create token</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
