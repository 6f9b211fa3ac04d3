"use client";
import { ActionForm, Alert } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { inputClass } from "@/components/ui/field";
import { shipCsvAction } from "./actions";

export function ShipCsvForm() {
  return (
    <ActionForm action={shipCsvAction}>
      {(state) => (
        <>
          {Object.keys(state.result ?? {}).length ? (
            <Alert tone="error">
              <ul className="list-disc pl-4">
                {Object.entries(state.result ?? {}).map(([id, message]) => (
                  <li key={id}>
                    <span className="font-mono text-xs">{id}</span>: {message}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <input type="file" name="file" accept=".csv,text/csv" aria-label="Shipments CSV" className={inputClass} />
          <p className="text-xs text-slate-500">
            Columns: <code className="font-mono break-all">order,carrier,trackingCode,trackingUrl</code> — <code className="font-mono">order</code> is the order id or the customer&apos;s
            order reference. Each line is applied on its own.
          </p>
          <SubmitButton variant="secondary" pendingText="Shipping…">
            Upload and ship
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
