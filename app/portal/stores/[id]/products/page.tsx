import type { Metadata } from "next";
import Link from "next/link";
import { Package } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { RowAction } from "@/components/storefront/row-action";
import { SyncProgressBar } from "@/components/stores/sync-progress";
import { VariantTable, variantFilterLabels } from "@/components/stores/variant-table";
import { portalPages } from "../../../loaders";
import { ignoreVariantAction, importLinksAction, linkVariantAction, publishProductAction, syncProductsAction } from "../../../actions";
import { LinksCsvPanel, PublishForm } from "@/components/stores/products-tools";

export const metadata: Metadata = { title: "Store products" };

export default async function StoreProductsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireCustomerUser();
  const query = await searchParams;
  const { id } = await paramsOrNotFound(params);
  const { store, variants, sync, products, q, state, offset, limit, canManage } = await pageOrNotFound(portalPages["/portal/stores/[id]/products"](ctx, { ...query, id }));
  const base = `/portal/stores/${store.id}/products`;
  const current = { q, state };
  return (
    <>
      <PageHeader
        back={{ href: `/portal/stores/${store.id}`, label: store.name }}
        title="Products"
        description="Every variant of the shop, and which product and design files each one stands for. Orders for linked variants go straight to production."
      />
      <div className="space-y-4">
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
            <div className="min-w-64 flex-1">
              <SyncProgressBar sync={sync} />
            </div>
            {canManage && store.status === "connected" ? <RowAction action={syncProductsAction} fields={{ storeId: store.id }} label="Sync products" pendingText="Starting…" /> : null}
          </div>
        </Card>
        {canManage && store.status === "connected" ? (
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <div className="space-y-3 px-5 py-4">
                <h2 className="text-sm font-semibold text-slate-900">Link in bulk</h2>
                <LinksCsvPanel storeId={store.id} exportHref={`${base}/links.csv`} action={importLinksAction} />
              </div>
            </Card>
            <Card>
              <details className="px-5 py-4">
                <summary className="cursor-pointer text-sm font-semibold text-slate-900">Publish a catalog product to the shop</summary>
                <div className="mt-3">
                  <PublishForm storeId={store.id} products={products} action={publishProductAction} />
                </div>
              </details>
            </Card>
          </div>
        ) : null}
        <Card>
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-3">
            <SearchForm action={base} defaultValue={q} placeholder="Search by title, SKU or id">
              {state ? <input type="hidden" name="state" value={state} /> : null}
            </SearchForm>
            <nav className="flex flex-wrap gap-1 text-sm" aria-label="Filter variants">
              {[undefined, ...Object.keys(variantFilterLabels)].map((filter) => (
                <Link
                  key={filter ?? "all"}
                  href={withParams(base, current, { state: filter, offset: undefined })}
                  aria-current={filter === state ? "page" : undefined}
                  className={filter === state ? "rounded-md bg-slate-900 px-2.5 py-1 text-white" : "rounded-md px-2.5 py-1 text-slate-600 hover:bg-slate-100"}
                >
                  {filter ? variantFilterLabels[filter as keyof typeof variantFilterLabels] : "All"}
                </Link>
              ))}
            </nav>
          </div>
          {variants.data.length === 0 ? (
            <EmptyState icon={Package} title={q || state ? "No variant matches" : "No products synced yet"}>
              {q || state ? "Try another search or filter." : "Sync the shop's products to link them here."}
            </EmptyState>
          ) : (
            <>
              <VariantTable
                storeId={store.id}
                variants={variants.data}
                products={products}
                canManage={canManage && store.status !== "disconnected"}
                actions={{ link: linkVariantAction, ignore: ignoreVariantAction }}
              />
              <Pagination offset={offset} limit={limit} total={variants.total ?? 0} hrefFor={(next) => withParams(base, current, { offset: next })} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
