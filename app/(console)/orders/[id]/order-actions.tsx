"use client";
import { useState, useTransition } from "react";
import { Ban, RefreshCw } from "lucide-react";
import type { OrderStatus } from "@/db/schema/enums";
import type { ActionState } from "@/lib/actions";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SelectField, TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/form";
import { cancelOrderAction, replaceFileAction, retryOrderAction } from "./actions";

export type ActionableFile = { value: string; label: string; url: string; failing: boolean };

const idle: ActionState = { status: "idle" };

/**
 * What staff can do about a failed or not connected order, next to its reason: process it again,
 * replace a print file's URL, or cancel it. The outcome stays on the page after the order moves on.
 */
export function OrderActions({
  orderId,
  status,
  files,
  lookupsHref,
}: {
  orderId: string;
  status: OrderStatus;
  files: ActionableFile[];
  lookupsHref: string;
}) {
  const [result, setResult] = useState<ActionState>(idle);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<ActionState>) =>
    startTransition(async () => {
      setResult(await action());
    });
  const firstFailing = files.find((file) => file.failing) ?? files[0];
  const [chosen, setChosen] = useState(firstFailing?.value ?? "");
  const actionable = status === "failed" || status === "not_connected";
  if (!actionable && result.status === "idle") return null;
  const chosenFile = files.find((file) => file.value === chosen) ?? firstFailing;

  return (
    <Card className="mb-6">
      <CardHeader
        title="Fix this order"
        description={
          status === "not_connected"
            ? "Link the customer's product (a lookup or a catalog product), then process the order again."
            : status === "failed"
              ? "Fix the file at its address and process the order again, or point the item at a working file."
              : undefined
        }
      />
      <div className="space-y-4 px-5 py-4">
        {result.status !== "idle" && result.message ? (
          <Alert tone={result.status === "error" ? "error" : "success"}>
            <span className="wrap-anywhere">{result.message}</span>
          </Alert>
        ) : null}
        {actionable ? (
          <>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="button" disabled={pending} aria-busy={pending} onClick={() => run(() => retryOrderAction(orderId))}>
                <RefreshCw className={`size-4 ${pending ? "animate-spin" : ""}`} aria-hidden />
                {pending ? "Processing…" : "Process again"}
              </Button>
              <p className="min-w-0 flex-1 basis-48 text-sm text-slate-500">
                {status === "not_connected" ? (
                  <>
                    After adding the product or fixing the{" "}
                    <a href={lookupsHref} className="font-medium text-brand-600 hover:text-brand-700">
                      customer&apos;s lookups
                    </a>
                    .
                  </>
                ) : (
                  "After fixing a lookup or the file at its address: the files are fetched again."
                )}
              </p>
            </div>
            {status === "failed" && chosenFile ? (
              <form
                key={`${chosenFile.value} ${chosenFile.url}`}
                className="space-y-3 border-t border-slate-100 pt-4"
                noValidate
                action={(formData) => run(() => replaceFileAction(orderId, idle, formData))}
              >
                <p className="text-sm font-medium text-slate-800">Replace a file</p>
                {files.length > 1 ? (
                  <SelectField name="file" label="File" options={files} value={chosenFile.value} onChange={(event) => setChosen(event.target.value)} />
                ) : (
                  <input type="hidden" name="file" value={chosenFile.value} />
                )}
                <TextField
                  name="url"
                  label={files.length > 1 ? "New URL" : `New URL for ${chosenFile.label}`}
                  type="url"
                  required
                  defaultValue={chosenFile.url}
                  error={result.fieldErrors?.url ?? result.fieldErrors?.file}
                  hint="The order is processed again with this file at once."
                />
                <div className="flex justify-end">
                  <Button type="submit" disabled={pending} aria-busy={pending}>
                    {pending ? "Working…" : "Replace and process again"}
                  </Button>
                </div>
              </form>
            ) : null}
            <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
              <p className="min-w-0 flex-1 basis-48 text-sm text-slate-500">Not to be produced at all? Cancelling cannot be undone.</p>
              <ConfirmButton
                action={async () => run(() => cancelOrderAction(orderId))}
                variant="danger"
                question={<strong className="font-semibold">Cancel this order? It will not be produced.</strong>}
                confirmLabel="Cancel order"
                pendingText="Cancelling…"
              >
                <Ban className="size-4" aria-hidden />
                Cancel order
              </ConfirmButton>
            </div>
          </>
        ) : null}
      </div>
    </Card>
  );
}
