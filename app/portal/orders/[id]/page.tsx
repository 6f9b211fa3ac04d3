import type { Metadata } from "next";
import { ExternalLink, FileImage, Package, Truck } from "lucide-react";
import { requireCustomerUser } from "@/lib/auth/guards";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import Link from "next/link";
import type { OrderEventView } from "@/lib/services/orders";
import { VariantFix } from "@/components/stores/variant-fix";
import { isAwaitingApproval, shopLine, shopOrderName as shopOrderNameOf } from "@/components/stores/shop-line";
import { OrderButton } from "@/components/stores/store-actions";
import { platformNames } from "@/components/stores/store-list";
import { approveOrderAction, ignoreVariantAction, linkVariantAction } from "../../actions";
import { statusLabels } from "@/lib/domain/status";
import { Card, CardHeader, DetailList } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Alert } from "@/components/ui/form";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { StatusBadge } from "@/components/console/status-badge";
import { OptionList } from "../../products/option-list";
import { portalPages } from "../../loaders";
import { knownOrderIds } from "@/lib/domain/order-ids";
import { channelNames, nextStep, statusMeaning } from "../views";

export const metadata: Metadata = { title: "Order" };


/** Who made a change, as the customer should read it: the partner's staff and systems go by the partner's name. */
function actorName(event: OrderEventView, partner: string): string {
  switch (event.actorType) {
    case "staff":
    case "token":
    case "system":
      return partner;
    case "connector":
      return "Order API";
    case "store":
      return "Your shop";
    case "customer_user":
      return event.actor ?? "Your team";
  }
}

function eventTitle(event: OrderEventView): string {
  if (event.toStatus && event.fromStatus && event.toStatus !== event.fromStatus) return `${statusLabels[event.fromStatus]} → ${statusLabels[event.toStatus]}`;
  if (event.toStatus) return statusLabels[event.toStatus];
  return event.type.replace(/^order\./, "").replace(/_/g, " ");
}

const fixedMessages = {
  linked: "Linked. The order is being processed again, with every other order of this store that waited for the variant.",
  ignored: "Ignored. The order is being processed again without that item.",
  approved: "Approved: the order goes to production.",
} as const;

