import type { Metadata } from "next";
import { Store } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { countStoresByState, listStoreOverview } from "@/lib/services/stores";
import { listCustomers } from "@/lib/services/customers";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { StoreOverviewTable } from "@/components/stores/store-overview-table";

export const metadata: Metadata = { title: "Stores" };

const pageSize = 25;
const states = [
  ["error", "Not working"],
  ["warning", "Needs a look"],
  ["ok", "Healthy"],
] as const;
const platformChoices = [
  ["shopify", "Shopify"],
  ["woocommerce", "WooCommerce"],
  ["etsy", "Etsy"],
] as const;

type Search = { q?: string; state?: string; platform?: string; customerId?: string; offset?: string };

function Select({ name, label, value, allLabel, choices }: { name: string; label: string; value: string | undefined; allLabel: string; choices: ReadonlyArray<readonly [string, string]> }) {
  return (
    <select name={name} aria-label={label} defaultValue={value ?? ""} className={cn(inputClass, "w-auto pr-8")}>
      <option value="">{allLabel}</option>
      {choices.map(([choice, text]) => (
        <option key={choice} value={choice}>
          {text}
        </option>
      ))}
    </select>
  );
}

export default async function StoresPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requireStaff();
  const params = await searchParams;
  const filters = {
    q: params.q?.trim() || undefined,
    state: states.find(([state]) => state === params.state)?.[0],
    platform: platformChoices.find(([platform]) => platform === params.platform)?.[0],
    customerId: params.customerId?.trim() || undefined,
  };
  const offset = Math.max(0, Number.parseInt(params.offset ?? "0", 10) || 0);
  const [page, counts, customers] = await Promise.all([
    listStoreOverview({ ctx, input: { ...filters, limit: pageSize, offset } }),
    countStoresByState({ ctx }),
    listCustomers({ ctx, input: { limit: 200, offset: 0 } }),
  ]);
  const filtered = Boolean(filters.q || filters.state || filters.platform || filters.customerId);
  const summary = `${counts.error} not working · ${counts.warning} need a look · ${counts.ok} healthy`;
  return (
    <>
      <PageHeader title="Stores" description={`Every connected shop of every customer, the ones that need you first. ${summary}.`} />
      <Card>
        <div className="border-b border-slate-100 px-5 py-3">
          <SearchForm action="/stores" defaultValue={filters.q} placeholder="Search by store, shop address or customer">
            <Select name="state" label="Health" value={filters.state} allLabel="Any health" choices={states} />
            <Select name="platform" label="Platform" value={filters.platform} allLabel="Every platform" choices={platformChoices} />
            <Select name="customerId" label="Customer" value={filters.customerId} allLabel="Every customer" choices={customers.data.map((customer) => [customer.id, customer.name] as const)} />
            <button type="submit" className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Filter
            </button>
          </SearchForm>
        </div>
        {page.data.length === 0 ? (
          filtered ? (
            <EmptyState icon={Store} title="No store matches these filters" action={<LinkButton href="/stores" variant="secondary">Clear filters</LinkButton>}>
              Try another health state or platform, or search by the shop&apos;s address.
            </EmptyState>
          ) : (
            <EmptyState icon={Store} title="No connected stores yet" action={<LinkButton href="/customers">Open a customer</LinkButton>}>
              Connect a Shopify, WooCommerce or Etsy shop under a customer&apos;s Stores tab, or let the customer connect it in their portal. Its health shows here.
            </EmptyState>
          )
        ) : (
          <>
            <StoreOverviewTable stores={page.data} storeHref={(store) => `/customers/${store.customerId}/stores/${store.id}`} customerHref={(store) => `/customers/${store.customerId}/stores`} />
            <Pagination offset={offset} limit={pageSize} total={page.total} hrefFor={(next) => withParams("/stores", { q: filters.q, state: filters.state, platform: filters.platform, customerId: filters.customerId }, { offset: next })} />
          </>
        )}
      </Card>
    </>
  );
}
