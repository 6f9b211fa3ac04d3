import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { getStore } from "@/lib/services/stores";
import { listOrders } from "@/lib/services/orders";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import { Alert } from "@/components/ui/form";
import { Package } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { LinkButton } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { StoreDetail } from "@/components/stores/store-detail";
import { StoreActions } from "@/components/stores/store-actions";
import { platformNames } from "@/components/stores/store-list";
import { disconnectStoreAction, setApprovalModeAction, syncStoreAction } from "../actions";

export const metadata: Metadata = { title: "Store" };

export default async function ConsoleStorePage({ params, searchParams }: { params: Promise<{ id: string; storeId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff();
  const { id, storeId } = await paramsOrNotFound(params);
  const store = await pageOrNotFound(getStore({ ctx, storeId }));
  if (store.customerId !== id) notFound();
  const orders = await listOrders({ ctx, input: { storeId: [store.id], limit: 10, offset: 0 } });
  const query = await searchParams;
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
              {store.name}
              <Badge tone="indigo">{platformNames[store.platform]}</Badge>
            </span>
          }
          description={<span className="font-mono text-xs break-all">{store.shopDomain ?? store.siteUrl ?? store.shopId}</span>}
          actions={
            <LinkButton href={`/customers/${id}/stores/${store.id}/products`} variant="secondary" size="sm">
              <Package className="size-4" aria-hidden />
              Products
            </LinkButton>
          }
        />
      </Card>
      {query.connected ? <Alert tone="success">{`${store.name} is connected. Paid orders placed in the shop from now on arrive by themselves.`}</Alert> : null}
      {store.status !== "disconnected" ? (
        <StoreActions
          storeId={store.id}
          storeName={store.name}
          approvalMode={store.approvalMode}
          connected={store.status === "connected"}
          actions={{ setApprovalMode: setApprovalModeAction.bind(null, id), sync: syncStoreAction.bind(null, id), disconnect: disconnectStoreAction.bind(null, id) }}
        />
      ) : null}
      <StoreDetail store={store} orders={orders.data} orderHref={(orderId) => `/orders/${orderId}`} />
    </div>
  );
}