export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireCustomerUser();
  const { order, store, products, canManage, partner } = await pageOrNotFound(portalPages["/portal/orders/[id]"](ctx, await paramsOrNotFound(params)));
  const needsAttention = order.status === "failed" || order.status === "not_connected" || order.status === "on_hold";
  const knownIds = knownOrderIds(order);
  const awaitingApproval = isAwaitingApproval(order);
  const shopOrderName = shopOrderNameOf(order);
  const fixed = (await searchParams).fixed;
  const fixedMessage = fixed === "linked" || fixed === "ignored" || fixed === "approved" ? fixedMessages[fixed] : undefined;
  const next = store && order.status === "not_connected" ? (canManage ? "Link each item below to a product (or ignore it), and the order continues by itself." : "An admin of your company links the item to a product, and the order continues by itself.") : awaitingApproval ? (canManage ? "Approve it below to send it to production." : "An admin of your company approves it for production.") : nextStep(order.status, partner);
  return (
    <>
      <PageHeader
        back={{ href: "/portal/orders", label: "Orders" }}
        title={
          <span className="flex flex-wrap items-center gap-2">
            Order {shopOrderName ?? order.externalId}
            <StatusBadge status={order.status} />
            {store ? <Badge tone="indigo">{`${platformNames[store.platform]} · ${store.name}`}</Badge> : null}
          </span>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {order.channel === "gelato_api" ? (
              <>
                <span className="text-xs text-slate-500">Gelato order id</span>
                <span className="font-mono text-xs break-all">{order.uid}</span>
                <CopyButton value={order.uid} label="Copy Gelato id" />
              </>
            ) : (
              <>
                <span className="font-mono text-xs">{order.id}</span>
                <CopyButton value={order.id} label="Copy id" />
              </>
            )}
          </span>
        }
      />
      {fixedMessage ? (
        <div className="mb-6">
          <Alert tone="success">{fixedMessage}</Alert>
        </div>
      ) : null}
      {needsAttention ? (
        <div className="mb-6">
          <Alert tone={order.status === "on_hold" ? "info" : "error"}>
            {statusMeaning[order.status]}
            {order.statusReason ? <span className="mt-1 block font-medium wrap-anywhere">{order.statusReason}</span> : null}
            {next ? <span className="mt-1 block">{next}</span> : null}
          </Alert>
          {awaitingApproval && canManage ? (
            <div className="mt-3">
              <OrderButton action={approveOrderAction} fields={{ orderId: order.id }} label="Approve" pendingText="Approving…" />
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="grid items-start gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card>
            <CardHeader title={`${order.items.length} ${order.items.length === 1 ? "item" : "items"}`} />
            <ul className="divide-y divide-slate-100">
              {order.items.map((item) => (
                <li key={item.id} className="px-5 py-4">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="flex min-w-0 items-start gap-3">
                      <div className="flex size-9 shrink-0 items-center justify-center rounded-md bg-slate-100 text-slate-500">
                        <Package className="size-4.5" aria-hidden />
                      </div>
                      <div className="min-w-0">
                        <p className="text-sm font-medium text-slate-900">
                          {item.quantity} × <span className="font-mono text-xs">{item.productUid ?? item.sourceProductKey ?? "not linked yet"}</span>
                        </p>
                        {item.sourceProductKey && item.sourceProductKey !== item.productUid ? (
                          <p className="text-xs text-slate-500">
                            Your product: <span className="font-mono">{item.sourceProductKey}</span>
                          </p>
                        ) : null}
                        {shopLine(item) ? (
                          <p className="text-xs text-slate-500">
                            In your shop: {[shopLine(item)!.title, shopLine(item)!.variantTitle].filter(Boolean).join(" – ")}
                            {shopLine(item)!.sku ? <span className="font-mono"> · {shopLine(item)!.sku}</span> : null}
                          </p>
                        ) : null}
                        {item.statusReason ? <p className="mt-1 text-xs text-red-700">{item.statusReason}</p> : null}
                      </div>
                    </div>
                    <StatusBadge status={item.status} />
                  </div>
                  {store && canManage && order.status === "not_connected" && item.status === "not_connected" && shopLine(item) ? (
                    <div className="mt-3 sm:pl-12">
                      <VariantFix orderId={order.id} storeId={store.id} line={shopLine(item)!} products={products} actions={{ link: linkVariantAction, ignore: ignoreVariantAction }} />
                    </div>
                  ) : null}
                  {Object.keys(item.options).length ? (
                    <div className="mt-3 pl-12">
                      <OptionList options={item.options} compact />
                    </div>
                  ) : null}
                  {item.files.length ? (
                    <ul className="mt-3 space-y-1 pl-12">
                      {item.files.map((file) => (
                        <li key={`${file.type}:${file.url}`} className="flex min-w-0 items-center gap-2 text-xs">
                          <FileImage className="size-3.5 shrink-0 text-slate-400" aria-hidden />
                          <Badge tone="indigo">{file.type}</Badge>
                          <a href={file.url} target="_blank" rel="noreferrer noopener" className="truncate text-brand-600 hover:text-brand-700">
                            {file.url}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <CardHeader title={order.shipments.length === 1 ? "Shipment" : "Shipments"} />
            <ul className="divide-y divide-slate-100">
              {order.shipments.map((shipment) => (
                <li key={shipment.id} className="grid gap-4 px-5 py-4 sm:grid-cols-2">
                  <address className="text-sm text-slate-700 not-italic">
                    <span className="font-medium text-slate-900">
                      {shipment.address.firstName} {shipment.address.lastName}
                    </span>
                    {shipment.address.companyName ? <span className="block">{shipment.address.companyName}</span> : null}
                    <span className="block">{shipment.address.addressLine1}</span>
                    {shipment.address.addressLine2 ? <span className="block">{shipment.address.addressLine2}</span> : null}
                    <span className="block">
                      {shipment.address.postCode} {shipment.address.city}
                      {shipment.address.state ? `, ${shipment.address.state}` : ""}
                    </span>
                    <span className="block">{shipment.address.country}</span>
                  </address>
                  <div className="space-y-1.5 text-sm">
                    <p className="flex items-center gap-2 text-slate-600">
                      <Truck className="size-4 text-slate-400" aria-hidden />
                      {shipment.carrier ?? shipment.method ?? "Shipping method not chosen yet"}
                    </p>
                    {shipment.trackingCode ? (
                      <p className="text-slate-900">
                        Tracking{" "}
                        {shipment.trackingUrl ? (
                          <a href={shipment.trackingUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-mono text-brand-600 hover:text-brand-700">
                            {shipment.trackingCode}
                            <ExternalLink className="size-3.5" aria-hidden />
                          </a>
                        ) : (
                          <span className="font-mono">{shipment.trackingCode}</span>
                        )}
                      </p>
                    ) : (
                      <p className="text-slate-500">The tracking number appears here once the parcel ships.</p>
                    )}
                    {shipment.shippedAt ? (
                      <p className="text-xs text-slate-500">
                        Shipped <Time value={shipment.shippedAt} />
                      </p>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Details" />
            <DetailList
              items={[
                { label: "Status", value: statusMeaning[order.status] },
                { label: "Channel", value: channelNames[order.channel] },
                ...(store
                  ? [
                      {
                        label: "Store",
                        value: (
                          <Link href={`/portal/stores/${store.id}`} className="text-brand-600 hover:text-brand-700">
                            {store.name}
                          </Link>
                        ),
                      },
                    ]
                  : []),
                ...(shopOrderName ? [{ label: "Shop order", value: <span className="font-mono text-xs">{shopOrderName}</span> }] : []),
                ...knownIds.map((known) => ({
                  label: known.label === "Order reference" ? "Your reference" : known.label === "Shop order" && shopOrderName ? "Shop order id" : known.label,
                  value: <span className="font-mono text-xs break-all">{known.value}</span>,
                })),
                { label: `${partner} order id`, value: <span className="font-mono text-xs break-all">{order.id}</span> },
                { label: "Received", value: <Time value={order.createdAt} /> },
                ...(order.priority === "rush" ? [{ label: "Priority", value: <Badge tone="red">Rush</Badge> }] : []),
              ]}
            />
          </Card>
          <Card>
            <CardHeader title="Timeline" description="Every step of this order, newest first." />
            <ol className="space-y-0 px-5 py-4">
              {[...order.events].reverse().map((event, index, all) => (
                <li key={event.id} className="relative flex gap-3 pb-5 last:pb-0">
                  {index < all.length - 1 ? <span className="absolute top-4 left-[5px] h-full w-px bg-slate-200" aria-hidden /> : null}
                  <span className={`relative mt-1.5 size-2.75 shrink-0 rounded-full ring-4 ring-white ${index === 0 ? "bg-brand-600" : "bg-slate-300"}`} aria-hidden />
                  <div className="min-w-0">
                    <p className="text-sm font-medium text-slate-900">{eventTitle(event)}</p>
                    {event.message ? <p className="text-sm break-words text-slate-600">{event.message}</p> : null}
                    <p className="mt-0.5 text-xs text-slate-500">
                      {actorName(event, partner)} · <Time value={event.createdAt} />
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </>
  );
}
