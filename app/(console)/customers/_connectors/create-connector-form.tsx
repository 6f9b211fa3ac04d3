"use client";
import Link from "next/link";
import { ActionForm, FormText, useFormState } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { buttonClass } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ActionState } from "@/lib/actions";
import { connectorTypeLabels } from "./paths";

const typeChoices = [
  {
    value: "gelato",
    title: connectorTypeLabels.gelato,
    text: "For software written for Gelato's Order API v4. Requests authenticate with an X-API-KEY header.",
  },
  {
    value: "siteflow",
    title: connectorTypeLabels.siteflow,
    text: "For software written for HP Site Flow. Requests are HMAC-signed; routing rules can tag, rush or hold orders.",
  },
] as const;

/** Creates an order API; the action then lands on its page, which shows the secret once. */
export function CreateConnectorForm({
  action,
  listHref,
  title,
  description,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  listHref: string;
  title: string;
  description: string;
}) {
  return (
    <ActionForm action={action} className="space-y-6">
      <Card>
        <CardHeader title={title} description={description} />
        <CardBody className="space-y-6 py-5">
          <TypeChoice />
          <FormText
            name="name"
            label="Name"
            required
            maxLength={100}
            placeholder="e.g. ERP production"
            hint="Say which system uses it, so you know what stops when you revoke it."
          />
          <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
            <Link href={listHref} className={buttonClass("secondary")}>
              Cancel
            </Link>
            <SubmitButton pendingText="Creating…">Create order API</SubmitButton>
          </div>
        </CardBody>
      </Card>
    </ActionForm>
  );
}

function TypeChoice() {
  const state = useFormState();
  // Uncontrolled radios: React resets the form after each action to these defaults.
  const chosen = state.values?.type ?? "gelato";
  const error = state.fieldErrors?.type;
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-800">Type</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {typeChoices.map((choice) => (
          <label
            key={choice.value}
            className="flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ring-slate-200 transition-colors ring-inset hover:bg-slate-50 has-checked:bg-brand-50/60 has-checked:ring-2 has-checked:ring-brand-500"
          >
            <input type="radio" name="type" value={choice.value} defaultChecked={chosen === choice.value} className="mt-0.5 size-4 shrink-0 accent-brand-600" />
            <span>
              <span className="block text-sm font-semibold text-slate-900">{choice.title}</span>
              <span className="mt-1 block text-sm text-slate-500">{choice.text}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? <p className="mt-1.5 text-xs text-red-600">{error}</p> : null}
    </fieldset>
  );
}
