"use client";
import { useActionState, useEffect, useState } from "react";
import { Alert } from "@/components/ui/form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { SnippetSetup } from "@/lib/services/connectors/guide";
import type { ActionState } from "@/lib/actions";
import { ConnectorGuide } from "./connector-guide";

/**
 * The guide of an existing connector, with rotation. A secret is shown here once: right after the
 * connector was created (handed over by the create action) or after a rotation.
 */
export function ManagedConnectorGuide({
  setup,
  createdLabel,
  newSecret,
  forgetNewSecret,
  rotateAction,
  addSampleAction,
  afterCredentials,
}: {
  setup: SnippetSetup;
  /** Set right after creation: what was created, for the confirmation. */
  createdLabel?: string;
  newSecret?: string;
  forgetNewSecret: () => Promise<void>;
  rotateAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
  addSampleAction: (state: ActionState, formData: FormData) => Promise<ActionState>;
  afterCredentials?: React.ReactNode;
}) {
  // Kept in state: the page forgets the secret at once, and later refreshes must not hide it.
  const [created] = useState(() => (newSecret ? { secret: newSecret, label: createdLabel } : undefined));
  useEffect(() => {
    if (newSecret) void forgetNewSecret();
  }, [newSecret, forgetNewSecret]);
  const [state, formAction, isPending] = useActionState(rotateAction, { status: "idle" } as ActionState);
  const rotated = state.status === "success" ? state.result?.secret : undefined;
  const secret = rotated ?? created?.secret;
  const control = (
    <div className="space-y-3 border-t border-slate-100 pt-4">
      {state.status === "error" ? <Alert tone="error">{state.message}</Alert> : null}
      {rotated && !isPending ? <Alert tone="success">New secret issued. The previous secret no longer works.</Alert> : null}
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
  return (
    <>
      {created && !rotated ? (
        <Alert tone="success">
          {created.label ?? "Order API"} created. Hand the key, the secret and the endpoints below to the customer&apos;s developer.
        </Alert>
      ) : null}
      <ConnectorGuide setup={setup} secret={secret} rotateControl={control} afterCredentials={afterCredentials} addSampleAction={addSampleAction} />
    </>
  );
}
