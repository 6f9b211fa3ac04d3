import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/guards";
import { getStore, listOrdersAwaitingApproval, listStoreEvents, listWebhookEvents } from "@/lib/services/stores";
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
import { AwaitingApproval, StoreLog, StoreTools, WebhookLog } from "@/components/stores/store-activity";
import { Pagination, withParams } from "@/components/ui/pagination";
import {
  approveAllAction,
  approveStoreOrderAction,
  disconnectStoreAction,
  replayWebhookAction,
  restoreWebhooksAction,
  setApprovalModeAction,
  syncProductsAction,
  syncStoreAction,
  webhookBodyAction,
} from "../actions";

const logPageSize = 15;

export const metadata: Metadata = { title: "Store" };

export default async function ConsoleStorePage({ params, searchParams }: { params: Promise<{ id: string; storeId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff();
  const { id, storeId } = await paramsOrNotFound(params);
  const store = await pageOrNotFound(getStore({ ctx, storeId }));
  if (store.customerId !== id) notFound();
  const query = await searchParams;
  const deliveriesBefore = typeof query.before === "string" ? query.before : undefined;
  const logOffset = Math.max(0, Number.parseInt(typeof query.log === "string" ? query.log : "0", 10) || 0);
  const [orders, awaiting, deliveries, log] = await Promise.all([
    listOrders({ ctx, input: { storeId: [store.id], limit: 10, offset: 0 } }),
    listOrdersAwaitingApproval({ ctx, storeId: store.id }),
    listWebhookEvents({ ctx, input: { storeId: store.id, limit: 15, cursor: deliveriesBefore } }),
    listStoreEvents({ ctx, storeId: store.id, limit: logPageSize, offset: logOffset }),
  ]);
  const storePath = `/customers/${id}/stores/${store.id}`;
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
          actions={{ setApprovalMode: setApprovalModeAction.bind(null, id), disconnect: disconnectStoreAction.bind(null, id) }}
        />
      ) : null}
      <StoreTools
        store={store}
        actions={{ sync: syncStoreAction.bind(null, id), syncProducts: syncProductsAction.bind(null, id), restoreWebhooks: restoreWebhooksAction.bind(null, id) }}
      />
      <AwaitingApproval
        storeId={store.id}
        orders={awaiting.data}
        total={awaiting.total}
        orderHref={(orderId) => `/orders/${orderId}`}
        actions={{ approve: approveStoreOrderAction.bind(null, id), approveAll: approveAllAction.bind(null, id) }}
      />
      <StoreDetail store={store} orders={orders.data} orderHref={(orderId) => `/orders/${orderId}`} />
      <div className="grid items-start gap-6 xl:grid-cols-2">
        <WebhookLog
          events={deliveries.data}
          olderHref={deliveries.nextCursor ? withParams(storePath, { log: logOffset ? String(logOffset) : undefined }, { before: deliveries.nextCursor }) : null}
          orderHref={(orderId) => `/orders/${orderId}`}
          loadBody={webhookBodyAction}
          replay={replayWebhookAction.bind(null, id)}
        />
        <StoreLog
          events={log.data}
          pagination={<Pagination offset={logOffset} limit={logPageSize} total={log.total} hrefFor={(next) => withParams(storePath, { before: deliveriesBefore }, { log: next })} />}
        />
      </div>
    </div>
  );
}
