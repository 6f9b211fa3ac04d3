"use client";
import { useActionState, useState } from "react";
import { useFormStatus } from "react-dom";
import { FileSpreadsheet, Upload } from "lucide-react";
import { Alert } from "@/components/ui/form";
import { Button } from "@/components/ui/button";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { importProductsAction, type ImportState } from "../actions";

// Next refuses server action bodies above its configured limit; say so before uploading.
const maxBytes = 8 * 1024 * 1024;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ImportForm() {
  const [state, action] = useActionState<ImportState, FormData>(importProductsAction, { status: "idle" });
  const [file, setFile] = useState<File | null>(null);
  // React empties the file input once the action ends; forget the chosen file with it.
  const [shownState, setShownState] = useState(state);
  if (shownState !== state) {
    setShownState(state);
    setFile(null);
  }
  const tooLarge = file !== null && file.size > maxBytes;
  return (
    <div className="space-y-5">
      <form action={action} className="space-y-4">
        <label
          htmlFor="file"
          className="flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed border-slate-300 px-4 py-8 text-center hover:border-brand-400 hover:bg-brand-50/40"
        >
          <FileSpreadsheet className="size-8 text-slate-400" aria-hidden />
          <span className="text-sm font-medium text-slate-800">{file ? file.name : "Choose a CSV file"}</span>
          <span className="text-xs text-slate-500">{file ? formatSize(file.size) : "productUid, title and the other columns listed beside"}</span>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            className="sr-only"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        {tooLarge ? <Alert tone="error">This file is {formatSize(file.size)}; import at most 8 MB at a time by splitting it.</Alert> : null}
        <ImportButton fileName={file?.name} disabled={!file || tooLarge} />
      </form>
      <ImportOutcome state={state} />
    </div>
  );
}

function ImportButton({ fileName, disabled }: { fileName?: string; disabled: boolean }) {
  const { pending } = useFormStatus();
  if (pending) {
    return (
      <div role="status" aria-live="polite" className="space-y-2">
        <div className="flex items-center justify-between text-sm text-slate-600">
          <span>Importing {fileName ?? "the file"}…</span>
          <span className="text-xs text-slate-400">Large files take a few seconds</span>
        </div>
        <div className="h-2 overflow-hidden rounded-full bg-slate-100" aria-label="Import in progress">
          <div className="h-full w-1/3 animate-indeterminate rounded-full bg-brand-500" />
        </div>
      </div>
    );
  }
  return (
    <div className="flex justify-end">
      <Button type="submit" disabled={disabled}>
        <Upload className="size-4" aria-hidden />
        Import products
      </Button>
    </div>
  );
}

function ImportOutcome({ state }: { state: ImportState }) {
  if (state.status === "error") return <Alert tone="error">{state.message ?? "The import failed."}</Alert>;
  if (state.status !== "success" || !state.result) return null;
  const { created, updated, errors } = state.result;
  const skipped = new Set(errors.map((error) => error.row)).size;
  return (
    <section aria-label="Import result" className="space-y-4">
      <Alert tone={skipped ? "info" : "success"}>
        {state.fileName}: {created} created, {updated} updated
        {skipped
          ? `, ${skipped} ${skipped === 1 ? "row" : "rows"} skipped. Fix the rows listed below and import the file again: products already imported are updated, not duplicated.`
          : "."}
      </Alert>
      <dl className="grid grid-cols-3 gap-3 text-center">
        <Stat label="Created" value={created} />
        <Stat label="Updated" value={updated} />
        <Stat label="Rows skipped" value={skipped} tone={skipped ? "red" : undefined} />
      </dl>
      {errors.length ? (
        <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
          <p className="border-b border-slate-100 bg-white px-5 py-2.5 text-xs text-slate-500">Row numbers count the header as row 1, as spreadsheets do.</p>
          <Table>
            <THead>
              <Th>Row</Th>
              <Th>Field</Th>
              <Th>Problem</Th>
            </THead>
            <TBody>
              {errors.map((error, index) => (
                <tr key={`${error.row}-${error.path}-${index}`}>
                  <Td className="font-mono text-xs">{error.row}</Td>
                  <Td className="font-mono text-xs">{error.path || "—"}</Td>
                  <Td className="text-red-700">{error.message}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </div>
      ) : null}
    </section>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "red" }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-3 ring-1 ring-slate-200 ring-inset">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={tone === "red" ? "text-xl font-semibold text-red-700" : "text-xl font-semibold text-slate-900"}>{value.toLocaleString("en")}</dd>
    </div>
  );
}
