"use client";
import { useFormState } from "@/components/ui/form";

/** The strict switch and default value, explained: what happens to a value no entry matches. */
export function NoMatchFields({ strict, defaultValue }: { strict?: boolean; defaultValue?: string | null }) {
  const state = useFormState();
  const keptStrict = state.values ? state.values.strict === "on" : strict;
  return (
    <fieldset className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 ring-inset">
      <legend className="sr-only">When no entry matches</legend>
      <p className="text-sm font-medium text-slate-800">When no entry matches</p>
      <div>
        <label htmlFor="defaultValue" className="mb-1.5 flex items-baseline justify-between text-sm text-slate-700">
          Use this value instead
          <span className="text-xs text-slate-400">Optional</span>
        </label>
        <input
          id="defaultValue"
          name="defaultValue"
          maxLength={500}
          defaultValue={state.values?.defaultValue ?? defaultValue ?? ""}
          placeholder="e.g. flat_a4_poster"
          aria-invalid={state.fieldErrors?.defaultValue ? true : undefined}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:font-sans placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500 focus:ring-inset"
        />
        {state.fieldErrors?.defaultValue ? <p className="mt-1.5 text-xs text-red-600">{state.fieldErrors.defaultValue}</p> : null}
      </div>
      <label className="flex items-start gap-2.5 text-sm text-slate-700">
        <input type="checkbox" name="strict" defaultChecked={keptStrict} className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500" />
        <span>
          <span className="font-medium text-slate-800">Strict</span> — refuse the order with an error naming the lookup and the key.
          <span className="block text-xs text-slate-500">With neither set, the value passes through unchanged. A default value wins over strict.</span>
        </span>
      </label>
    </fieldset>
  );
}
