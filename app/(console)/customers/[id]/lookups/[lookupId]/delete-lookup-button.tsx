"use client";
import { useState } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

/** Deleting asks once more, in place, before the form is sent. */
export function DeleteLookupButton({ action, entryCount }: { action: () => Promise<void>; entryCount: number }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button type="button" variant="danger" size="sm" onClick={() => setAsking(true)}>
        <Trash2 className="size-4" aria-hidden />
        Delete lookup
      </Button>
    );
  }
  return (
    <form action={action} className="space-y-2">
      <p className="text-sm text-slate-700">
        Delete this lookup and its {entryCount.toLocaleString("en")} {entryCount === 1 ? "entry" : "entries"}? Orders already received keep their values.
      </p>
      <div className="flex gap-2">
        <SubmitButton variant="danger" size="sm" pendingText="Deleting…">
          Yes, delete
        </SubmitButton>
        <Button type="button" variant="secondary" size="sm" onClick={() => setAsking(false)}>
          Keep it
        </Button>
      </div>
    </form>
  );
}
