"use client";
import { ActionForm, FormSelect, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function EnableStorefrontForm({ action, defaults, submitLabel }: { action: Action; defaults?: { email?: string; firstName?: string; lastName?: string }; submitLabel: string }) {
  return (
    <ActionForm action={action}>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormText name="firstName" label="Admin's first name" required maxLength={100} defaultValue={defaults?.firstName} autoComplete="off" />
        <FormText name="lastName" label="Admin's last name" required maxLength={100} defaultValue={defaults?.lastName} autoComplete="off" />
      </div>
      <FormText
        name="email"
        label="Admin's email"
        type="email"
        required
        maxLength={254}
        defaultValue={defaults?.email}
        autoComplete="off"
        hint="The admin gets a mail with a one-time link (valid 72 hours) to choose a password. They can invite colleagues themselves."
      />
      <div className="flex justify-end">
        <SubmitButton pendingText="Sending…">{submitLabel}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function InviteStorefrontUserForm({ action }: { action: Action }) {
  return (
    <ActionForm action={action}>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-1 2xl:grid-cols-2">
        <FormText name="firstName" label="First name" required maxLength={100} autoComplete="off" />
        <FormText name="lastName" label="Last name" required maxLength={100} autoComplete="off" />
      </div>
      <FormText name="email" label="Email" type="email" required maxLength={254} autoComplete="off" />
      <FormSelect
        name="role"
        label="Role"
        defaultValue="member"
        hint="Members see shops, products and orders. Admins also connect shops and manage users."
        options={[
          { value: "member", label: "Member" },
          { value: "admin", label: "Admin" },
        ]}
      />
      <div className="flex justify-end">
        <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function DisableStorefrontForm({ action, customerName }: { action: Action; customerName: string }) {
  return (
    <ActionForm action={action} className="space-y-3">
      <p className="text-sm text-slate-600">
        Every user of {customerName} is signed out at once and cannot sign in until you switch access on again. Users, shops and orders are kept.
      </p>
      <SubmitButton variant="danger" pendingText="Switching off…">
        Disable storefront access
      </SubmitButton>
    </ActionForm>
  );
}
