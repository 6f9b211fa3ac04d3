import type { Metadata } from "next";
import { requireCustomerUser } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { PageHeader } from "@/components/ui/page-header";
import { StoreProductsView } from "@/components/stores/products-view";
import { portalPages } from "../../../loaders";
import { ignoreVariantAction, linkVariantAction, publishProductAction, syncProductsAction } from "../../../actions";

export const metadata: Metadata = { title: "Store products" };

export default async function StoreProductsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireCustomerUser();
  const query = await searchParams;
  const { id } = await paramsOrNotFound(params);
  const { canManage, ...data } = await pageOrNotFound(portalPages["/portal/stores/[id]/products"](ctx, { ...query, id }));
  const base = `/portal/stores/${data.store.id}/products`;
  return (
    <>
      <PageHeader
        back={{ href: `/portal/stores/${data.store.id}`, label: data.store.name }}
        title="Products"
        description="Every variant of the shop, and which product and design files each one stands for. Orders for linked variants go straight to production."
      />
      <StoreProductsView
        data={data}
        base={base}
        actions={canManage ? { sync: syncProductsAction, link: linkVariantAction, ignore: ignoreVariantAction, publish: publishProductAction } : {}}
        csv={{ exportHref: `${base}/links.csv`, ...(canManage ? { uploadUrl: `${base}/links.csv` } : {}) }}
      />
    </>
  );
}
