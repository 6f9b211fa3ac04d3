import Link from "next/link";
import { ArrowRight } from "lucide-react";
import type { LookupTraceEntry } from "@/lib/domain/order";
import { Badge } from "@/components/ui/badge";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { lookupFieldInfo } from "./lookup-fields";

/** A value and what it became; just the value when nothing changed. */
export function FromTo({ from, to, missing = "—" }: { from: string | null | undefined; to: string | null | undefined; missing?: string }) {
  // break-words (not break-all) keeps short codes whole; only codes wider than the page wrap.
  if (!from || from === to) return <span className="font-mono text-xs break-words text-slate-900">{to ?? from ?? missing}</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1 font-mono text-xs break-words">
      <span className="text-slate-500">{from}</span>
      <ArrowRight className="size-3 shrink-0 text-slate-400" aria-label="becomes" />
      <span className="text-slate-900">{to ?? missing}</span>
    </span>
  );
}

/** Which lookup changed which value, as applied to an order (stored or previewed). */
export function LookupTraceTable({ trace, customerId }: { trace: LookupTraceEntry[]; customerId: string }) {
  if (trace.length === 0) return <p className="px-5 py-6 text-sm text-slate-500">No lookup changed anything: every value was taken as sent.</p>;
  const by = (step: LookupTraceEntry) => (
    <>
      {step.lookupId ? (
        <Link href={`/customers/${customerId}/lookups/${step.lookupId}`} className="font-medium whitespace-nowrap text-brand-600 hover:text-brand-700">
          {step.lookupName}
        </Link>
      ) : (
        <span className="whitespace-nowrap text-slate-500">Built-in alias</span>
      )}
      {step.how === "default" && step.lookupId ? <span className="ml-1.5 text-xs text-slate-500">(default value)</span> : null}
    </>
  );
  return (
    <>
      <ul className="divide-y divide-slate-100 sm:hidden" aria-label="Lookups applied">
        {trace.map((step, index) => (
          <li key={index} className="space-y-1 px-5 py-3 text-sm">
            <div className="flex items-center justify-between gap-2">
              <Badge tone="indigo">{lookupFieldInfo[step.field].label}</Badge>
              <span className="text-xs">{by(step)}</span>
            </div>
            <FromTo from={step.from} to={step.to} />
            <code className="block font-mono text-xs break-words text-slate-500">{step.path}</code>
          </li>
        ))}
      </ul>
      <Table className="hidden sm:block">
        <THead>
          <Th>Field and path</Th>
          <Th>Value</Th>
          <Th>By</Th>
        </THead>
        <TBody>
          {trace.map((step, index) => (
            <tr key={index}>
              <Td>
                <Badge tone="indigo">{lookupFieldInfo[step.field].label}</Badge>
                <code className="mt-1 block font-mono text-xs text-slate-500">{step.path}</code>
              </Td>
              <Td>
                <FromTo from={step.from} to={step.to} />
              </Td>
              <Td>{by(step)}</Td>
            </tr>
          ))}
        </TBody>
      </Table>
    </>
  );
}
