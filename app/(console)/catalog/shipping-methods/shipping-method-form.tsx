"use client";
import { ActionForm, FormText } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { createShippingMethodAction } from "../actions";

export function ShippingMethodForm() {
  return (
    <ActionForm action={createShippingMethodAction}>
      <FormText name="uid" label="Method id" required maxLength={100} placeholder="e.g. express" hint="What orders send: Gelato shipmentMethodUid or SiteFlow carrier alias." />
      <FormText name="name" label="Name" required maxLength={200} placeholder="e.g. Express, next working day" />
      <div className="flex justify-end">
        <SubmitButton pendingText="Adding…">Add method</SubmitButton>
      </div>
    </ActionForm>
  );
}
