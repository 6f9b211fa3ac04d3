"use client";
import { RotateCcw } from "lucide-react";
import { ActionForm } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendAction } from "../actions";

export function ResendForm({ customerId, deliveryId, delivered }: { customerId: string; deliveryId: string; delivered: boolean }) {
  return (
    <ActionForm action={resendAction.bind(null, customerId, deliveryId)} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="min-w-0 flex-1 text-sm text-slate-500">
          {delivered
            ? "Sends the same body again now, with the same webhook-id, so the receiver can tell it is a repeat."
            : "Sends it now instead of waiting for the next retry; the 24-hour retry window starts again."}
        </p>
        <SubmitButton variant="secondary" pendingText="Queuing…">
          <RotateCcw className="size-4" aria-hidden />
          Resend
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
