"use client";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/form";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useNdjsonUpload } from "@/components/ui/use-ndjson-upload";
import type { ImportEvent } from "./import-events";

type Progress =
  | { phase: "idle" }
  | { phase: "uploading"; percent: number }
  | { phase: "checking"; percent?: number }
  | { phase: "writing"; done: number; total: number }
  | { phase: "done"; count: number }
  | { phase: "error"; message: string; details: Array<{ path: string; message: string }> };

function toProgress(event: ImportEvent): Progress {
  switch (event.type) {
    case "progress":
      if (event.phase === "checking") return { phase: "checking", percent: event.done && event.total ? (event.done / event.total) * 100 : undefined };
      return { phase: "writing", done: event.done, total: event.total };
    case "done":
      return { phase: "done", count: event.count };
    case "error":
      return { phase: "error", message: event.message, details: event.details };
  }
}

/** Uploads a CSV file that replaces every entry, showing upload and write progress, then the count or the rows to fix. */
export function CsvImport({ url, entryCount }: { url: string; entryCount: number }) {
  const { input, file, choose, progress, start } = useNdjsonUpload<ImportEvent, Progress>(url, toProgress, { phase: "checking" });
  const busy = progress.phase === "uploading" || progress.phase === "checking" || progress.phase === "writing";

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        One <span className="font-mono text-xs">key,value</span> pair per line; a <span className="font-mono text-xs">key,value</span> header line is optional. Put values
        that contain commas or quotes in double quotes, as spreadsheet programs do.
      </p>
      <label className="block">
        <span className="sr-only">CSV file</span>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv,text/plain"
          disabled={busy}
          onChange={(event) => choose(event.target.files?.[0] ?? null)}
          className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 file:shadow-sm file:ring-1 file:ring-slate-300 file:ring-inset hover:file:bg-slate-50"
        />
      </label>
      {file && progress.phase === "idle" ? (
        <p className="text-xs text-amber-700">
          Importing replaces all {entryCount.toLocaleString("en")} {entryCount === 1 ? "entry" : "entries"} of this lookup with the rows of {file.name}. A file with any bad row changes nothing.
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="button" size="sm" onClick={start} disabled={!file || busy}>
          <Upload className="size-4" aria-hidden />
          Import
        </Button>
      </div>
      {progress.phase === "uploading" ? <ProgressBar percent={progress.percent} label="Uploading" /> : null}
      {progress.phase === "checking" ? <ProgressBar percent={progress.percent ?? 0} label="Checking every row" /> : null}
      {progress.phase === "writing" ? <ProgressBar percent={(progress.done / progress.total) * 100} label={`Writing ${progress.done.toLocaleString("en")} of ${progress.total.toLocaleString("en")} rows`} /> : null}
      {progress.phase === "done" ? (
        <Alert tone="success">
          Imported {progress.count.toLocaleString("en")} {progress.count === 1 ? "entry" : "entries"}. They replace the previous entries.
        </Alert>
      ) : null}
      {progress.phase === "error" ? (
        <Alert tone="error">
          <p>{progress.message}</p>
          {progress.details.length ? (
            <ul className="mt-1.5 max-h-48 space-y-0.5 overflow-y-auto text-xs">
              {progress.details.map((detail, index) => (
                <li key={index}>
                  <span className="font-medium capitalize">{detail.path}</span>: {detail.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
    </div>
  );
}
