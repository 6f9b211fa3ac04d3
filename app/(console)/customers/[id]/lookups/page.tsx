import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, FlaskConical, Languages } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listLookups } from "@/lib/services/lookups";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { lookupFields } from "@/db/schema/enums";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { lookupFieldInfo } from "@/components/console/lookup-fields";
import { CreateLookupForm } from "./create-lookup-form";
import { createLookupAction } from "./actions";

export const metadata: Metadata = { title: "Lookups" };

export default async function LookupsPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const lookups = await pageOrNotFound(listLookups({ ctx, customerId: id }));
  const freeFields = lookupFields.filter((field) => !lookups.some((lookup) => lookup.field === field));
  const whenNoMatch = (lookup: (typeof lookups)[number]) =>
    lookup.defaultValue ? (
      <span>
        Use <span className="font-mono text-xs text-slate-900">{lookup.defaultValue}</span>
      </span>
    ) : lookup.strict ? (
      <Badge tone="red">Refuse the order</Badge>
    ) : (
      <span className="text-slate-500">Pass the value through</span>
    );
  const preview = (
    <LinkButton href={`/customers/${id}/lookups/preview`} variant="secondary" size="sm">
      <FlaskConical className="size-4" aria-hidden />
      Preview an order
    </LinkButton>
  );

  return (
    <div className="grid gap-6 xl:grid-cols-3">
      <div className="min-w-0 xl:col-span-2">
        <Card>
          <CardHeader
            title="Lookups"
            description="Translation tables applied to every order from this customer before its items are matched to your catalog."
            actions={preview}
          />
          {lookups.length === 0 ? (
            <EmptyState icon={Languages} title="No lookups yet">
              Orders from this customer are taken as sent. Add a lookup when the customer uses its own product codes, shipping names or country codes, for example{" "}
              <span className="font-mono text-xs whitespace-nowrap">POSTER-A3 → flat_a3_poster</span>.
            </EmptyState>
          ) : (
            <>
              <ul className="divide-y divide-slate-100 sm:hidden" aria-label="Lookups">
                {lookups.map((lookup) => (
                  <li key={lookup.id}>
                    <Link href={`/customers/${id}/lookups/${lookup.id}`} className="block space-y-1 px-5 py-3 hover:bg-slate-50">
                      <span className="flex items-center justify-between gap-2">
                        <span className="truncate font-medium text-slate-900">{lookup.name}</span>
                        <Badge tone="indigo">{lookupFieldInfo[lookup.field].label}</Badge>
                      </span>
                      <span className="flex items-center justify-between gap-2 text-sm">
                        {whenNoMatch(lookup)}
                        <span className="text-slate-600 tabular-nums">
                          {lookup.entryCount.toLocaleString("en")} {lookup.entryCount === 1 ? "entry" : "entries"}
                        </span>
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              <Table className="hidden sm:block">
                <THead>
                  <Th>Name</Th>
                  <Th>Field</Th>
                  <Th>When no entry matches</Th>
                  <Th className="text-right">Entries</Th>
                </THead>
                <TBody>
                  {lookups.map((lookup) => (
                    <tr key={lookup.id} className="hover:bg-slate-50">
                      <Td>
                        <Link href={`/customers/${id}/lookups/${lookup.id}`} className="font-medium whitespace-nowrap text-slate-900 hover:text-brand-700">
                          {lookup.name}
                        </Link>
                        {lookup.description ? <div className="max-w-xs truncate text-xs text-slate-500">{lookup.description}</div> : null}
                      </Td>
                      <Td>
                        <Badge tone="indigo">{lookupFieldInfo[lookup.field].label}</Badge>
                      </Td>
                      <Td>{whenNoMatch(lookup)}</Td>
                      <Td className="text-right tabular-nums">{lookup.entryCount.toLocaleString("en")}</Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            </>
          )}
        </Card>
      </div>
      <Card className="self-start xl:row-span-2">
        <CardHeader title="New lookup" />
        <CardBody>
          {freeFields.length === 0 ? (
            <p className="text-sm text-slate-500">This customer has a lookup for every field. Open one to add entries to it.</p>
          ) : (
            <CreateLookupForm
              action={createLookupAction.bind(null, id)}
              fields={freeFields.map((field) => ({ value: field, label: lookupFieldInfo[field].label, translates: lookupFieldInfo[field].translates, example: lookupFieldInfo[field].examples[0]! }))}
            />
          )}
        </CardBody>
      </Card>
      <div className="min-w-0 xl:col-span-2">
        <Card>
          <CardHeader title="What each field translates" description="One lookup per field. Matching is exact after trimming spaces." />
          <dl className="divide-y divide-slate-100">
            {lookupFields.map((field) => (
              <div key={field} className="grid gap-1 px-5 py-3 sm:grid-cols-4 sm:gap-4">
                <dt className="text-sm font-medium text-slate-800">{lookupFieldInfo[field].label}</dt>
                <dd className="text-sm text-slate-600 sm:col-span-3">
                  {lookupFieldInfo[field].translates}
                  <span className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                    {lookupFieldInfo[field].examples.map(([from, to]) => (
                      <span key={from} className="inline-flex items-center gap-1 font-mono text-xs text-slate-700">
                        {from}
                        <ArrowRight className="size-3 text-slate-400" aria-label="becomes" />
                        {to}
                      </span>
                    ))}
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </div>
  );
}
