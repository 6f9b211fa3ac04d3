"use client";
import { useActionState, useEffect } from "react";
import type { ActionState } from "@/lib/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { CopyField } from "@/components/ui/copy-button";

/** Makes a fresh invitation link, copies it to the clipboard and shows it for copying by hand. */
export function CopyLinkAction({ action, invitationId, email }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; invitationId: string; email: string }) {
  const [state, formAction] = useActionState(action, { status: "idle" } as ActionState);
  const url = state.status === "success" ? state.result?.url : undefined;
  useEffect(() => {
    if (url) navigator.clipboard?.writeText(url).catch(() => undefined);
  }, [url]);
  return (
    <form action={formAction} className="flex w-full min-w-0 flex-col items-end gap-1 sm:w-80" aria-label={`Copy an invitation link for ${email}`}>
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton size="sm" variant="secondary" pendingText="Creating…">
        Copy invitation link
      </SubmitButton>
      {url ? (
        <div className="w-full min-w-0 space-y-1" data-invitation-link={url}>
          <CopyField value={url} label="Copy link" />
          <p role="status" className="text-right text-xs text-emerald-700">
            Copied. {state.message}
          </p>
        </div>
      ) : null}
      {state.status === "error" && state.message ? (
        <p role="alert" className="max-w-56 text-right text-xs text-red-600">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
