import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Download, FlaskConical } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getLookup, listLookupEntries } from "@/lib/services/lookups";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LinkButton, buttonClass } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { SearchForm } from "@/components/ui/search-form";
import { Pagination, withParams } from "@/components/ui/pagination";
import { lookupFieldInfo } from "@/components/console/lookup-fields";
import { deleteLookupAction, updateLookupAction } from "../actions";
import { EntriesEditor } from "./entries-editor";
import { CsvImport } from "./csv-import";
import { LookupSettingsForm } from "./settings-form";
import { DeleteLookupButton } from "./delete-lookup-button";

export const metadata: Metadata = { title: "Lookup" };

const pageSize = 25;

export default async function LookupPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; lookupId: string }>;
  searchParams: Promise<{ q?: string; offset?: string }>;
}) {
  const ctx = await requireStaff();
  const { id, lookupId } = await paramsOrNotFound(params);
  const query = await searchParams;
  const lookup = await pageOrNotFound(getLookup({ ctx, lookupId }));
  if (lookup.customerId !== id) notFound();
  const q = query.q?.trim() || undefined;
  const offset = Math.max(0, Number.parseInt(query.offset ?? "0", 10) || 0);
  const page = await listLookupEntries({ ctx, lookupId, input: { q, limit: pageSize, offset } });
  const base = `/customers/${id}/lookups/${lookupId}`;
  const info = lookupFieldInfo[lookup.field];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm text-slate-500">
            <Link href={`/customers/${id}/lookups`} className="hover:text-slate-800">
              Lookups
            </Link>{" "}
            /
          </p>
          <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
            {lookup.name}
            <Badge tone="indigo">{info.label}</Badge>
            {lookup.strict && !lookup.defaultValue ? <Badge tone="red">Strict</Badge> : null}
          </h2>
          <p className="mt-0.5 max-w-2xl text-sm text-slate-500">{lookup.description ?? info.translates}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={`${base}/export`} download className={buttonClass("secondary", "sm")}>
            <Download className="size-4" aria-hidden />
            Export CSV
          </a>
          <LinkButton href={`/customers/${id}/lookups/preview`} variant="secondary" size="sm">
            <FlaskConical className="size-4" aria-hidden />
            Preview an order
          </LinkButton>
        </div>
      </div>

      <div className="grid gap-6 xl:grid-cols-3">
        <Card className="min-w-0 xl:col-span-2">
          <CardHeader
            title={`Entries (${lookup.entryCount.toLocaleString("en")})`}
            description={
              lookup.defaultValue
                ? `A value with no entry becomes “${lookup.defaultValue}”.`
                : lookup.strict
                  ? "A value with no entry refuses the order."
                  : "A value with no entry passes through unchanged."
            }
          />
          <div className="border-b border-slate-100 px-5 py-3">
            <SearchForm action={base} defaultValue={q} placeholder="Search keys and values" />
          </div>
          <EntriesEditor
            key={`${q ?? ""}:${offset}`}
            customerId={id}
            lookupId={lookupId}
            entries={page.data}
            emptyText={
              q ? (
                <>
                  No entry matches “{q}”.{" "}
                  <Link href={base} className="font-medium text-brand-600 hover:text-brand-700">
                    Clear the search
                  </Link>
                </>
              ) : (
                <>No entries yet. Add a row, or import a CSV file of key,value rows.</>
              )
            }
          />
          <Pagination offset={offset} limit={pageSize} total={page.total} hrefFor={(next) => withParams(base, { q }, { offset: next })} />
        </Card>

        <div className="space-y-6">
          <Card>
            <CardHeader title="Import CSV" description="Replaces every entry with the rows of a file." />
            <CardBody>
              <CsvImport url={`${base}/import`} entryCount={lookup.entryCount} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Settings" />
            <CardBody>
              <LookupSettingsForm action={updateLookupAction.bind(null, id, lookupId)} defaults={lookup} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Delete" description="Orders from this customer are then taken as sent for this field." />
            <CardBody>
              <DeleteLookupButton action={deleteLookupAction.bind(null, id, lookupId)} entryCount={lookup.entryCount} />
            </CardBody>
          </Card>
        </div>
      </div>
    </div>
  );
}
