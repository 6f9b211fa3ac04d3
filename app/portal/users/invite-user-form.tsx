"use client";
import { ActionForm, FormSelect, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { inviteUserAction } from "../actions";

export function InviteUserForm() {
  return (
    <ActionForm action={inviteUserAction}>
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
