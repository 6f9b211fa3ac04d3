"use client";
import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { cn } from "./cn";

/** Copies a value to the clipboard and says so. */
export function CopyButton({ value, label = "Copy", className }: { value: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          const area = document.createElement("textarea");
          area.value = value;
          document.body.append(area);
          area.select();
          document.execCommand("copy");
          area.remove();
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 1800);
      }}
      className={cn(
        "inline-flex h-7 shrink-0 items-center gap-1 rounded-md px-2 text-xs font-medium text-slate-600 ring-1 ring-slate-200 ring-inset hover:bg-slate-50 hover:text-slate-900",
        className,
      )}
      aria-label={`${label}: ${copied ? "copied" : "copy to clipboard"}`}
    >
      {copied ? <Check className="size-3.5 text-emerald-600" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}

/** A read-only value (key, URL) with a copy button beside it. */
export function CopyField({ value, label, secret }: { value: string; label: string; secret?: boolean }) {
  return (
    <div className="flex items-center gap-2 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
      {/* A secret shown once is shown whole, so it can be read or selected by hand too. */}
      <code className={cn("min-w-0 flex-1 font-mono text-xs text-slate-800", secret ? "break-all select-all" : "truncate")} title={value}>
        {value}
      </code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
