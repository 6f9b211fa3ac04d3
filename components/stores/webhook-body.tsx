"use client";
import { useState, useTransition } from "react";
import { CopyButton } from "@/components/ui/copy-button";

export type LoadWebhookBody = (eventId: string) => Promise<{ body?: string; message?: string }>;

/** The raw body of one delivery, fetched only when asked for, with personal data masked. */
export function WebhookBody({ eventId, load }: { eventId: string; load: LoadWebhookBody }) {
  const [shown, setShown] = useState<{ body?: string; message?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  if (shown?.body) {
    return (
      <div className="mt-2 w-full min-w-0">
        <div className="mb-1 flex items-center gap-2 text-xs text-slate-500">
          Raw body, names, addresses, emails and phones masked
          <CopyButton value={shown.body} label="Copy body" />
          <button type="button" className="text-brand-700 hover:underline" onClick={() => setShown(null)}>
            Hide
          </button>
        </div>
        <pre className="max-h-72 overflow-x-hidden overflow-y-auto rounded bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100">{shown.body}</pre>
      </div>
    );
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        className="text-xs font-medium text-brand-700 hover:underline disabled:opacity-60"
        onClick={() => startTransition(async () => setShown(await load(eventId)))}
      >
        {pending ? "Loading…" : "Show body"}
      </button>
      {shown?.message ? <span role="alert" className="text-xs text-red-700">{shown.message}</span> : null}
    </span>
  );
}
