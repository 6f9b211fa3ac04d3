import type { OrderStatus } from "@/db/schema/enums";
import { siteflowStatus } from "@/lib/domain/postbacks";
import { statusLabels } from "@/lib/domain/status";
import type { MailContent } from "@/lib/mail/layout";
import type { OrderEventView, OrderShipmentView, OrderView } from "../orders/view";
import { renderTemplate } from "./template";

// The bodies postbacks carry. An order that came through the Gelato API gets Gelato's
// `order_status_updated` shape, a SiteFlow order Site Flow's postback shape, a shop order
// Inkbridge's own JSON. Every body names the event's type and id.

export type PostbackFormat = "gelato" | "siteflow" | "inkbridge";

export type PostbackSource = {
  event: Pick<OrderEventView, "id" | "type" | "fromStatus" | "toStatus" | "message" | "data" | "createdAt">;
  order: OrderView;
  customer: { id: string; name: string; referenceId: string | null };
};

export function formatFor(order: Pick<OrderView, "channel">): PostbackFormat {
  switch (order.channel) {
    case "gelato_api":
      return "gelato";
    case "siteflow_api":
      return "siteflow";
    case "shopify":
    case "etsy":
    case "woocommerce":
      return "inkbridge";
  }
}

/** The status the event announces (the order may have moved on since). */
function eventStatus(source: PostbackSource): OrderStatus {
  return source.event.toStatus ?? source.order.status;
}

function itemStatus(source: PostbackSource, status: OrderStatus): OrderStatus {
  return source.order.status === eventStatus(source) ? status : eventStatus(source);
}

function hasLeft(shipment: OrderShipmentView | undefined): boolean {
  return Boolean(shipment && (shipment.trackingCode || shipment.trackingUrl || shipment.shippedAt));
}

export function gelatoBody(source: PostbackSource): Record<string, unknown> {
  const { event, order } = source;
  return {
    id: event.id,
    event: "order_status_updated",
    eventType: event.type,
    orderId: order.uid,
    storeId: null,
    orderReferenceId: order.externalId,
    fulfillmentStatus: eventStatus(source),
    created: event.createdAt,
    items: order.items.map((item) => {
      const shipment = order.shipments.find((candidate) => candidate.shipmentIndex === item.shipmentIndex);
      return {
        itemReferenceId: item.externalItemId,
        fulfillmentStatus: itemStatus(source, item.status),
        fulfillments: hasLeft(shipment)
          ? [
              {
                trackingCode: shipment!.trackingCode,
                trackingUrl: shipment!.trackingUrl,
                shipmentMethodName: shipment!.carrier ?? shipment!.method,
                shipmentMethodUid: shipment!.sourceMethod ?? shipment!.method,
                fulfillmentCountry: null,
                fulfillmentStateProvince: null,
                fulfillmentFacilityId: null,
              },
            ]
          : [],
      };
    }),
  };
}

export function siteflowBody(source: PostbackSource): Record<string, unknown> {
  const { event, order } = source;
  const shipment = order.shipments[0];
  return {
    eventId: event.id,
    eventType: event.type,
    timestamp: event.createdAt,
    sourceOrderId: order.externalId,
    orderId: order.id,
    status: siteflowStatus(eventStatus(source)),
    shipment: shipment
      ? {
          shipmentIndex: shipment.shipmentIndex,
          trackingNumber: shipment.trackingCode,
          trackingUrl: shipment.trackingUrl,
          carrier: { code: shipment.carrier, service: shipment.method, alias: shipment.sourceMethod },
        }
      : null,
    items: order.items.map((item) => ({ sourceItemId: item.externalItemId, quantity: item.quantity })),
  };
}

function orderSummary(source: PostbackSource) {
  const { order } = source;
  return {
    id: order.id,
    uid: order.uid,
    referenceId: order.externalId,
    channel: order.channel,
    status: eventStatus(source),
    customerReferenceId: order.customerReferenceId,
    recipientName: order.recipientName,
    createdAt: order.createdAt,
  };
}

function shipmentSummary(shipment: OrderShipmentView) {
  return {
    shipmentIndex: shipment.shipmentIndex,
    method: shipment.method,
    carrier: shipment.carrier,
    trackingCode: shipment.trackingCode,
    trackingUrl: shipment.trackingUrl,
    shippedAt: shipment.shippedAt,
    country: shipment.address.country,
  };
}

