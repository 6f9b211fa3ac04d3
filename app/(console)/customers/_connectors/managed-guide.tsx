"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { SnippetSetup } from "@/lib/services/connectors/guide";
import type { ActionState } from "@/lib/actions";
import { ConnectorGuide } from "./connector-guide";

/** The guide of an existing connector, with rotation: a new secret is shown here once. */
export function ManagedConnectorGuide({
  setup,
  rotateAction,
  afterCredentials,
}: {
  setup: SnippetSetup;
  rotateAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
  afterCredentials?: React.ReactNode;
}) {
  const [state, formAction, isPending] = useActionState(rotateAction, { status: "idle" } as ActionState);
  const secret = state.status === "success" ? state.result?.secret : undefined;
  const control = (
    <div className="space-y-3 border-t border-slate-100 pt-4">
      {state.status === "error" ? <Alert tone="error">{state.message}</Alert> : null}
      {secret && !isPending ? <Alert tone="success">New secret issued. The previous secret no longer works.</Alert> : null}
      {isPending ? (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-600">
          <span className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
          Rotating the secret…
        </p>
      ) : (
        <ConfirmButton
          action={formAction}
          variant="secondary"
          tone="warning"
          question={
            <>
              <strong className="font-semibold">Rotate the secret?</strong> The current secret stops working at once: the customer&apos;s system must switch to
              the new one, which is shown here only once.
            </>
          }
          confirmLabel="Rotate now"
          pendingText="Rotating…"
        >
          Rotate secret
        </ConfirmButton>
      )}
    </div>
  );
  return <ConnectorGuide setup={setup} secret={secret} rotateControl={control} afterCredentials={afterCredentials} />;
}
