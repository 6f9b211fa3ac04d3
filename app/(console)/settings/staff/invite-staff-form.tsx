"use client";
import { ActionForm, FormSelect, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { inviteStaffAction } from "../actions";

export function InviteStaffForm() {
  return (
    <ActionForm action={inviteStaffAction}>
      <FormText name="name" label="Name" required maxLength={200} />
      <FormText name="email" label="Email" type="email" required />
      <FormSelect
        name="role"
        label="Role"
        defaultValue="operator"
        hint="Operators run customers, orders and production; admins also manage staff and API tokens."
        options={[
          { value: "operator", label: "Operator" },
          { value: "admin", label: "Admin" },
        ]}
      />
      <div className="flex justify-end">
        <SubmitButton pendingText="Sending…">Send invitation</SubmitButton>
      </div>
    </ActionForm>
  );
}
