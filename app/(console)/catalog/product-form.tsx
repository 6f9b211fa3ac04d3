"use client";
import { useState } from "react";
import Link from "next/link";
import { Plus, Trash2, X } from "lucide-react";
import { ActionForm, FormText, FormTextArea, useFormState } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { Button, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/actions";

// Gelato's file types; partners may name their own print areas too.
const commonPrintAreas = ["default", "front", "back", "inside", "neck-inner", "neck-outer", "sleeve-left", "sleeve-right"];

type OptionRow = { key: number; name: string; value: string };

export type ProductFormDefaults = {
  productUid?: string;
  title?: string;
  description?: string | null;
  options?: Record<string, string>;
  fileTypes?: string[];
};

export function ProductForm({
  action,
  defaults,
  submitLabel,
  cancelHref,
  isNew,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  defaults?: ProductFormDefaults;
  submitLabel: string;
  cancelHref: string;
  isNew: boolean;
}) {
  return (
    <ActionForm action={action} className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2">
        {isNew ? (
          <FormText
            name="productUid"
            label="Product UID"
            required
            maxLength={200}
            autoFocus
            placeholder="e.g. poster-a3-matte"
            hint="The id orders use for this product (Gelato productUid, SiteFlow sku). It cannot change later."
            className="sm:col-span-2"
          />
        ) : null}
        <FormText name="title" label="Title" required maxLength={200} defaultValue={defaults?.title} placeholder="e.g. Poster A3 matte" className="sm:col-span-2" />
        <FormTextArea name="description" label="Description" optional maxLength={5000} rows={3} defaultValue={defaults?.description ?? undefined} className="sm:col-span-2" />
      </div>
      <PrintAreas initial={defaults?.fileTypes?.length ? defaults.fileTypes : ["default"]} />
      <OptionRows initial={defaults?.options ?? {}} />
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </div>
    </ActionForm>
  );
}

function errorsUnder(fieldErrors: Record<string, string> | undefined, prefix: string): string[] {
  return Object.entries(fieldErrors ?? {})
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`))
    .map(([path, message]) => (path === prefix ? message : `${path.slice(prefix.length).replace(/^\./, "")}: ${message}`));
}

function PrintAreas({ initial }: { initial: string[] }) {
  const state = useFormState();
  const [areas, setAreas] = useState<string[]>(initial);
  const [draft, setDraft] = useState("");
  const errors = errorsUnder(state.fieldErrors, "fileTypes").map((message) =>
    message.replace(/^\[(\d+)\]: /, (whole, index: string) => (areas[Number(index)] ? `“${areas[Number(index)]}”: ` : whole)),
  );
  const add = (value: string) => {
    const name = value.trim().toLowerCase();
    if (name && !areas.includes(name)) setAreas([...areas, name]);
    setDraft("");
  };
  const suggestions = commonPrintAreas.filter((area) => !areas.includes(area));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Print areas</legend>
      <p className="mt-0.5 text-xs text-slate-500">The file types an order item of this product may carry. An order with a file for another area is refused.</p>
      {areas.map((area) => (
        <input key={area} type="hidden" name="fileTypes" value={area} />
      ))}
      <ul className="mt-3 flex flex-wrap gap-2" aria-label="Print areas of this product">
        {areas.map((area) => (
          <li key={area} className="inline-flex items-center gap-1 rounded-md bg-sky-50 py-1 pr-1 pl-2.5 text-sm font-medium text-sky-800 ring-1 ring-sky-600/20 ring-inset">
            {area}
            <button
              type="button"
              onClick={() => setAreas(areas.filter((other) => other !== area))}
              disabled={areas.length === 1}
              title={areas.length === 1 ? "A product needs at least one print area" : undefined}
              className="rounded p-0.5 text-sky-700 hover:bg-sky-100 disabled:cursor-not-allowed disabled:opacity-40"
              aria-label={`Remove print area ${area}`}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex max-w-md gap-2">
        <input
          className={inputClass}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              add(draft);
            }
          }}
          placeholder="Another print area, e.g. cover"
          aria-label="New print area"
          maxLength={64}
        />
        <Button type="button" variant="secondary" onClick={() => add(draft)} disabled={!draft.trim()}>
          Add
        </Button>
      </div>
      {suggestions.length ? (
        <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
          <span>Common:</span>
          {suggestions.map((area) => (
            <button key={area} type="button" onClick={() => add(area)} className="rounded-md px-1.5 py-0.5 font-medium text-brand-700 ring-1 ring-slate-200 ring-inset hover:bg-brand-50">
              + {area}
            </button>
          ))}
        </div>
      ) : null}
      {errors.map((message) => (
        <p key={message} className="mt-1.5 text-xs text-red-600">
          {message}
        </p>
      ))}
    </fieldset>
  );
}

let nextKey = 0;

function OptionRows({ initial }: { initial: Record<string, string> }) {
  const state = useFormState();
  const [rows, setRows] = useState<OptionRow[]>(() => Object.entries(initial).map(([name, value]) => ({ key: nextKey++, name, value })));
  const errors = errorsUnder(state.fieldErrors, "options");
  const update = (key: number, change: Partial<OptionRow>) => setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const names = rows.map((row) => row.name.trim()).filter(Boolean);
  const duplicates = new Set(names.filter((name, index) => names.indexOf(name) !== index));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Options</legend>
      <p className="mt-0.5 text-xs text-slate-500">Attributes of the product, such as size or paper. Rows without a name are ignored.</p>
      {rows.length === 0 ? (
        <p className="mt-3 rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-500">No options. Add one for each attribute production needs to know.</p>
      ) : (
        <div className="mt-3 space-y-2">
          <div className="hidden grid-cols-[1fr_1fr_2.25rem] gap-2 text-xs font-medium text-slate-500 sm:grid">
            <span>Name</span>
            <span>Value</span>
          </div>
          {rows.map((row, index) => (
            <div key={row.key} className="grid grid-cols-[1fr_1fr_2.25rem] items-start gap-2">
              <input
                name="optionName"
                value={row.name}
                onChange={(event) => update(row.key, { name: event.target.value })}
                className={cn(inputClass, duplicates.has(row.name.trim()) && "ring-red-400")}
                placeholder="size"
                aria-label={`Option ${index + 1} name`}
                maxLength={100}
              />
              <input
                name="optionValue"
                value={row.value}
                onChange={(event) => update(row.key, { value: event.target.value })}
                className={inputClass}
                placeholder="A3"
                aria-label={`Option ${index + 1} value`}
                maxLength={200}
              />
              <button
                type="button"
                onClick={() => setRows(rows.filter((other) => other.key !== row.key))}
                className="flex size-9 items-center justify-center rounded-md text-slate-500 hover:bg-red-50 hover:text-red-700"
                aria-label={`Remove option ${row.name || index + 1}`}
              >
                <Trash2 className="size-4" aria-hidden />
              </button>
            </div>
          ))}
        </div>
      )}
      {duplicates.size ? <p className="mt-1.5 text-xs text-red-600">Each option name can appear once; the last row with a name wins.</p> : null}
      {errors.map((message) => (
        <p key={message} className="mt-1.5 text-xs text-red-600">
          {message}
        </p>
      ))}
      <Button type="button" variant="secondary" size="sm" className="mt-3" onClick={() => setRows([...rows, { key: nextKey++, name: "", value: "" }])}>
        <Plus className="size-3.5" aria-hidden />
        Add option
      </Button>
    </fieldset>
  );
}
