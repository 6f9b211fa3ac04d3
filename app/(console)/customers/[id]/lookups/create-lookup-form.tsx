"use client";
import { useState } from "react";
import { ArrowRight } from "lucide-react";
import { ActionForm, FormSelect, FormText, FormTextArea } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import { NoMatchFields } from "./lookup-fields";

type FieldChoice = { value: string; label: string; translates: string; example: [string, string] };

export function CreateLookupForm({ action, fields }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; fields: FieldChoice[] }) {
  const [chosen, setChosen] = useState(fields[0]!.value);
  const info = fields.find((field) => field.value === chosen) ?? fields[0]!;
  return (
    <ActionForm action={action}>
      <FormSelect
        name="field"
        label="Field"
        options={fields.map((field) => ({ value: field.value, label: field.label }))}
        onChange={(event) => setChosen(event.target.value)}
        hint={
          <span>
            {info.translates}{" "}
            <span className="inline-flex items-center gap-1 font-mono whitespace-nowrap text-slate-700">
              {info.example[0]}
              <ArrowRight className="size-3" aria-label="becomes" />
              {info.example[1]}
            </span>
          </span>
        }
      />
      <FormText name="name" label="Name" required maxLength={100} placeholder={`e.g. ${info.label} codes`} />
      <FormTextArea name="description" label="Description" optional maxLength={1000} rows={2} placeholder="Where the customer's values come from" />
      <NoMatchFields />
      <div className="flex justify-end">
        <SubmitButton pendingText="Creating…">Create lookup</SubmitButton>
      </div>
    </ActionForm>
  );
}
