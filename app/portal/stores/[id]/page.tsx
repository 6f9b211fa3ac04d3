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
import { AwaitingApproval, StoreLog, StoreTools, WebhookLog } from "@/components/stores/store-activity";
import { Pagination, withParams } from "@/components/ui/pagination";
import { portalPages, storeLogPageSize } from "../../loaders";
import {
  approveAllAction,
  approveOrderAction,
  disconnectStoreAction,
  replayWebhookAction,
  restoreWebhooksAction,
  setApprovalModeAction,
  syncProductsAction,
  syncStoreAction,
  webhookBodyAction,
} from "../../actions";

export const metadata: Metadata = { title: "Store" };

export default async function StorePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireCustomerUser();
  const query = await searchParams;
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const { store, orders, awaiting, deliveries, log, logOffset, before, partner, canManage } = await pageOrNotFound(
    portalPages["/portal/stores/[id]"](ctx, { ...(await paramsOrNotFound(params)), before: text(query.before), log: text(query.log) }),
  );
  const storePath = `/portal/stores/${store.id}`;
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
            actions={{ setApprovalMode: setApprovalModeAction, disconnect: disconnectStoreAction }}
          />
        ) : null}
        {canManage ? <StoreTools store={store} actions={{ sync: syncStoreAction, syncProducts: syncProductsAction, restoreWebhooks: restoreWebhooksAction }} /> : null}
        <p>
          <Link href={`/portal/stores/${store.id}/products`} className="text-sm font-medium text-brand-700 hover:underline">
            Products: sync, link and publish →
          </Link>
        </p>
        <AwaitingApproval
          storeId={store.id}
          orders={awaiting.data}
          total={awaiting.total}
          orderHref={(orderId) => `/portal/orders/${orderId}`}
          actions={canManage ? { approve: approveOrderAction, approveAll: approveAllAction } : undefined}
        />
        <StoreDetail store={store} orders={orders} orderHref={(orderId) => `/portal/orders/${orderId}`} />
        <div className="grid items-start gap-6 xl:grid-cols-2">
          <WebhookLog
            events={deliveries.data}
            olderHref={deliveries.nextCursor ? withParams(storePath, { log: logOffset ? String(logOffset) : undefined }, { before: deliveries.nextCursor }) : null}
            orderHref={(orderId) => `/portal/orders/${orderId}`}
            loadBody={webhookBodyAction}
            replay={canManage ? replayWebhookAction : undefined}
          />
          <StoreLog
            events={log.data}
            pagination={<Pagination offset={logOffset} limit={storeLogPageSize} total={log.total} hrefFor={(next) => withParams(storePath, { before }, { log: next })} />}
          />
        </div>
      </div>
    </>
  );
}
