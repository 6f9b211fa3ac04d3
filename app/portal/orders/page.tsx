import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight, ShoppingCart } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { Time } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";
import { StatusBadge } from "@/components/console/status-badge";
import { ordersPageSize, portalPages } from "../loaders";
import { channelNames, orderViews, type OrderViewName } from "./views";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ q?: string; view?: string; offset?: string }> }) {
  const ctx = await requireCustomerUser();
  const { page, q, view, offset, storeNames } = await portalPages["/portal/orders"](ctx, await searchParams);
  const current = { q, view: view === "all" ? undefined : view };
  const filtered = Boolean(q) || view !== "all";
  return (
    <>
      <PageHeader title="Orders" description="Every order of your company, from your shops and your order API, with its status and tracking." />
      <Card>
        <div className="space-y-3 border-b border-slate-100 px-5 py-3">
          <nav aria-label="Order views" className="-mx-1 flex flex-wrap gap-1">
            {(Object.keys(orderViews) as OrderViewName[]).map((name) => (
              <Link
                key={name}
                href={withParams("/portal/orders", current, { view: name === "all" ? undefined : name, offset: undefined })}
                aria-current={view === name ? "page" : undefined}
                className={cn(
                  "rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap",
                  view === name ? "bg-brand-50 text-brand-700" : "text-slate-500 hover:bg-slate-50 hover:text-slate-800",
                )}
              >
                {orderViews[name].label}
              </Link>
            ))}
          </nav>
          <SearchForm action="/portal/orders" defaultValue={q} placeholder="Your order reference, Gelato order id, recipient or order id">
            {view !== "all" ? <input type="hidden" name="view" value={view} /> : null}
          </SearchForm>
        </div>
        {page.data.length === 0 ? (
          filtered ? (
            <EmptyState icon={ShoppingCart} title="No orders match" action={<LinkButton href="/portal/orders" variant="secondary">Show all orders</LinkButton>}>
              Nothing in this view{q ? ` matches “${q}”` : ""}. Search by the order number from your shop, your order reference, the Gelato order id, the recipient&apos;s name or the order id.
            </EmptyState>
          ) : (
            <EmptyState icon={ShoppingCart} title="No orders yet" action={<LinkButton href="/portal/stores" variant="secondary">About shops</LinkButton>}>
              Orders from your order API appear here the moment they arrive, and you can follow each one until it is delivered.
            </EmptyState>
          )
        ) : (
          <>
            <ul className="divide-y divide-slate-100">
              {page.data.map((order) => (
                <li key={order.id}>
                  <Link href={`/portal/orders/${order.id}`} className="group flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3.5 hover:bg-slate-50">
                    <div className="min-w-0 flex-1 basis-56">
                      <p className="truncate text-sm font-medium text-slate-900 group-hover:text-brand-700">{order.storeId ? (order.customerReferenceId ?? order.externalId) : order.externalId}</p>
                      <p className="truncate text-xs text-slate-500">
                        {channelNames[order.channel]}
                        {order.storeId && storeNames[order.storeId] ? ` · ${storeNames[order.storeId]}` : ""}
                        {order.recipientName ? ` · ${order.recipientName}` : ""}
                        <span className="ml-1.5 font-mono text-slate-400">{order.channel === "gelato_api" ? order.uid : order.id}</span>
                      </p>
                    </div>
                    <div className="flex items-center gap-3">
                      <StatusBadge status={order.status} />
                      <span className="w-28 text-right text-xs text-slate-500">
                        <Time value={order.createdAt} withTime={false} />
                      </span>
                      <ChevronRight className="size-4 text-slate-300 group-hover:text-brand-500" aria-hidden />
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
            <Pagination offset={offset} limit={ordersPageSize} total={page.total ?? 0} hrefFor={(next) => withParams("/portal/orders", current, { offset: next })} />
          </>
        )}
      </Card>
    </>
  );
}
