import Link from "next/link";
import type { OrderSummaryView } from "@/lib/services/orders";
import type { StoreView } from "@/lib/services/stores";
import { Card, CardHeader, DetailList } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Time } from "@/components/ui/time";
import { StatusBadge } from "@/components/console/status-badge";
import { HealthBadge, StoreStatusBadge, platformNames } from "./store-list";

const webhookStates: Record<StoreView["health"]["webhooks"], string> = {
  ok: "Subscribed",
  missing: "Missing: restored at the next sync",
  disabled: "Disabled by the shop: restored at the next sync",
  not_managed: "Managed by the shop owner",
};

/** A store's health in detail, and its recent orders. */
export function StoreDetail({ store, orders, orderHref }: { store: StoreView; orders: OrderSummaryView[]; orderHref: (orderId: string) => string }) {
  const health = store.health;
  return (
    <div className="grid items-start gap-6 xl:grid-cols-3">
      <Card className="xl:order-2">
        <CardHeader title="Health" />
        <DetailList
          items={[
            ...(store.status === "disconnected" ? [] : [{ label: "State", value: <HealthBadge store={store} /> }]),
            { label: "Connection", value: <StoreStatusBadge store={store} /> },
            ...(store.statusReason ? [{ label: "Why", value: store.statusReason }] : []),
            { label: "Platform", value: platformNames[store.platform] },
            { label: "Shop", value: <span className="font-mono text-xs break-all">{store.shopDomain ?? store.siteUrl ?? store.shopId}</span> },
            { label: "Webhooks", value: webhookStates[health.webhooks] },
            {
              label: "Webhook URL",
              value: (
                <span className="inline-flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs break-all">{store.webhookUrl}</span>
                  <CopyButton value={store.webhookUrl} label="Copy webhook URL" />
                </span>
              ),
            },
            { label: "Last webhook", value: health.lastWebhookAt ? <Time value={health.lastWebhookAt} /> : "None yet" },
            { label: "Last sync", value: health.lastSyncAt ? <Time value={health.lastSyncAt} /> : "Not yet" },
            ...(health.lastSyncError ? [{ label: "Last sync error", value: <span className="text-red-700">{health.lastSyncError}</span> }] : []),
            { label: "Orders waiting", value: health.ordersWaiting ? <Badge tone="yellow">{health.ordersWaiting}</Badge> : "None" },
            { label: "Unlinked variants", value: String(health.unlinkedVariants) },
            { label: "Failing jobs", value: health.failingJobs ? <Badge tone="red">{health.failingJobs}</Badge> : "None" },
            ...(health.callBudget
              ? [{ label: "Etsy calls today", value: `${health.callBudget.usedToday.toLocaleString("en")} of ${health.callBudget.limitPerDay.toLocaleString("en")} (all Etsy shops of this server)` }]
              : []),
            { label: "Approval", value: store.approvalMode === "manual" ? "You approve each order before production" : "Orders go to production by themselves" },
            { label: "Connected", value: <Time value={store.connectedAt} /> },
          ]}
        />
      </Card>
      <Card className="xl:order-1 xl:col-span-2">
        <CardHeader title="Recent orders" description="The latest orders from this store, newest first." />
        {orders.length ? (
          <ul className="divide-y divide-slate-100" aria-label="Recent orders">
            {orders.map((order) => (
              <li key={order.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                <div className="min-w-0">
                  <Link href={orderHref(order.id)} className="text-sm font-medium text-brand-700 hover:text-brand-800">
                    {order.customerReferenceId ?? order.externalId}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {order.recipientName ?? "No recipient"} · <Time value={order.createdAt} />
                  </p>
                </div>
                <StatusBadge status={order.status} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-5 py-6 text-sm text-slate-500">
            No orders yet. Paid orders placed in the shop from now on appear here within seconds; orders placed before connecting are not taken.
          </p>
        )}
      </Card>
    </div>
  );
}
