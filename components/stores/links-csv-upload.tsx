"use client";
import { Upload } from "lucide-react";
import type { LinksImportEvent } from "@/lib/next/links-csv-import";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/form";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useNdjsonUpload } from "@/components/ui/use-ndjson-upload";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";

type Report = Extract<LinksImportEvent, { type: "done" }>["result"];
type Progress =
  | { phase: "idle" }
  | { phase: "uploading"; percent: number }
  | { phase: "checking"; percent: number }
  | { phase: "files"; done: number; total: number }
  | { phase: "writing"; done: number; total: number }
  | { phase: "done"; report: Report }
  | { phase: "error"; message: string; details: Array<{ path: string; message: string }> };

function toProgress(event: LinksImportEvent): Progress {
  switch (event.type) {
    case "progress":
      switch (event.phase) {
        case "checking":
          return { phase: "checking", percent: event.total ? (event.done / event.total) * 100 : 0 };
        case "files":
          return { phase: "files", done: event.done, total: event.total };
        case "writing":
          return { phase: "writing", done: event.done, total: event.total };
      }
      break;
    case "done":
      return { phase: "done", report: event.result };
    case "error":
      return { phase: "error", message: event.message, details: event.details };
  }
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/**
 * The CSV round trip: download the variants with their links, fill in productUid and design file
 * URLs, upload. Shows upload and import progress, then a row-by-row report; rows with errors change nothing.
 */
export function LinksCsvUpload({ uploadUrl, exportHref }: { uploadUrl: string; exportHref: string }) {
  const { input, file, choose, progress, start } = useNdjsonUpload<LinksImportEvent, Progress>(uploadUrl, toProgress, { phase: "checking", percent: 0 });
  const busy = ["uploading", "checking", "files", "writing"].includes(progress.phase);

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        <a href={exportHref} className="font-medium text-brand-700 hover:underline" download>
          Download the variants as CSV
        </a>
        , fill in <span className="font-mono text-xs">productUid</span> and <span className="font-mono text-xs">designFileUrl</span> (and a column per extra print area), then upload it.
        Every row is checked first; rows with errors change nothing.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="min-w-0 flex-1 text-sm">
          <span className="mb-1 block font-medium text-slate-700">CSV file</span>
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv"
            aria-label="Links CSV file"
            disabled={busy}
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
            className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 file:shadow-sm file:ring-1 file:ring-slate-300 file:ring-inset hover:file:bg-slate-50"
          />
        </label>
        <Button type="button" size="sm" onClick={start} disabled={!file || busy}>
          <Upload className="size-4" aria-hidden />
          Upload links
        </Button>
      </div>
      {progress.phase === "uploading" ? <ProgressBar percent={progress.percent} label="Uploading" /> : null}
      {progress.phase === "checking" ? <ProgressBar percent={progress.percent} label="Checking every row" /> : null}
      {progress.phase === "files" ? <ProgressBar percent={(progress.done / progress.total) * 100} label={`Checking design files: ${progress.done.toLocaleString("en")} of ${progress.total.toLocaleString("en")}`} /> : null}
      {progress.phase === "writing" ? <ProgressBar percent={(progress.done / progress.total) * 100} label={`Linking ${progress.done.toLocaleString("en")} of ${progress.total.toLocaleString("en")} variants`} /> : null}
      {progress.phase === "done" ? <ImportReport report={progress.report} /> : null}
      {progress.phase === "error" ? (
        <Alert tone="error">
          <p>{progress.message}</p>
          {progress.details.length ? (
            <ul className="mt-1.5 max-h-48 space-y-0.5 overflow-y-auto text-xs">
              {progress.details.map((detail, index) => (
                <li key={index}>
                  <span className="font-medium">{detail.path}</span>: {detail.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
    </div>
  );
}

function ImportReport({ report }: { report: Report }) {
  const summary = `${report.linked.toLocaleString("en")} linked, ${report.unchanged.toLocaleString("en")} unchanged, ${plural(report.errors.length, "row", "rows")} with errors`;
  if (report.errors.length === 0) return <Alert tone="success">{`${summary}. Waiting orders of the linked variants are processed again.`}</Alert>;
  return (
    <div className="space-y-2" data-testid="links-import-report">
      <Alert tone="error">{`${summary} (nothing changed for them). Fix these rows and upload the file again; rows already linked stay as they are.`}</Alert>
      <div className="max-h-72 overflow-y-auto rounded-md ring-1 ring-slate-200">
        <Table>
          <THead>
            <Th>Row</Th>
            <Th>Problem</Th>
          </THead>
          <TBody>
            {report.errors.map((error) => (
              <tr key={error.row}>
                <Td className="font-mono text-xs tabular-nums">{error.row}</Td>
                <Td className="text-xs">{error.message}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
    </div>
  );
}
