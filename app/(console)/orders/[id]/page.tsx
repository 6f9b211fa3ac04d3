import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, ExternalLink } from "lucide-react";
import { requireStaff } from "@/lib/auth/guards";
import { getOrder, getOrderPayload, type OrderEventView, type OrderShipmentView } from "@/lib/services/orders";
import { getCustomer } from "@/lib/services/customers";
import { getConnector } from "@/lib/services/connectors";
import { pageOrNotFound, paramsOrNotFound } from "@/lib/next/not-found";
import type { OrderStatus } from "@/db/schema/enums";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, THead, Th, TBody, Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { ChannelBadge, OrderStatusBadge } from "@/components/console/order-badges";
import { FromTo, LookupTraceTable } from "@/components/console/lookup-trace";
import { knownOrderIds } from "@/lib/domain/order-ids";
import { OrderActions, type ActionableFile } from "./order-actions";
import { approveOrderAction, ignoreVariantAction, linkVariantAction } from "./actions";
import { getStore } from "@/lib/services/stores";
import { listCustomerProducts } from "@/lib/services/catalog-access";
import { VariantFix } from "@/components/stores/variant-fix";
import { OrderButton } from "@/components/stores/store-actions";
import { platformNames } from "@/components/stores/store-list";
import { isAwaitingApproval, shopLine, shopOrderName } from "@/components/stores/shop-line";

export const metadata: Metadata = { title: "Order" };

// Statuses where the reason is what staff need to act on; elsewhere it is only a note in the timeline.
const attention = new Set<OrderStatus>(["failed", "not_connected", "on_hold", "returned"]);

