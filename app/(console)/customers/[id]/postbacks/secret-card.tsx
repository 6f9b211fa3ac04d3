"use client";
import { Eye, RefreshCw } from "lucide-react";
import { ActionForm, Alert } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { CopyField } from "@/components/ui/copy-button";
import { revealSecretAction, rotateSecretAction } from "./actions";

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";
}

export function SecretControls({ customerId, exists, previousSecretExpiresAt }: { customerId: string; exists: boolean; previousSecretExpiresAt: string | null }) {
  return (
    <div className="space-y-4">
      <ActionForm action={revealSecretAction.bind(null, customerId)} className="space-y-3">
        {(state) =>
          state.status === "success" && state.result?.secret ? (
            <CopyField value={state.result.secret} label="Copy secret" secret />
          ) : (
            <div className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
              <code className="font-mono text-xs text-slate-500">{exists ? "whsec_••••••••••••••••••••••••••••" : "No secret yet"}</code>
              <SubmitButton variant="secondary" size="sm" pendingText="Loading…">
                <Eye className="size-3.5" aria-hidden />
                {exists ? "Reveal" : "Create and reveal"}
              </SubmitButton>
            </div>
          )
        }
      </ActionForm>
      {previousSecretExpiresAt ? (
        <Alert tone="info">The previous secret still signs every postback, as a second signature, until {formatTime(previousSecretExpiresAt)}.</Alert>
      ) : null}
      {exists ? (
        <ActionForm action={rotateSecretAction.bind(null, customerId)} className="space-y-3">
        {(state) => (
          <>
            {state.status === "success" && state.result?.secret ? (
              <div className="space-y-2">
                <Alert tone="success">
                  New secret made.{" "}
                  {state.result.previousSecretExpiresAt ? `The old one keeps signing too until ${formatTime(state.result.previousSecretExpiresAt)}, so the receiver can switch without missing a postback.` : null}
                </Alert>
                <CopyField value={state.result.secret} label="Copy new secret" secret />
              </div>
            ) : null}
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="min-w-0 flex-1 text-xs text-slate-500">
                Rotating makes a new secret at once. For 24 hours every postback carries two signatures, one per secret, so the receiver can switch over in its own time.
              </p>
              <SubmitButton variant="secondary" size="sm" pendingText="Rotating…">
                <RefreshCw className="size-3.5" aria-hidden />
                Rotate
              </SubmitButton>
            </div>
          </>
          )}
        </ActionForm>
      ) : null}
    </div>
  );
}
