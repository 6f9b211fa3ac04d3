import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomerUser } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Alert } from "@/components/ui/form";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { StoreDetail } from "@/components/stores/store-detail";
import { StoreActions } from "@/components/stores/store-actions";
import { platformNames } from "@/components/stores/store-list";
import { portalPages } from "../../loaders";
import { disconnectStoreAction, setApprovalModeAction, syncStoreAction } from "../../actions";

export const metadata: Metadata = { title: "Store" };

export default async function StorePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireCustomerUser();
  const { store, orders, partner, canManage } = await pageOrNotFound(portalPages["/portal/stores/[id]"](ctx, await paramsOrNotFound(params)));
  const query = await searchParams;
  return (
    <>
      <PageHeader
        back={{ href: "/portal/stores", label: "Stores" }}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {store.name}
            <Badge tone="indigo">{platformNames[store.platform]}</Badge>
          </span>
        }
        description={<span className="font-mono text-xs break-all">{store.shopDomain ?? store.siteUrl ?? store.shopId}</span>}
      />
      <div className="space-y-6">
        {query.connected ? (
          <Alert tone="success">
            <span className="font-medium">{store.name} is connected.</span> Paid orders placed in the shop from now on reach {partner} by themselves. Link each shop product to a{" "}
            {partner} product the first time one of its orders arrives (the order shows how).
          </Alert>
        ) : null}
        {store.status === "expired" || store.status === "revoked" ? (
          <Alert tone="error">{store.statusReason ?? "The shop no longer lets us in."} Connect the shop again from Stores to receive its orders.</Alert>
        ) : null}
        {canManage && store.status !== "disconnected" ? (
          <StoreActions
            storeId={store.id}
            storeName={store.name}
            approvalMode={store.approvalMode}
            connected={store.status === "connected"}
            actions={{ setApprovalMode: setApprovalModeAction, sync: syncStoreAction, disconnect: disconnectStoreAction }}
          />
        ) : null}
        <p>
          <Link href={`/portal/stores/${store.id}/products`} className="text-sm font-medium text-brand-700 hover:underline">
            Products: sync, link and publish →
          </Link>
        </p>
        <StoreDetail store={store} orders={orders} orderHref={(orderId) => `/portal/orders/${orderId}`} />
      </div>
    </>
  );
}