function prettyPayload(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** Label and value on one line, for the narrow side column. */
function Facts({ items }: { items: Array<{ label: string; value: React.ReactNode }> }) {
  return (
    <dl className="divide-y divide-slate-100">
      {items.map((item) => (
        <div key={item.label} className="flex items-baseline justify-between gap-4 px-5 py-2.5">
          <dt className="shrink-0 text-sm text-slate-500">{item.label}</dt>
          <dd className="min-w-0 text-right text-sm break-words text-slate-900">{item.value ?? <span className="text-slate-400">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function AddressBlock({ shipment }: { shipment: OrderShipmentView }) {
  const address = shipment.address;
  return (
    <address className="text-sm leading-6 text-slate-700 not-italic">
      <span className="font-medium text-slate-900">{`${address.firstName} ${address.lastName}`.trim() || "—"}</span>
      {address.companyName ? <span className="block">{address.companyName}</span> : null}
      {[address.addressLine1, address.addressLine2, address.addressLine3].filter(Boolean).map((line) => (
        <span key={line} className="block">
          {line}
        </span>
      ))}
      <span className="block">{[address.postCode, address.city, address.state].filter(Boolean).join(" ")}</span>
      <span className="block font-mono text-xs">{address.country}</span>
      {address.email || address.phone ? <span className="mt-1 block text-xs text-slate-500">{[address.email, address.phone].filter(Boolean).join(" · ")}</span> : null}
    </address>
  );
}

/** Carrier and tracking recorded with a shipping event. */
function EventTracking({ data }: { data: Record<string, unknown> }) {
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : undefined);
  const [carrier, code, url] = [text("carrier"), text("trackingCode"), text("trackingUrl")];
  if (!carrier && !code && !url) return null;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-x-1.5 text-sm text-slate-700 wrap-anywhere">
      {carrier ? <span>{carrier}</span> : null}
      {carrier && code ? <span className="text-slate-400">·</span> : null}
      {code ? <span className="font-mono text-xs">{code}</span> : null}
      {url ? (
        <a href={url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-xs text-brand-600 hover:text-brand-700">
          Track
          <ExternalLink className="size-3" aria-hidden />
        </a>
      ) : null}
    </p>
  );
}

/** Who made a change, in words: the connector's name rather than its id, the pipeline itself as "Automatic". */
function actorName(event: OrderEventView, connector: { id: string; name: string } | undefined): string {
  if (event.actorType === "system") return "Automatic";
  if (event.actorType === "connector" && connector) return connector.name;
  return event.actor ?? event.actorType;
}

function Timeline({ events, connector }: { events: OrderEventView[]; connector: { id: string; name: string } | undefined }) {
  return (
    <ol className="relative space-y-5 px-5 py-4" aria-label="Timeline">
      {events.map((event, index) => (
        <li key={event.id} className="relative pl-6">
          {index < events.length - 1 ? <span className="absolute top-4 bottom-[-1.25rem] left-[5px] w-px bg-slate-200" aria-hidden /> : null}
          <span className="absolute top-1.5 left-0 size-[11px] rounded-full border-2 border-white bg-brand-500 ring-1 ring-brand-200" aria-hidden />
          <div className="flex flex-wrap items-center gap-1.5">
            {event.fromStatus ? (
              <>
                <OrderStatusBadge status={event.fromStatus} />
                <ArrowRight className="size-3 text-slate-400" aria-label="to" />
              </>
            ) : null}
            {event.toStatus ? <OrderStatusBadge status={event.toStatus} /> : <span className="text-sm font-medium text-slate-800 wrap-anywhere">{event.type}</span>}
          </div>
          {event.message ? <p className="mt-1 text-sm text-slate-700 wrap-anywhere">{event.message}</p> : null}
          <EventTracking data={event.data} />
          <p className="mt-0.5 text-xs text-slate-500">
            <Time value={event.createdAt} /> · {actorName(event, connector)}
          </p>
        </li>
      ))}
    </ol>
  );
}

export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaff();
  const { id } = await paramsOrNotFound(params);
  const order = await pageOrNotFound(getOrder({ ctx, orderId: id }));
  const [customer, payload, connector, store] = await Promise.all([
    getCustomer({ ctx, customerId: order.customerId }).catch(() => undefined),
    getOrderPayload({ ctx, orderId: id }),
    order.connectorId ? getConnector({ ctx, connectorId: order.connectorId }).catch(() => undefined) : undefined,
    order.storeId ? getStore({ ctx, storeId: order.storeId }).catch(() => undefined) : undefined,
  ]);
  const unresolved = store && order.status === "not_connected" ? order.items.filter((item) => item.status === "not_connected" && shopLine(item)) : [];
  const products = unresolved.length ? (await listCustomerProducts({ ctx, customerId: order.customerId, input: { limit: 100, offset: 0 } })).data : [];
  const shopName = shopOrderName(order);
  const fixed = (await searchParams).fixed;
  const fixedMessage =
    fixed === "linked"
      ? "Linked. The order is being processed again, with the store's other orders that waited for the variant."
      : fixed === "ignored"
        ? "Ignored. The order is being processed again without that item."
        : fixed === "approved"
          ? "Approved: the order goes to production."
          : undefined;
  const pretty = prettyPayload(payload.rawBody);
  const knownIds = knownOrderIds(order);
  const files: ActionableFile[] = order.items.flatMap((item) =>
    item.files.map((file, index) => ({
      value: `${item.id}:${index}`,
      label: `the ${file.type} file of item ${item.externalItemId ?? item.position + 1}`,
      url: file.url,
      failing: item.status === "failed",
    })),
  );

  return (
    <>
      <PageHeader
        back={{ href: "/orders", label: "Orders" }}
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{shopName ?? order.externalId}</span>
            <OrderStatusBadge status={order.status} />
            {store ? <Badge tone="indigo">{`${platformNames[store.platform]} · ${store.name}`}</Badge> : null}
            {order.priority === "rush" ? <Badge tone="red">Rush</Badge> : null}
          </span>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{order.id}</span>
            <CopyButton value={order.id} label="Copy id" />
            {order.channel === "gelato_api" ? (
              <>
                <span className="font-mono text-xs break-all" title="Gelato order id: the id the customer's system got back">
                  {order.uid}
                </span>
                <CopyButton value={order.uid} label="Copy Gelato id" />
              </>
            ) : null}
            <ChannelBadge channel={order.channel} />
            {customer ? (
              <Link href={`/customers/${customer.id}`} className="font-medium text-slate-700 hover:text-brand-700">
                {customer.name}
              </Link>
            ) : null}
          </span>
        }
      />
      {order.statusReason && attention.has(order.status) ? (
        <div role="status" className="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset wrap-anywhere">
          {order.statusReason}
        </div>
      ) : null}
      {fixedMessage ? (
        <div role="status" className="mb-6 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          {fixedMessage}
        </div>
      ) : null}
      {store && isAwaitingApproval(order) ? (
        <div className="mb-6">
          <OrderButton action={approveOrderAction.bind(null, order.id)} fields={{}} label="Approve" pendingText="Approving…" />
        </div>
      ) : null}
      {unresolved.length && store ? (
        <Card className="mb-6">
          <CardHeader title="Link the shop's variants" description={`Link each variant to a product ${customer?.name ?? "the customer"} may use (or ignore it); the order and the store's other waiting orders run again.`} />
          <ul className="divide-y divide-slate-100">
            {unresolved.map((item) => {
              const line = shopLine(item)!;
              return (
                <li key={item.id} className="space-y-2 px-5 py-4">
                  <p className="text-sm text-slate-900">
                    {item.quantity} × {[line.title, line.variantTitle].filter(Boolean).join(" – ")}
                    {line.sku ? <span className="ml-1 font-mono text-xs text-slate-500">{line.sku}</span> : null}
                  </p>
                  <VariantFix
                    orderId={order.id}
                    storeId={store.id}
                    line={line}
                    products={products}
                    actions={{ link: linkVariantAction.bind(null, order.id, order.customerId), ignore: ignoreVariantAction.bind(null, order.id, order.customerId) }}
                  />
                </li>
              );
            })}
          </ul>
        </Card>
      ) : null}
      <OrderActions key={order.id} orderId={order.id} status={order.status} files={files} lookupsHref={`/customers/${order.customerId}/lookups`} />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="min-w-0 space-y-6 xl:col-span-2">
          <Card>
            <CardHeader title={`Items (${order.items.length})`} description="The product as the customer sent it and as it resolved in your catalog." />
            <ul className="divide-y divide-slate-100 sm:hidden" aria-label="Items">
              {order.items.map((item) => (
                <li key={item.id} className="space-y-1.5 px-5 py-3 text-sm">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-mono text-xs text-slate-500">{item.externalItemId ?? `#${item.position + 1}`}</span>
                    {item.status !== order.status ? <OrderStatusBadge status={item.status} /> : null}
                  </div>
                  <div className="flex items-baseline justify-between gap-3">
                    <FromTo from={item.sourceProductKey} to={item.productUid} missing="not resolved" />
                    <span className="shrink-0 tabular-nums text-slate-700">× {item.quantity}</span>
                  </div>
                  <ul className="space-y-1">
                    {item.files.map((file, index) => (
                      <li key={index} className="flex items-center gap-1.5 text-xs">
                        <Badge>{file.type}</Badge>
                        <a href={file.url} target="_blank" rel="noreferrer noopener" className="min-w-0 truncate text-brand-600" title={file.url}>
                          {file.url.replace(/^https?:\/\//, "")}
                        </a>
                      </li>
                    ))}
                  </ul>
                  {item.statusReason ? <p className="text-xs text-slate-500 wrap-anywhere">{item.statusReason}</p> : null}
                </li>
              ))}
            </ul>
            <Table className="hidden sm:block">
              <THead>
                <Th>Item</Th>
                <Th>Product</Th>
                <Th className="text-right">Qty</Th>
                <Th>Files</Th>
              </THead>
              <TBody>
                {order.items.map((item) => (
                  <tr key={item.id} className="align-top">
                    <Td className="align-top text-slate-500">
                      <span className="font-mono text-xs whitespace-nowrap">{item.externalItemId ?? `#${item.position + 1}`}</span>
                    </Td>
                    <Td className="align-top">
                      <FromTo from={item.sourceProductKey} to={item.productUid} missing="not resolved" />
                      {item.status !== order.status || item.statusReason ? (
                        <div className="mt-1 flex flex-wrap items-center gap-1.5">
                          <OrderStatusBadge status={item.status} />
                          {item.statusReason ? <span className="min-w-0 text-xs text-slate-500 wrap-anywhere">{item.statusReason}</span> : null}
                        </div>
                      ) : null}
                      {Object.keys(item.options).length ? (
                        <div className="mt-1 text-xs text-slate-500">
                          {Object.entries(item.options)
                            .map(([key, value]) => `${key}: ${value}`)
                            .join(" · ")}
                        </div>
                      ) : null}
                    </Td>
                    <Td className="text-right align-top tabular-nums">{item.quantity}</Td>
                    <Td className="align-top">
                      <ul className="space-y-1">
                        {item.files.map((file, index) => (
                          <li key={index} className="flex max-w-[15rem] items-center gap-1.5 text-xs">
                            <Badge>{file.type}</Badge>
                            <a href={file.url} target="_blank" rel="noreferrer noopener" className="inline-flex min-w-0 items-center gap-1 text-brand-600 hover:text-brand-700" title={file.url}>
                              <span className="truncate">{file.url.replace(/^https?:\/\//, "")}</span>
                              <ExternalLink className="size-3 shrink-0" aria-hidden />
                            </a>
                          </li>
                        ))}
                      </ul>
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          </Card>

          <Card>
            <CardHeader title={order.shipments.length === 1 ? "Shipment" : `Shipments (${order.shipments.length})`} />
            <ul className="divide-y divide-slate-100">
              {order.shipments.map((shipment) => (
                <li key={shipment.id} className="grid gap-4 px-5 py-4 sm:grid-cols-2">
                  <AddressBlock shipment={shipment} />
                  <dl className="space-y-2 text-sm">
                    <div>
                      <dt className="text-xs text-slate-500">Shipping method</dt>
                      <dd>{shipment.sourceMethod || shipment.method ? <FromTo from={shipment.sourceMethod} to={shipment.method ?? shipment.sourceMethod} /> : <span className="text-slate-400">Not given</span>}</dd>
                    </div>
                    {shipment.carrier ? (
                      <div>
                        <dt className="text-xs text-slate-500">Carrier</dt>
                        <dd className="text-slate-900">{shipment.carrier}</dd>
                      </div>
                    ) : null}
                    <div>
                      <dt className="text-xs text-slate-500">Tracking</dt>
                      <dd>
                        {shipment.trackingCode ? (
                          shipment.trackingUrl ? (
                            <a href={shipment.trackingUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-mono text-xs text-brand-600 hover:text-brand-700">
                              {shipment.trackingCode}
                              <ExternalLink className="size-3" aria-hidden />
                            </a>
                          ) : (
                            <span className="font-mono text-xs">{shipment.trackingCode}</span>
                          )
                        ) : (
                          <span className="text-slate-400">Not shipped yet</span>
                        )}
                        {shipment.shippedAt ? (
                          <span className="block text-xs text-slate-500">
                            Shipped <Time value={shipment.shippedAt} />
                          </span>
                        ) : null}
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          </Card>

          <Card>
            <CardHeader title="Lookups applied" description="The values the customer's lookups changed when the order arrived." />
            <LookupTraceTable trace={order.lookupTrace} customerId={order.customerId} />
          </Card>

          <Card>
            <details className="group">
              <summary className="flex cursor-pointer list-none flex-wrap items-center justify-between gap-2 px-5 py-4">
                <span>
                  <span className="text-sm font-semibold text-slate-900">Raw payload</span>
                  <span className="ml-2 text-sm text-slate-500">The request body exactly as it arrived, {payload.rawBody.length.toLocaleString("en")} characters</span>
                </span>
                <span className="text-sm font-medium text-brand-600 group-open:hidden">Show</span>
                <span className="hidden text-sm font-medium text-brand-600 group-open:inline">Hide</span>
              </summary>
              <div className="border-t border-slate-100 px-5 py-4">
                <div className="mb-2 flex justify-end">
                  <CopyButton value={payload.rawBody} label="Copy payload" />
                </div>
                <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-4 text-xs leading-5 whitespace-pre-wrap text-slate-100 wrap-anywhere">{pretty}</pre>
              </div>
            </details>
          </Card>
        </div>

        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title="Details" />
            <Facts
              items={[
                { label: "Customer", value: customer ? <Link href={`/customers/${customer.id}`} className="text-brand-600 hover:text-brand-700">{customer.name}</Link> : order.customerId },
                ...knownIds.map((known) => ({ label: known.label, value: <span className="font-mono text-xs break-all">{known.value}</span> })),
                ...(order.channel === "gelato_api" ? [] : [{ label: "Public id", value: <span className="font-mono text-xs break-all">{order.uid}</span> }]),
                {
                  label: "Received through",
                  value: connector ? (
                    `${connector.name} (${connector.type === "gelato" ? "Gelato" : "Site Flow"} API)`
                  ) : store ? (
                    <Link href={`/customers/${store.customerId}/stores/${store.id}`} className="text-brand-600 hover:text-brand-700">
                      {`${store.name} (${platformNames[store.platform]})`}
                    </Link>
                  ) : (
                    (order.connectorId ?? order.storeId ?? null)
                  ),
                },
                ...(shopName ? [{ label: "Shop order name", value: <span className="font-mono text-xs">{shopName}</span> }] : []),
                { label: "Type", value: order.orderType === "draft" ? "Draft" : "Order" },
                { label: "Buyer reference", value: order.customerReferenceId ? <span className="font-mono text-xs">{order.customerReferenceId}</span> : null },
                { label: "Currency", value: order.currency },
                { label: "Routing rule", value: order.routingRuleKey ? <span className="font-mono text-xs">{order.routingRuleKey}</span> : null },
                { label: "Tags", value: order.tags.length ? <span className="flex flex-wrap justify-end gap-1">{order.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)}</span> : null },
                {
                  label: "Metadata",
                  value: order.metadata.length ? (
                    <ul className="space-y-0.5 text-xs">
                      {order.metadata.map((entry) => (
                        <li key={entry.key}>
                          <span className="text-slate-500">{entry.key}:</span> {entry.value}
                        </li>
                      ))}
                    </ul>
                  ) : null,
                },
                { label: "Received", value: <Time value={order.createdAt} /> },
                { label: "Status since", value: <Time value={order.statusChangedAt} /> },
              ]}
            />
          </Card>
          <Card>
            <CardHeader title="Timeline" description="Every status change, with who made it." />
            <Timeline events={order.events} connector={connector} />
          </Card>
        </div>
      </div>
    </>
  );
}
