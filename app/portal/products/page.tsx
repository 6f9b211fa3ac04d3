import type { Metadata } from "next";
import Link from "next/link";
import { ChevronRight, Package } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { portalPages, productsPageSize } from "../loaders";
import { OptionList } from "./option-list";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ searchParams }: { searchParams: Promise<{ q?: string; offset?: string }> }) {
  const ctx = await requireCustomerUser();
  const { page, q, offset, partner } = await portalPages["/portal/products"](ctx, await searchParams);
  return (
    <>
      <PageHeader
        title="Products"
        description={`What ${partner} can print for you. Link each of your shop products to one of these, with its design files; orders for linked products go straight to production.`}
      />
      <Card>
        <div className="border-b border-slate-100 px-5 py-3">
          <SearchForm action="/portal/products" defaultValue={q} placeholder="Search by name or product id" />
        </div>
        {page.data.length === 0 ? (
          q ? (
            <EmptyState icon={Package} title={`No product matches “${q}”`} action={<LinkButton href="/portal/products" variant="secondary">Clear search</LinkButton>}>
              Try part of the name, or the product id.
            </EmptyState>
          ) : (
            <EmptyState icon={Package} title="No products available yet">
              {partner} has not made any of its products available to your storefronts yet. Ask your contact at {partner} which products you can sell.
            </EmptyState>
          )
        ) : (
          <>
            <ul className="grid gap-4 p-5 sm:grid-cols-2 xl:grid-cols-3">
              {page.data.map((product) => (
                <li key={product.id}>
                  <Link
                    href={`/portal/products/${product.id}`}
                    className="group flex h-full flex-col rounded-lg p-4 ring-1 ring-slate-200 transition hover:ring-brand-300 hover:shadow-sm"
                  >
                    <div className="flex items-start justify-between gap-2">
                      <div className="min-w-0">
                        <h3 className="truncate text-sm font-semibold text-slate-900 group-hover:text-brand-700">{product.title}</h3>
                        <p className="truncate font-mono text-xs text-slate-400">{product.productUid}</p>
                      </div>
                      <ChevronRight className="mt-0.5 size-4 shrink-0 text-slate-300 group-hover:text-brand-500" aria-hidden />
                    </div>
                    {product.description ? <p className="mt-2 line-clamp-2 text-sm text-slate-600">{product.description}</p> : null}
                    <div className="mt-3 flex-1">
                      <OptionList options={product.options} compact />
                    </div>
                    <div className="mt-3 flex flex-wrap items-center gap-1.5 border-t border-slate-100 pt-3">
                      <span className="text-xs text-slate-500">Print areas</span>
                      {product.fileTypes.map((fileType) => (
                        <Badge key={fileType} tone="indigo">
                          {fileType}
                        </Badge>
                      ))}
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
            <Pagination offset={offset} limit={productsPageSize} total={page.total ?? 0} hrefFor={(next) => withParams("/portal/products", { q }, { offset: next })} />
          </>
        )}
      </Card>
    </>
  );
}
