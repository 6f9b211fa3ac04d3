import type { Metadata } from "next";
import Link from "next/link";
import { Plug, Plus, Users } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listCustomers } from "@/lib/services/customers";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

export const metadata: Metadata = { title: "Customers" };

const pageSize = 25;

// The search box grows; the status select keeps its own width beside it.
const selectClass = cn(inputClass.replace("w-full", "w-auto"), "pr-8");

const statusChoices = [
  ["active", "Active"],
  ["deactivated", "Deactivated"],
] as const;

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string; offset?: string }> }) {
  const ctx = await requireStaff();
  const params = await searchParams;
  const q = params.q?.trim() || undefined;
  const status = statusChoices.find(([choice]) => choice === params.status)?.[0];
  const offset = Math.max(0, Number.parseInt(params.offset ?? "0", 10) || 0);
  const active = status === undefined ? undefined : status === "active";
  const page = await listCustomers({ ctx, input: { q, active, limit: pageSize, offset } });
  const total = page.total ?? 0;

  return (
    <>
      <PageHeader
        title="Customers"
        description="The businesses that send you orders, through their APIs or their shops."
        actions={
          <>
            <LinkButton href="/customers/shared-order-apis" variant="secondary">
              <Plug className="size-4" aria-hidden />
              Shared order APIs
            </LinkButton>
            <LinkButton href="/customers/new">
              <Plus className="size-4" aria-hidden />
              New customer
            </LinkButton>
          </>
        }
      />
      <Card>
        <div className="border-b border-slate-100 px-5 py-3">
          <SearchForm action="/customers" defaultValue={q} placeholder="Search by name, reference id or id">
            <select name="status" aria-label="Status" defaultValue={status ?? ""} className={selectClass}>
              <option value="">Any status</option>
              {statusChoices.map(([choice, text]) => (
                <option key={choice} value={choice}>
                  {text}
                </option>
              ))}
            </select>
            <button type="submit" className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Filter
            </button>
          </SearchForm>
        </div>
        {page.data.length === 0 ? (
          q || status ? (
            <EmptyState icon={Users} title={q ? `No customer matches “${q}”` : `No ${status} customers`} action={<LinkButton href="/customers" variant="secondary">Clear filters</LinkButton>}>
              {q ? "Check the spelling, or search by the reference id from your own systems." : "Clear the status filter to see every customer."}
            </EmptyState>
          ) : (
            <EmptyState icon={Users} title="No customers yet" action={<LinkButton href="/customers/new"><Plus className="size-4" aria-hidden />Create your first customer</LinkButton>}>
              Create a customer for each business that sends you orders. You can then give it an order API, lookup tables and storefront access.
            </EmptyState>
          )
        ) : (
          <>
            <Table>
              <THead>
                <Th>Name</Th>
                <Th className="hidden sm:table-cell">Reference id</Th>
                <Th className="hidden md:table-cell">Storefronts</Th>
                <Th className="text-right">Created</Th>
              </THead>
              <TBody>
                {page.data.map((customer) => (
                  <tr key={customer.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/customers/${customer.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {customer.name}
                      </Link>
                      {customer.deactivatedAt ? (
                        <Badge tone="red" className="ml-2">
                          Deactivated
                        </Badge>
                      ) : null}
                      <div className="font-mono text-xs break-all text-slate-400">{customer.id}</div>
                      {customer.referenceId ? <div className="mt-0.5 font-mono text-xs text-slate-600 sm:hidden">{customer.referenceId}</div> : null}
                    </Td>
                    <Td className="hidden sm:table-cell">{customer.referenceId ? <span className="font-mono text-xs">{customer.referenceId}</span> : <span className="text-slate-400">—</span>}</Td>
                    <Td className="hidden md:table-cell">{customer.storefront.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Off</Badge>}</Td>
                    <Td className="text-right whitespace-nowrap text-slate-500">
                      <Time value={customer.createdAt} withTime={false} />
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <Pagination offset={offset} limit={pageSize} total={total} hrefFor={(next) => withParams("/customers", { q, status }, { offset: next })} />
          </>
        )}
      </Card>
    </>
  );
}
