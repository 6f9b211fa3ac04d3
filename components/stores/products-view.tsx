import Link from "next/link";
import { Package } from "lucide-react";
import type { ActionState } from "@/lib/actions";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination, withParams } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { RowAction } from "@/components/storefront/row-action";
import { SyncProgressBar, type SyncProgress } from "./sync-progress";
import { VariantTable, variantFilterLabels, type VariantRow } from "./variant-table";
import { LinksCsvUpload } from "./links-csv-upload";
import { PublishForm } from "./products-tools";
import type { LinkableProduct } from "./variant-fix";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export type StoreProductsData = {
  store: { id: string; status: "connected" | "revoked" | "expired" | "disconnected" };
  variants: { data: VariantRow[]; total?: number | null };
  sync: SyncProgress;
  products: LinkableProduct[];
  q?: string;
  state?: string;
  offset: number;
  limit: number;
};

/**
 * A store's Products (portal, and the console per customer): the sync's progress, the CSV round
 * trip, publishing, and the variants with search, filters and paging. Each tool shows only when
 * its action is given; `extraParams` keep the page's own query (the console's on-behalf mode) in its links.
 */
export function StoreProductsView({
  data,
  base,
  extraParams = {},
  actions,
  csv,
  notice,
}: {
  data: StoreProductsData;
  base: string;
  extraParams?: Record<string, string | undefined>;
  actions: { sync?: Action; link?: Action; ignore?: Action; publish?: Action };
  csv?: { exportHref: string; uploadUrl?: string };
  notice?: React.ReactNode;
}) {
  const { store, variants, sync, products, q, state, offset, limit } = data;
  const isConnected = store.status === "connected";
  const current = { ...extraParams, q, state };
  const canLink = Boolean(actions.link && actions.ignore) && store.status !== "disconnected";
  const hasUpload = Boolean(csv?.uploadUrl) && isConnected;
  const hasPublish = Boolean(actions.publish) && isConnected;
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
          <div className="min-w-64 flex-1">
            <SyncProgressBar sync={sync} />
          </div>
          {actions.sync && isConnected ? <RowAction action={actions.sync} fields={{ storeId: store.id }} label="Sync products" pendingText="Starting…" /> : null}
        </div>
      </Card>
      {notice}
      {hasUpload || hasPublish ? (
        <div className={hasUpload && hasPublish ? "grid gap-4 lg:grid-cols-2" : "grid gap-4"}>
          {hasUpload ? (
            <Card>
              <div className="space-y-3 px-5 py-4">
                <h2 className="text-sm font-semibold text-slate-900">Link in bulk</h2>
                <LinksCsvUpload uploadUrl={csv!.uploadUrl!} exportHref={csv!.exportHref} />
              </div>
            </Card>
          ) : null}
          {hasPublish ? (
            <Card>
              <details className="px-5 py-4">
                <summary className="cursor-pointer text-sm font-semibold text-slate-900">Publish a catalog product to the shop</summary>
                <div className="mt-3">
                  <PublishForm storeId={store.id} products={products} action={actions.publish!} />
                </div>
              </details>
            </Card>
          ) : null}
        </div>
      ) : null}
      <Card>
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-5 py-3">
          <SearchForm action={base} defaultValue={q} placeholder="Search by title, SKU or id">
            {Object.entries({ ...extraParams, state }).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
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
          {csv && !csv.uploadUrl ? (
            <a href={csv.exportHref} className="ml-auto text-sm font-medium text-brand-700 hover:underline" download>
              Download as CSV
            </a>
          ) : null}
        </div>
        {variants.data.length === 0 ? (
          <EmptyState icon={Package} title={q || state ? "No variant matches" : "No products synced yet"}>
            {q || state ? "Try another search or filter." : isConnected ? "Sync the shop's products to link them here." : "Reconnect the store, then sync its products to link them here."}
          </EmptyState>
        ) : (
          <>
            <VariantTable storeId={store.id} variants={variants.data} products={products} actions={canLink ? { link: actions.link!, ignore: actions.ignore! } : undefined} />
            <Pagination offset={offset} limit={limit} total={variants.total ?? 0} hrefFor={(next) => withParams(base, current, { offset: next })} />
          </>
        )}
      </Card>
    </div>
  );
}
