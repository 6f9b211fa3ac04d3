import Link from "next/link";
import type { ActionState } from "@/lib/actions";
import type { AwaitingApprovalView, StoreEventView, StoreView, WebhookEventView } from "@/lib/services/stores";
import { Card, CardHeader } from "@/components/ui/card";
import { Badge, type Tone } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { RowAction } from "@/components/storefront/row-action";
import { WebhookBody, type LoadWebhookBody } from "./webhook-body";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

const deliveryTones: Record<WebhookEventView["status"], { label: string; tone: Tone }> = {
  received: { label: "Queued", tone: "blue" },
  processed: { label: "Processed", tone: "green" },
  ignored: { label: "Ignored", tone: "gray" },
  failed: { label: "Failed", tone: "red" },
  duplicate: { label: "Duplicate", tone: "gray" },
};

/** "Sync now", "Sync products", "Restore webhooks": what fixes most stores, one click each. */
export function StoreTools({ store, actions }: { store: StoreView; actions: { sync: Action; syncProducts: Action; restoreWebhooks: Action } }) {
  if (store.status !== "connected") return null;
  return (
    <div className="flex flex-wrap items-start gap-2" aria-label="Store tools">
      <RowAction action={actions.sync} fields={{ storeId: store.id }} label="Sync now" pendingText="Starting…" accessibleLabel={`Sync ${store.name} now`} />
      <RowAction action={actions.syncProducts} fields={{ storeId: store.id }} label="Sync products" pendingText="Starting…" accessibleLabel={`Sync the products of ${store.name}`} />
      {store.registerWebhooks ? (
        <RowAction action={actions.restoreWebhooks} fields={{ storeId: store.id }} label="Restore webhooks" pendingText="Checking…" accessibleLabel={`Restore the webhooks of ${store.name}`} />
      ) : null}
    </div>
  );
}

/** Orders of the store on hold until someone approves them, one by one or all at once. */
export function AwaitingApproval({
  storeId,
  orders,
  total,
  orderHref,
  actions,
}: {
  storeId: string;
  orders: AwaitingApprovalView[];
  total: number;
  orderHref: (orderId: string) => string;
  actions?: { approve: Action; approveAll: Action };
}) {
  if (total === 0) return null;
  return (
    <Card>
      <CardHeader
        title={`Awaiting approval (${total})`}
        description="These orders go to production once approved."
        actions={actions ? <RowAction action={actions.approveAll} fields={{ storeId }} label={`Approve all ${total}`} variant="primary" pendingText="Approving…" /> : undefined}
      />
      <ul className="divide-y divide-slate-100" aria-label="Orders awaiting approval">
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
            {actions ? <RowAction action={actions.approve} fields={{ storeId, orderId: order.id }} label="Approve" pendingText="Approving…" accessibleLabel={`Approve ${order.customerReferenceId ?? order.externalId}`} /> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Every delivery from the shop: topic, time, outcome, the order it touched; body on demand; replay. */
export function WebhookLog({
  events,
  olderHref,
  orderHref,
  loadBody,
  replay,
}: {
  events: WebhookEventView[];
  olderHref: string | null;
  orderHref: (orderId: string) => string;
  loadBody: LoadWebhookBody;
  replay?: Action;
}) {
  return (
    <Card>
      <CardHeader title="Webhook log" description="Deliveries from the shop, newest first. Replay one after fixing what made it fail." />
      {events.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">No deliveries yet. Place a test order in the shop: its delivery shows here within seconds. Orders also arrive with each sync.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Webhook deliveries">
          {events.map((event) => (
            <li key={event.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-5 py-3" data-event-id={event.id} data-status={event.status}>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs text-slate-800">{event.topic}</span>
                  <Badge tone={deliveryTones[event.status].tone}>{deliveryTones[event.status].label}</Badge>
                  <span className="text-xs text-slate-500">
                    <Time value={event.receivedAt} />
                  </span>
                  {event.orderId ? (
                    <Link href={orderHref(event.orderId)} className="text-xs font-medium text-brand-700 hover:underline">
                      {event.externalOrderId ? `Order ${event.externalOrderId}` : "Order"}
                    </Link>
                  ) : event.externalOrderId ? (
                    <span className="text-xs text-slate-500">Shop order {event.externalOrderId}</span>
                  ) : null}
                </div>
                {event.outcome ? <p className={`mt-1 text-xs break-words ${event.status === "failed" ? "text-red-700" : "text-slate-600"}`}>{event.outcome}</p> : null}
                <WebhookBody eventId={event.id} load={loadBody} />
              </div>
              {replay && (event.status === "failed" || event.status === "ignored") ? (
                <RowAction action={replay} fields={{ eventId: event.id }} label="Replay" pendingText="Replaying…" accessibleLabel={`Replay the ${event.topic} delivery`} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {olderHref ? (
        <div className="border-t border-slate-100 px-5 py-3 text-right">
          <Link href={olderHref} className="text-sm font-medium text-brand-700 hover:underline">
            Older deliveries →
          </Link>
        </div>
      ) : null}
    </Card>
  );
}

/** The store's own log: syncs, orders not taken and why, alerts, subscriptions restored. */
export function StoreLog({ events, pagination }: { events: StoreEventView[]; pagination?: React.ReactNode }) {
  return (
    <Card>
      <CardHeader title="Sync log" description="What Inkbridge did with this store, newest first." />
      {events.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">Nothing logged yet. Connecting, syncs that skip an order, alerts and restored webhooks are written here.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Sync log">
          {events.map((event) => (
            <li key={event.id} className="px-5 py-2.5">
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <span className="font-mono">{event.type}</span>
                <Time value={event.createdAt} />
              </div>
              <p className="text-sm break-words text-slate-800">{event.message}</p>
            </li>
          ))}
        </ul>
      )}
      {pagination}
    </Card>
  );
}
