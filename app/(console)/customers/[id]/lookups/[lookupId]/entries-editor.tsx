"use client";
import { useEffect, useRef, useState, useTransition } from "react";
import { ArrowRight, Check, Pencil, Plus, Trash2, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/form";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import type { ActionState } from "@/lib/actions";
import { deleteEntryAction, saveEntryAction } from "../actions";

type Entry = { key: string; value: string };

const rowGrid = "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-1 px-5 py-2.5 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]";

const fieldNames: Record<string, string> = { key: "Key", value: "Value" };

function problemOf(state: ActionState): string | undefined {
  if (state.status !== "error") return undefined;
  const fields = Object.entries(state.fieldErrors ?? {}).map(([path, message]) => `${fieldNames[path] ?? path}: ${message}`);
  return fields.length ? fields.join(" · ") : state.message;
}

/** One row being added or changed: two inputs, saved with Enter, dropped with Escape. */
function EditRow({ initial, onSave, onCancel, pending, error }: { initial: Entry; onSave: (entry: Entry) => void; onCancel: () => void; pending: boolean; error?: string }) {
  const [key, setKey] = useState(initial.key);
  const [value, setValue] = useState(initial.value);
  const keyInput = useRef<HTMLInputElement>(null);
  useEffect(() => keyInput.current?.focus(), []);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      onSave({ key, value });
    } else if (event.key === "Escape") {
      onCancel();
    }
  };
  return (
    <li className="bg-brand-50/40" data-editing>
      <div className={rowGrid}>
        <input ref={keyInput} aria-label="Key" value={key} onChange={(event) => setKey(event.target.value)} onKeyDown={onKeyDown} maxLength={500} placeholder="Customer's value" className={cn(inputClass, "py-1.5 font-mono")} />
        <input aria-label="Value" value={value} onChange={(event) => setValue(event.target.value)} onKeyDown={onKeyDown} maxLength={500} placeholder="Your value" className={cn(inputClass, "col-start-1 py-1.5 font-mono sm:col-start-auto")} />
        <div className="col-start-2 row-span-2 row-start-1 flex gap-1 sm:col-start-3 sm:row-span-1">
          <Button type="button" size="sm" onClick={() => onSave({ key, value })} disabled={pending} aria-label="Save row">
            <Check className="size-4" aria-hidden />
            <span className="hidden sm:inline">{pending ? "Saving…" : "Save"}</span>
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={onCancel} disabled={pending} aria-label="Cancel editing">
            <X className="size-4" aria-hidden />
          </Button>
        </div>
      </div>
      {error ? (
        <p role="alert" className="px-5 pb-2.5 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** The entries of one page, editable in place: change a row, delete it, or add one. */
export function EntriesEditor({ customerId, lookupId, entries, emptyText }: { customerId: string; lookupId: string; entries: Entry[]; emptyText: React.ReactNode }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  const save = (entry: Entry, previousKey?: string) =>
    startTransition(async () => {
      const state = await saveEntryAction(customerId, lookupId, { ...entry, previousKey });
      const problem = problemOf(state);
      setError(problem);
      if (problem) return;
      setNotice(previousKey === undefined ? `Added “${entry.key.trim()}” → “${entry.value.trim()}”.` : `Saved “${entry.key.trim()}”.`);
      setEditing(null);
      setAdding(false);
    });

  const remove = (key: string) =>
    startTransition(async () => {
      const state = await deleteEntryAction(customerId, lookupId, key);
      const problem = problemOf(state);
      setNotice(problem ?? `Deleted “${key}”.`);
      setConfirming(null);
    });

  const begin = (action: () => void) => {
    setError(undefined);
    setNotice(undefined);
    setConfirming(null);
    action();
  };

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-5 py-2.5">
        <p className="text-xs text-slate-500">Click a row’s pencil to change it. Enter saves, Escape cancels.</p>
        <Button type="button" size="sm" variant="secondary" onClick={() => begin(() => (setAdding(true), setEditing(null)))} disabled={adding}>
          <Plus className="size-4" aria-hidden />
          Add a row
        </Button>
      </div>
      {notice ? (
        <div className="px-5 pt-3">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
      <div className={cn(rowGrid, "hidden border-b border-slate-100 bg-slate-50/80 py-2 text-xs font-medium tracking-wide text-slate-500 uppercase sm:grid")} aria-hidden>
        <span>Key (customer’s value)</span>
        <span>Value (yours)</span>
        <span className="w-24" />
      </div>
      <ul className="divide-y divide-slate-100" aria-label="Entries">
        {adding ? <EditRow initial={{ key: "", value: "" }} onSave={(entry) => save(entry)} onCancel={() => begin(() => setAdding(false))} pending={pending} error={error} /> : null}
        {entries.map((entry) =>
          editing === entry.key ? (
            <EditRow key={entry.key} initial={entry} onSave={(next) => save(next, entry.key)} onCancel={() => begin(() => setEditing(null))} pending={pending} error={error} />
          ) : (
            <li key={entry.key} className="hover:bg-slate-50" data-key={entry.key}>
              <div className={rowGrid}>
                <span className="font-mono text-sm break-all whitespace-pre-wrap text-slate-900">{entry.key}</span>
                <span className="col-start-1 flex min-w-0 items-start gap-1.5 font-mono text-sm break-all whitespace-pre-wrap text-slate-600 sm:col-start-auto">
                  <ArrowRight className="mt-0.5 size-3.5 shrink-0 text-slate-400 sm:hidden" aria-hidden />
                  {entry.value}
                </span>
                <div className="col-start-2 row-span-2 row-start-1 flex justify-end gap-1 sm:col-start-3 sm:row-span-1 sm:w-24">
                  {confirming === entry.key ? (
                    <>
                      <Button type="button" size="sm" variant="danger" onClick={() => remove(entry.key)} disabled={pending} aria-label={`Confirm deleting “${entry.key}”`}>
                        Delete
                      </Button>
                      <Button type="button" size="sm" variant="ghost" onClick={() => setConfirming(null)} aria-label="Keep the row">
                        <X className="size-4" aria-hidden />
                      </Button>
                    </>
                  ) : (
                    <>
                      <Button type="button" size="sm" variant="ghost" onClick={() => begin(() => (setEditing(entry.key), setAdding(false)))} aria-label={`Edit “${entry.key}”`}>
                        <Pencil className="size-4" aria-hidden />
                      </Button>
                      <Button type="button" size="sm" variant="ghost" onClick={() => begin(() => setConfirming(entry.key))} aria-label={`Delete “${entry.key}”`}>
                        <Trash2 className="size-4" aria-hidden />
                      </Button>
                    </>
                  )}
                </div>
              </div>
            </li>
          ),
        )}
      </ul>
      {entries.length === 0 && !adding ? <div className="px-5 py-10 text-center text-sm text-slate-500">{emptyText}</div> : null}
    </div>
  );
}
