import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Link2, Eye } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { listCustomerProducts } from "@/lib/services/catalog-access";
import { getProductSync, getStore, listStoreVariants } from "@/lib/services/stores";
import { variantLinkStates } from "@/db/schema/enums";
import { Alert } from "@/components/ui/form";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { StoreProductsView } from "@/components/stores/products-view";
import { platformNames } from "@/components/stores/store-list";
import { ignoreOnBehalfAction, linkOnBehalfAction, syncProductsAction } from "../../actions";

export const metadata: Metadata = { title: "Store products" };

const pageSize = 50;

// A customer's store products for staff: read-only, unless staff switch to linking on the customer's behalf.
export default async function ConsoleStoreProductsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; storeId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaff();
  const { id, storeId } = await paramsOrNotFound(params);
  const store = await pageOrNotFound(getStore({ ctx, storeId }));
  if (store.customerId !== id) notFound();
  const query = await searchParams;
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : undefined);
  const q = text("q")?.trim().slice(0, 200) || undefined;
  const state = variantLinkStates.find((candidate) => candidate === text("state"));
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(text("offset") ?? "0", 10) || 0));
  const onBehalf = text("mode") === "link";
  const [variants, sync, catalog] = await Promise.all([
    listStoreVariants({ ctx, storeId: store.id, input: { q, state, offset, limit: pageSize } }),
    getProductSync({ ctx, storeId: store.id }),
    onBehalf ? listCustomerProducts({ ctx, customerId: id, input: { limit: 100, offset: 0 } }) : Promise.resolve({ data: [] }),
  ]);
  const base = `/customers/${id}/stores/${store.id}/products`;
  const modeParams = { mode: onBehalf ? "link" : undefined };
  const switchHref = (mode: string | undefined) => {
    const next = new URLSearchParams(Object.entries({ q, state, mode }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return next.size ? `${base}?${next}` : base;
  };
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title={
            <span className="flex flex-wrap items-center gap-2">
              <Link href={`/customers/${id}/stores`} className="text-slate-500 hover:text-slate-700">
                Stores
              </Link>
              <span className="text-slate-300">/</span>
              <Link href={`/customers/${id}/stores/${store.id}`} className="text-slate-500 hover:text-slate-700">
                {store.name}
              </Link>
              <span className="text-slate-300">/</span>
              Products
              <Badge tone="indigo">{platformNames[store.platform]}</Badge>
            </span>
          }
          description="The shop's variants and what each one is printed as. The customer manages these links in their portal."
          actions={
            onBehalf ? (
              <LinkButton href={switchHref(undefined)} variant="secondary" size="sm">
                <Eye className="size-4" aria-hidden />
                Back to read-only
              </LinkButton>
            ) : store.status !== "disconnected" ? (
              <LinkButton href={switchHref("link")} variant="secondary" size="sm">
                <Link2 className="size-4" aria-hidden />
                Link on behalf
              </LinkButton>
            ) : undefined
          }
        />
      </Card>
      <StoreProductsView
        data={{ store, variants, sync, products: catalog.data, q, state, offset, limit: pageSize }}
        base={base}
        extraParams={modeParams}
        actions={
          onBehalf
            ? { sync: syncProductsAction.bind(null, id), link: linkOnBehalfAction.bind(null, id), ignore: ignoreOnBehalfAction.bind(null, id) }
            : { sync: syncProductsAction.bind(null, id) }
        }
        csv={{ exportHref: `${base}/links.csv`, ...(onBehalf ? { uploadUrl: `${base}/links.csv` } : {}) }}
        notice={
          onBehalf ? (
            <Alert tone="info">
              You are linking on the customer&apos;s behalf: links, ignores and CSV uploads made here are recorded in their history as made by you for them. Only products open to this
              customer can be chosen.
            </Alert>
          ) : null
        }
      />
    </div>
  );
}