function itemSummaries(source: PostbackSource) {
  return source.order.items.map((item) => ({
    referenceId: item.externalItemId,
    productUid: item.productUid,
    quantity: item.quantity,
    status: itemStatus(source, item.status),
  }));
}

export function inkbridgeBody(source: PostbackSource): Record<string, unknown> {
  const { event } = source;
  return {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt,
    data: {
      order: orderSummary(source),
      fromStatus: event.fromStatus,
      toStatus: eventStatus(source),
      message: event.message,
      items: itemSummaries(source),
      shipments: source.order.shipments.map(shipmentSummary),
    },
  };
}

export function defaultBody(source: PostbackSource): Record<string, unknown> {
  const format = formatFor(source.order);
  switch (format) {
    case "gelato":
      return gelatoBody(source);
    case "siteflow":
      return siteflowBody(source);
    case "inkbridge":
      return inkbridgeBody(source);
  }
}

/** What a template can refer to. */
export function templateContext(source: PostbackSource): Record<string, unknown> {
  const shipments = source.order.shipments.map(shipmentSummary);
  return {
    event: { id: source.event.id, type: source.event.type, createdAt: source.event.createdAt, fromStatus: source.event.fromStatus, toStatus: eventStatus(source), message: source.event.message },
    order: orderSummary(source),
    customer: source.customer,
    shipment: shipments[0] ?? null,
    shipments,
    items: itemSummaries(source),
    body: defaultBody(source),
  };
}

/** The HTTP body of a URL postback: the trigger's template, or the default JSON. */
export function httpBody(source: PostbackSource, template: string | null): string {
  if (template) return renderTemplate(template, templateContext(source));
  return JSON.stringify(defaultBody(source));
}

/** JSON bodies are sent as JSON; a template that renders something else is sent as text. */
export function contentTypeOf(body: string): string {
  try {
    JSON.parse(body);
    return "application/json";
  } catch {
    return "text/plain; charset=utf-8";
  }
}

const statusPhrases: Record<OrderStatus, string> = {
  draft: "was saved as a draft",
  created: "was created",
  passed: "is ready for production",
  not_connected: "is waiting for a product to be linked",
  failed: "failed its checks",
  on_hold: "is on hold",
  in_production: "is in production",
  printed: "has been printed",
  shipped: "shipped",
  in_transit: "is in transit",
  delivered: "was delivered",
  returned: "was returned",
  canceled: "was canceled",
};

export type PostbackMail = { subject: string; content: MailContent };

/** A readable mail for email triggers; a template, when set, replaces the main text. */
export function postbackMail(source: PostbackSource, options: { template: string | null; partnerName: string; triggerName: string | null }): PostbackMail {
  const { event, order } = source;
  const status = eventStatus(source);
  const reference = order.externalId;
  const phrase = event.type === "order.received" ? "was received" : statusPhrases[status];
  const subject = event.type === "order.received" ? `Order ${reference} received` : `Order ${reference} ${statusLabels[status].toLowerCase()}`;
  const shipment = order.shipments.find((candidate) => candidate.trackingCode || candidate.trackingUrl);
  const paragraphs = options.template
    ? renderTemplate(options.template, templateContext(source))
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter(Boolean)
    : [
        `Order ${reference}${order.recipientName ? ` for ${order.recipientName}` : ""} ${phrase}.`,
        ...(event.message ? [event.message] : []),
        ...(shipment?.trackingCode ? [`Tracking number: ${shipment.trackingCode}${shipment.carrier ? ` (${shipment.carrier})` : ""}.`] : []),
      ];
  return {
    subject,
    content: {
      preheader: `Order ${reference} ${phrase}.`,
      greeting: `Hello ${source.customer.name},`,
      paragraphs,
      action: shipment?.trackingUrl ? { label: "Track the parcel", url: shipment.trackingUrl } : undefined,
      afterAction: [`Order ${order.id} · event ${event.type} · ${event.id}`],
      footer: `${options.partnerName} sends this mail because of the postback trigger${options.triggerName ? ` “${options.triggerName}”` : ""} on your account.`,
    },
  };
}
