"use client";
import { useRef, useState, useTransition } from "react";
import Link from "next/link";
import { CircleAlert, CircleCheck, FileText, Play, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/form";
import { inputClass } from "@/components/ui/field";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import type { OrderPreview } from "@/lib/services/orders/preview";
import type { PreviewState } from "../actions";
import { FromTo, LookupTraceTable } from "@/components/console/lookup-trace";

type DialectName = "gelato" | "siteflow";
type DialectChoice = { name: DialectName; label: string; available: boolean };

export function PreviewForm({
  customerId,
  action,
  dialects,
  samples,
}: {
  customerId: string;
  action: (dialect: string, text: string) => Promise<PreviewState>;
  dialects: DialectChoice[];
  samples: Record<DialectName, string>;
}) {
  const [dialect, setDialect] = useState<DialectName>((dialects.find((choice) => choice.available) ?? dialects[0]!).name);
  const [text, setText] = useState(samples[dialect]);
  const [state, setState] = useState<PreviewState>({ status: "idle" });
  const [pending, startTransition] = useTransition();
  const chosen = dialects.find((choice) => choice.name === dialect)!;

  const choose = (next: DialectName) => {
    // An untouched sample follows the dialect; a pasted order stays.
    if (text.trim() === "" || Object.values(samples).includes(text)) setText(samples[next]);
    setDialect(next);
    setState({ status: "idle" });
  };
  const results = useRef<HTMLDivElement>(null);
  const run = () =>
    startTransition(async () => {
      setState(await action(dialect, text));
      // Where the result sits below the editor, bring it into view.
      if (window.matchMedia("(max-width: 1535px)").matches) requestAnimationFrame(() => results.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
    });

  return (
    <div className="grid gap-6 2xl:grid-cols-5">
      <Card className="min-w-0 self-start 2xl:col-span-2">
        <CardHeader title="Order" description="In the dialect the customer's system speaks." />
        <CardBody className="space-y-4">
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-800">Dialect</legend>
            <div className="inline-flex rounded-md bg-slate-100 p-0.5" role="radiogroup" aria-label="Dialect">
              {dialects.map((choice) => (
                <button
                  key={choice.name}
                  type="button"
                  role="radio"
                  aria-checked={dialect === choice.name}
                  onClick={() => choose(choice.name)}
                  className={cn(
                    "rounded px-3 py-1.5 text-sm font-medium transition-colors",
                    dialect === choice.name ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                  )}
                >
                  {choice.label}
                  {choice.available ? null : <span className="ml-1.5 text-xs font-normal text-slate-400">(not available)</span>}
                </button>
              ))}
            </div>
          </fieldset>
          {chosen.available ? null : (
            <Alert tone="info">The {chosen.label} order API is not installed on this server, so its orders cannot be previewed yet.</Alert>
          )}
          <div>
            <label htmlFor="order-json" className="mb-1.5 flex items-baseline justify-between text-sm font-medium text-slate-800">
              Order JSON
              <button type="button" onClick={() => setText(samples[dialect])} className="inline-flex items-center gap-1 text-xs font-normal text-brand-600 hover:text-brand-700">
                <RotateCcw className="size-3" aria-hidden />
                Load the {chosen.label} sample
              </button>
            </label>
            <textarea
              id="order-json"
              value={text}
              onChange={(event) => setText(event.target.value)}
              spellCheck={false}
              rows={22}
              className={cn(inputClass, "font-mono text-xs leading-5")}
            />
          </div>
          <div className="flex justify-end">
            <Button type="button" onClick={run} disabled={pending || text.trim() === "" || !chosen.available}>
              {pending ? <span className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden /> : <Play className="size-4" aria-hidden />}
              {pending ? "Running…" : "Run preview"}
            </Button>
          </div>
        </CardBody>
      </Card>
      <div ref={results} className="min-w-0 scroll-mt-20 space-y-6 2xl:col-span-3" aria-live="polite">
        {state.status === "idle" ? (
          <Card>
            <div className="flex flex-col items-center px-6 py-14 text-center">
              <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-600">
                <FileText className="size-6" aria-hidden />
              </div>
              {chosen.available ? (
                <>
                  <h3 className="text-base font-semibold text-slate-900">Run the preview to see the result</h3>
                  <p className="mt-1.5 max-w-md text-sm text-slate-500">
                    Start from the sample or paste a real order. You will see the order as Inkbridge would store it, which lookup changed which value, and every problem
                    with its path.
                  </p>
                </>
              ) : (
                <>
                  <h3 className="text-base font-semibold text-slate-900">No {chosen.label} preview on this server</h3>
                  <p className="mt-1.5 max-w-md text-sm text-slate-500">
                    The preview reads orders with the same translator as the {chosen.label} order API. Once that API is part of this installation, orders in its format can
                    be previewed here{dialects.some((choice) => choice.available) ? "; meanwhile, pick another dialect" : ""}.
                  </p>
                </>
              )}
            </div>
          </Card>
        ) : state.status === "error" ? (
          <Card>
            <CardBody className="space-y-3">
              <Alert tone="error">{state.message}</Alert>
              <ProblemList problems={state.problems} />
            </CardBody>
          </Card>
        ) : (
          <PreviewResult customerId={customerId} preview={state.preview} />
        )}
      </div>
    </div>
  );
}

function ProblemList({ problems }: { problems: Array<{ path: string; message: string }> }) {
  if (problems.length === 0) return null;
  return (
    <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" aria-label="Problems">
      {problems.map((problem, index) => (
        <li key={index} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:gap-3">
          <code className="shrink-0 font-mono text-xs break-all text-red-700 sm:w-56">{problem.path}</code>
          <span className="text-sm text-slate-700">{problem.message}</span>
        </li>
      ))}
    </ul>
  );
}

function PreviewResult({ customerId, preview }: { customerId: string; preview: OrderPreview }) {
  const order = preview.order;
  return (
    <>
      {preview.valid ? (
        <div role="status" className="flex gap-3 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          <CircleCheck className="mt-0.5 size-5 shrink-0" aria-hidden />
          <div>
            <p className="font-medium">Intake would accept this order.</p>
            <p className="text-emerald-700">Every item resolves to a catalog product and every lookup applied cleanly.</p>
          </div>
        </div>
      ) : (
        <div role="alert" className="flex gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200 ring-inset">
          <CircleAlert className="mt-0.5 size-5 shrink-0" aria-hidden />
          <div>
            <p className="font-medium">
              Intake would refuse this order: {preview.problems.length} {preview.problems.length === 1 ? "problem" : "problems"}.
            </p>
            <p className="text-red-700">The customer’s system would get these back as validation errors, each at its path.</p>
          </div>
        </div>
      )}
      {preview.existingOrderId ? (
        <Alert tone="info">
          An order with this reference is already stored (
          <Link href={`/orders/${preview.existingOrderId}`} className="font-mono text-xs font-medium underline">
            {preview.existingOrderId}
          </Link>
          ). Sending this one would return that order if nothing changed, or be refused as a duplicate.
        </Alert>
      ) : null}
      {preview.problems.length ? (
        <Card>
          <CardHeader title="Problems" description="Paths are in the dialect's own terms." />
          <CardBody>
            <ProblemList problems={preview.problems} />
          </CardBody>
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Lookups applied" description="Each value a lookup changed, in the order they ran." />
        <LookupTraceTable trace={preview.trace} customerId={customerId} />
      </Card>
      {order ? <CanonicalOrderView order={order} /> : null}
    </>
  );
}

function CanonicalOrderView({ order }: { order: NonNullable<OrderPreview["order"]> }) {
  return (
    <Card>
      <CardHeader title="The order Inkbridge would make" description={`Reference ${order.externalId ?? "—"} · ${order.orderType === "draft" ? "draft" : "order"}${order.currency ? ` · ${order.currency}` : ""}`} />
      <div className="border-b border-slate-100 px-5 py-3 text-xs font-medium tracking-wide text-slate-500 uppercase">Items</div>
      <Table>
        <THead>
          <Th>#</Th>
          <Th>Product (sent → resolved)</Th>
          <Th className="text-right">Qty</Th>
          <Th>Files</Th>
        </THead>
        <TBody>
          {(order.items ?? []).map((item, index) => (
            <tr key={index}>
              <Td className="whitespace-nowrap text-slate-500">{item.externalItemId ?? index + 1}</Td>
              <Td>
                <FromTo from={item.sourceProductKey} to={item.productUid} />
              </Td>
              <Td className="text-right tabular-nums">{item.quantity}</Td>
              <Td>
                <ul className="space-y-0.5">
                  {(item.files ?? []).map((file, fileIndex) => (
                    <li key={fileIndex} className="flex max-w-xs items-center gap-1.5 text-xs">
                      <Badge>{file.type}</Badge>
                      <span className="truncate text-slate-600" title={file.url}>
                        {file.url}
                      </span>
                    </li>
                  ))}
                </ul>
              </Td>
            </tr>
          ))}
        </TBody>
      </Table>
      <div className="border-y border-slate-100 px-5 py-3 text-xs font-medium tracking-wide text-slate-500 uppercase">Shipments</div>
      <ul className="divide-y divide-slate-100">
        {(order.shipments ?? []).map((shipment, index) => (
          <li key={index} className="grid gap-3 px-5 py-3 text-sm sm:grid-cols-3">
            <div className="sm:col-span-2">
              <p className="font-medium text-slate-900">
                {[shipment.address?.firstName, shipment.address?.lastName].filter(Boolean).join(" ") || "—"}
                {shipment.address?.companyName ? <span className="font-normal text-slate-500"> · {shipment.address.companyName}</span> : null}
              </p>
              <p className="text-slate-600">
                {[shipment.address?.addressLine1, shipment.address?.addressLine2, shipment.address?.city, shipment.address?.postCode, shipment.address?.state].filter(Boolean).join(", ")}
              </p>
              <p className="mt-1 text-xs text-slate-500">
                Country <span className="font-mono text-slate-900">{shipment.address?.country}</span>
              </p>
            </div>
            <div>
              <p className="text-xs text-slate-500">Shipping method</p>
              {shipment.sourceMethod || shipment.method ? <FromTo from={shipment.sourceMethod} to={shipment.method ?? shipment.sourceMethod} /> : <span className="text-slate-400">Not given</span>}
            </div>
          </li>
        ))}
      </ul>
      <details className="border-t border-slate-100 px-5 py-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Canonical JSON</summary>
        <pre className="mt-3 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-5 text-slate-100">{JSON.stringify(order, null, 2)}</pre>
      </details>
    </Card>
  );
}
