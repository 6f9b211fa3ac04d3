import type { Metadata } from "next";
import Link from "next/link";
import { Filter, SearchX, ShoppingCart } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { listOrders } from "@/lib/services/orders";
import { getStore } from "@/lib/services/stores";
import { getCustomer, listCustomers } from "@/lib/services/customers";
import { orderChannels, orderStatuses, type OrderChannel, type OrderStatus } from "@/db/schema/enums";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, LinkButton } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Pagination, withParams } from "@/components/ui/pagination";
import { Time } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { ChannelBadge, OrderStatusBadge, orderChannelInfo, orderStatusInfo } from "@/components/console/order-badges";
import { CollapsibleFilters } from "./collapsible-filters";

export const metadata: Metadata = { title: "Orders" };

const pageSize = 25;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

type Search = { q?: string; customerId?: string; channel?: string; status?: string; from?: string; to?: string; offset?: string };

function FilterField({ label, htmlFor, className, children }: { label: string; htmlFor: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A filter's drop-down: "All …" first, then the choices as [value, label]. */
function FilterSelect({ name, label, value, allLabel, choices }: { name: string; label: string; value: string | undefined; allLabel: string; choices: ReadonlyArray<readonly [string, string]> }) {
  return (
    <FilterField label={label} htmlFor={name} className="col-span-2 sm:col-span-1">
      <select id={name} name={name} defaultValue={value ?? ""} className={cn(inputClass, "pr-8")}>
        <option value="">{allLabel}</option>
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requireStaff();
  const params = await searchParams;
  const filters = {
    q: params.q?.trim() || undefined,
    customerId: params.customerId?.trim() || undefined,
    channel: (orderChannels as readonly string[]).includes(params.channel ?? "") ? (params.channel as OrderChannel) : undefined,
    status: (orderStatuses as readonly string[]).includes(params.status ?? "") ? (params.status as OrderStatus) : undefined,
    from: datePattern.test(params.from ?? "") ? params.from : undefined,
    to: datePattern.test(params.to ?? "") ? params.to : undefined,
  };
  const offset = Math.max(0, Number.parseInt(params.offset ?? "0", 10) || 0);
  const filtered = Object.values(filters).some(Boolean);
  // The search box stays in view on phones; the rest fold away and are counted on the toggle.
  const activeFilters = [filters.customerId, filters.channel, filters.status, filters.from, filters.to].filter(Boolean).length;
  const onlyCustomer = filters.customerId && Object.entries(filters).every(([key, value]) => key === "customerId" || !value) ? filters.customerId : undefined;
  const arrival = "Orders arrive when a customer’s system sends them to its order API — Gelato- or Site Flow–compatible — or when one of its connected shops takes an order.";

  const [page, customers] = await Promise.all([
    listOrders({
      ctx,
      input: {
        ...filters,
        from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
        to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
        limit: pageSize,
        offset,
      },
    }),
    listCustomers({ ctx, input: { limit: 200, offset: 0 } }),
  ]);
  const names = new Map(customers.data.map((customer) => [customer.id, customer.name]));
  const storeIds = [...new Set(page.data.flatMap((order) => (order.storeId ? [order.storeId] : [])))];
  const storeNames = new Map((await Promise.all(storeIds.map((storeId) => getStore({ ctx, storeId }).catch(() => undefined)))).flatMap((store) => (store ? [[store.id, store.name] as const] : [])));
  const orderLabel = (order: (typeof page.data)[number]) => (order.storeId ? (order.customerReferenceId ?? order.externalId) : order.externalId);
  const missing = [...new Set([...page.data.map((order) => order.customerId), ...(filters.customerId ? [filters.customerId] : [])])].filter((id) => !names.has(id));
  for (const customer of await Promise.all(missing.map((id) => getCustomer({ ctx, customerId: id }).catch(() => undefined)))) {
    if (customer) names.set(customer.id, customer.name);
  }
  const customerOptions = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const current = { ...filters } as Record<string, string | undefined>;

  return (
    <>
      <PageHeader title="Orders" description="Every order from every channel: the Gelato and Site Flow order APIs and connected shops." />
      <Card>
        <form action="/orders" method="get" role="search" aria-label="Filter orders" className="grid grid-cols-2 gap-3 border-b border-slate-100 px-5 py-4 lg:grid-cols-4">
          <FilterField label="Search" htmlFor="q" className="col-span-2">
            <input id="q" type="search" name="q" defaultValue={filters.q} placeholder="Order id, Gelato id, customer's reference or recipient" className={inputClass} />
          </FilterField>
          <CollapsibleFilters
            active={activeFilters}
            actions={
              <>
                {filtered ? (
                  <LinkButton href="/orders" variant="ghost">
                    Clear
                  </LinkButton>
                ) : null}
                <Button type="submit">
                  <Filter className="size-4" aria-hidden />
                  <span className="sm:hidden">Apply</span>
                  <span className="max-sm:hidden">Apply filters</span>
                </Button>
              </>
            }
          >
            <FilterSelect name="customerId" label="Customer" value={filters.customerId} allLabel="All customers" choices={customerOptions} />
            <FilterSelect name="channel" label="Channel" value={filters.channel} allLabel="All channels" choices={orderChannels.map((channel) => [channel, orderChannelInfo[channel].label] as const)} />
            <FilterSelect name="status" label="Status" value={filters.status} allLabel="All statuses" choices={orderStatuses.map((status) => [status, orderStatusInfo[status].label] as const)} />
            <FilterField label="Received from" htmlFor="from">
              <input id="from" type="date" name="from" defaultValue={filters.from} className={inputClass} />
            </FilterField>
            <FilterField label="Received to" htmlFor="to">
              <input id="to" type="date" name="to" defaultValue={filters.to} className={inputClass} />
            </FilterField>
          </CollapsibleFilters>
        </form>
        {page.data.length === 0 ? (
          onlyCustomer ? (
            <EmptyState
              icon={ShoppingCart}
              title={`No orders from ${names.get(onlyCustomer) ?? onlyCustomer} yet`}
              action={<LinkButton href={`/customers/${onlyCustomer}`} variant="secondary">Open the customer</LinkButton>}
            >
              {arrival} Its Lookups tab previews how an order would be read before the first one arrives.
            </EmptyState>
          ) : filtered ? (
            <EmptyState icon={SearchX} title="No orders match these filters" action={<LinkButton href="/orders" variant="secondary">Clear filters</LinkButton>}>
              Search matches our order id (ord_…), the Gelato order id (a UUID), the customer&apos;s own order id (orderReferenceId, Site Flow sourceOrderId, shop order number) and the recipient&apos;s name. Dates are days in UTC.
            </EmptyState>
          ) : (
            <EmptyState icon={ShoppingCart} title="No orders yet" action={<LinkButton href="/customers">Go to customers</LinkButton>}>
              {arrival} Open a customer to give it an order API, and use its Lookups tab to preview how an order would be read.
            </EmptyState>
          )
        ) : (
          <>
            <Table className="hidden sm:block">
              <THead>
                <Th>Order</Th>
                <Th>Customer</Th>
                <Th>Recipient</Th>
                <Th>Channel</Th>
                <Th>Status</Th>
                <Th className="text-right">Received</Th>
              </THead>
              <TBody>
                {page.data.map((order) => (
                  <tr key={order.id} className="hover:bg-slate-50">
                    <Td>
                      <Link href={`/orders/${order.id}`} className="font-medium text-slate-900 hover:text-brand-700">
                        {orderLabel(order)}
                      </Link>
                      <div className="font-mono text-xs text-slate-400">{order.id}</div>
                      {order.channel === "gelato_api" ? (
                        <div className="font-mono text-xs text-slate-400" title="Gelato order id">
                          {order.uid}
                        </div>
                      ) : null}
                    </Td>
                    <Td>
                      <Link href={`/customers/${order.customerId}`} className="whitespace-nowrap hover:text-brand-700">
                        {names.get(order.customerId) ?? order.customerId}
                      </Link>
                    </Td>
                    <Td className="whitespace-nowrap">{order.recipientName || <span className="text-slate-400">—</span>}</Td>
                    <Td>
                      <ChannelBadge channel={order.channel} />
                      {order.storeId && storeNames.get(order.storeId) ? <div className="mt-0.5 text-xs whitespace-nowrap text-slate-500">{storeNames.get(order.storeId)}</div> : null}
                    </Td>
                    <Td>
                      <span className="inline-flex items-center gap-1.5">
                        <OrderStatusBadge status={order.status} />
                        {order.priority === "rush" ? <span className="text-xs font-medium text-red-600">Rush</span> : null}
                      </span>
                    </Td>
                    <Td className="text-right text-slate-500">
                      <Time value={order.createdAt} withTime={false} />
                      <div className="text-xs text-slate-400">{order.createdAt.slice(11, 16)} UTC</div>
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <ul className="divide-y divide-slate-100 sm:hidden" aria-label="Orders">
              {page.data.map((order) => (
                <li key={order.id}>
                  <Link href={`/orders/${order.id}`} className="block px-5 py-3 hover:bg-slate-50">
                    <span className="flex items-center justify-between gap-2">
                      <span className="truncate font-medium text-slate-900">{orderLabel(order)}</span>
                      <OrderStatusBadge status={order.status} />
                    </span>
                    <span className="mt-0.5 block truncate text-sm text-slate-600">
                      {order.recipientName || "No recipient"} · {names.get(order.customerId) ?? order.customerId}
                      {order.storeId && storeNames.get(order.storeId) ? ` · ${storeNames.get(order.storeId)}` : ""}
                    </span>
                    <span className="mt-1.5 flex items-center justify-between gap-2 text-xs text-slate-500">
                      <ChannelBadge channel={order.channel} />
                      <Time value={order.createdAt} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            <Pagination offset={offset} limit={pageSize} total={page.total ?? 0} hrefFor={(next) => withParams("/orders", current, { offset: next })} />
          </>
        )}
      </Card>
    </>
  );
}
