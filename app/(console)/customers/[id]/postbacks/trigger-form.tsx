"use client";
import { useState } from "react";
import { Globe, Mail } from "lucide-react";
import { ActionForm, FormSelect, FormText, FormTextArea, useFormState } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { cn } from "@/components/ui/cn";
import { postbackEventLabels, postbackEvents, type PostbackEvent } from "@/lib/domain/postbacks";
import { createTriggerAction } from "./actions";

const defaultEvents: PostbackEvent[] = ["order.received", "order.shipped", "order.canceled"];

// React resets a form after its action, which puts controlled checkboxes back to the state they
// were first drawn with; drawing them anew per result keeps the boxes and the state in step.
const resultVersions = new WeakMap<object, number>();
let lastVersion = 0;
function versionOf(result: object): number {
  if (!resultVersions.has(result)) resultVersions.set(result, ++lastVersion);
  return resultVersions.get(result)!;
}

function EventChoices({ selected, onChange }: { selected: Set<PostbackEvent>; onChange: (next: Set<PostbackEvent>) => void }) {
  const state = useFormState();
  const error = state.fieldErrors?.events;
  const toggle = (event: PostbackEvent) => {
    const next = new Set(selected);
    if (next.has(event)) next.delete(event);
    else next.add(event);
    onChange(next);
  };
  return (
    <fieldset aria-describedby={error ? "events-error" : undefined}>
      <div className="mb-1.5 flex items-baseline justify-between">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <span className="flex gap-3 text-xs">
          <button type="button" className="font-medium text-brand-600 hover:text-brand-700" onClick={() => onChange(new Set(postbackEvents))}>
            All
          </button>
          <button type="button" className="font-medium text-slate-500 hover:text-slate-700" onClick={() => onChange(new Set())}>
            None
          </button>
        </span>
      </div>
      <div key={versionOf(state)} className="grid grid-cols-2 gap-x-3 gap-y-1.5 rounded-md p-3 ring-1 ring-slate-200 ring-inset">
        {postbackEvents.map((event) => (
          <label key={event} className="flex min-w-0 items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="events"
              value={event}
              checked={selected.has(event)}
              onChange={() => toggle(event)}
              className="size-4 shrink-0 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
            />
            <span className="truncate" title={event}>
              {postbackEventLabels[event]}
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id="events-error" className="mt-1.5 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function TriggerForm({ customerId }: { customerId: string }) {
  const [delivery, setDelivery] = useState<"url" | "email">("url");
  const [events, setEvents] = useState<Set<PostbackEvent>>(new Set(defaultEvents));
  return (
    <ActionForm action={createTriggerAction.bind(null, customerId)}>
      <FormText name="name" label="Name" optional maxLength={100} placeholder="e.g. ERP status updates" />
      <input type="hidden" name="delivery" value={delivery} />
      <div>
        <p className="mb-1.5 text-sm font-medium text-slate-800">Deliver by</p>
        <div className="grid grid-cols-2 gap-2" role="radiogroup" aria-label="Deliver by">
          {(
            [
              { value: "url", label: "Web address", icon: Globe },
              { value: "email", label: "Email", icon: Mail },
            ] as const
          ).map((option) => (
            <button
              key={option.value}
              type="button"
              role="radio"
              aria-checked={delivery === option.value}
              onClick={() => setDelivery(option.value)}
              className={cn(
                "flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium ring-1 ring-inset",
                delivery === option.value ? "bg-brand-50 text-brand-700 ring-brand-300" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50",
              )}
            >
              <option.icon className="size-4" aria-hidden />
              {option.label}
            </button>
          ))}
        </div>
      </div>
      {delivery === "url" ? (
        <>
          <div className="grid grid-cols-[6.5rem_1fr] gap-2">
            <FormSelect
              name="method"
              label="Method"
              options={[
                { value: "POST", label: "POST" },
                { value: "PUT", label: "PUT" },
              ]}
            />
            <FormText name="url" label="URL" type="url" required maxLength={2000} placeholder="https://erp.example.com/postbacks" />
          </div>
          <FormTextArea
            name="headers"
            label="Extra headers"
            optional
            rows={2}
            placeholder="Authorization: Bearer …"
            hint="One per line, as Name: value. Stored encrypted and never shown again."
          />
        </>
      ) : (
        <FormText name="email" label="Email address" type="email" required maxLength={320} placeholder="orders@customer.example" hint="A readable mail per event, with the tracking link once shipped." />
      )}
      <EventChoices selected={events} onChange={setEvents} />
      <details className="group text-sm">
        <summary className="cursor-pointer font-medium text-slate-600 hover:text-slate-900">Custom body (optional)</summary>
        <div className="mt-3">
          <FormTextArea
            name="template"
            label="Template"
            optional
            rows={4}
            placeholder={'{"order": {{json order.referenceId}}, "status": "{{event.toStatus}}"}'}
            hint={
              <>
                Leave empty for the default JSON. <code className="font-mono">{"{{path}}"}</code> inserts text, <code className="font-mono">{"{{json path}}"}</code> JSON; names: event, order, customer, shipment, items, body.
              </>
            }
          />
        </div>
      </details>
      <div className="flex justify-end">
        <SubmitButton pendingText="Creating…">Create trigger</SubmitButton>
      </div>
    </ActionForm>
  );
}
