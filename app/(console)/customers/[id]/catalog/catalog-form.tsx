"use client";
import { startTransition, useActionState, useState } from "react";
import { Alert } from "@/components/ui/form";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/actions";

type Choice = { id: string; productUid: string; title: string; active: boolean; selected: boolean };

export function CatalogAccessForm({
  action,
  mode,
  choices,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  mode: "all" | "selected";
  choices: Choice[];
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as ActionState);
  const [current, setCurrent] = useState(mode);
  const [chosen, setChosen] = useState(() => new Set(choices.filter((choice) => choice.selected).map((choice) => choice.productUid)));
  const options = [
    { value: "all" as const, label: "The whole catalog", hint: "Every active product, including products you add later." },
    { value: "selected" as const, label: "Selected products only", hint: "Only the products ticked below; new products stay hidden until you tick them." },
  ];
  return (
    // Submitted by hand: an automatic form reset after the action would undo the ticks on screen.
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      {state.status === "success" && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <fieldset>
        <legend className="sr-only">Products the customer may use</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {options.map((option) => (
            <label
              key={option.value}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ring-inset",
                current === option.value ? "bg-brand-50/60 ring-2 ring-brand-500" : "ring-slate-200 hover:bg-slate-50",
              )}
            >
              <input type="radio" name="mode" value={option.value} checked={current === option.value} onChange={() => setCurrent(option.value)} className="mt-0.5 accent-brand-600" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{option.label}</span>
                <span className="mt-0.5 block text-xs text-slate-500">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset disabled={current === "all"} className={cn("rounded-lg ring-1 ring-slate-200", current === "all" && "opacity-60")}>
        <legend className="sr-only">Selected products</legend>
        <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 text-xs text-slate-500">
          <span>{current === "all" ? "Every active product is available" : `${chosen.size} of ${choices.length} selected`}</span>
        </div>
        <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
          {choices.map((choice) => (
            <li key={choice.id}>
              <label className="flex cursor-pointer items-center gap-3 px-4 py-2.5 hover:bg-slate-50">
                <input
                  type="checkbox"
                  name="productUids"
                  value={choice.productUid}
                  checked={chosen.has(choice.productUid)}
                  onChange={(event) => {
                    const next = new Set(chosen);
                    if (event.target.checked) next.add(choice.productUid);
                    else next.delete(choice.productUid);
                    setChosen(next);
                  }}
                  className="accent-brand-600"
                />
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm text-slate-900">{choice.title}</span>
                  <span className="block truncate font-mono text-xs text-slate-400">{choice.productUid}</span>
                </span>
                {choice.active ? null : <Badge>Inactive</Badge>}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Save catalog access"}
        </Button>
      </div>
    </form>
  );
}
