import { runConnectorContract, type ContractOrderKind } from "../contract";
import { getConnector } from "../registry";
import type { StoreSession } from "../types";
import { parseShipmentNote } from "./fulfillments";
import { startWooTestSite, TEST_WEBHOOK_SECRET, type WooTestSite } from "./testing";
import { WOO_WEBHOOK_TOPICS } from "./webhooks";

let site: WooTestSite;
let productId = 0;
let variationId = 0;

function placeOrder(kind: ContractOrderKind): string {
  const order = site.fake.site.placeOrder({
    lines: [{ productId, variationId, quantity: 2 }],
    shipping: { first_name: "Jon", last_name: "Doe", address_1: "123 Main St", city: "Ottawa", state: "ON", postcode: "K2P 1L4", country: "CA" },
    status: kind === "pending" ? "pending" : "processing",
    meta: kind === "test" ? { _wcpay_mode: "test" } : {},
  });
  if (kind === "cancelled") site.fake.site.setStatus(order.id, "cancelled");
  return String(order.id);
}

runConnectorContract("woocommerce", {
  connector: getConnector("woocommerce"),
  async start() {
    site = await startWooTestSite({ siteName: "Contract Store" });
    const product = site.fake.site.createProduct({ name: "Classic Tee", attributes: [{ name: "Size", options: ["M"] }], variations: [{ sku: "TEE-M", regularPrice: "25.00", attributes: { Size: "M" } }] });
    productId = product.id;
    variationId = product.variationIds[0] as number;
  },
  stop: () => site.close(),
  session: () => site.session(),
  refusedSession: () => ({ ...site.session(), credentials: { consumerKey: `ck_${"0".repeat(40)}`, consumerSecret: `cs_${"0".repeat(40)}`, webhookSecret: TEST_WEBHOOK_SECRET } }),
  revoke: (session) => void site.fake.site.deleteKey(session.credentials.consumerKey),
  placeOrder: async (kind) => placeOrder(kind),
  fulfillments: async (externalOrderId) => {
    const shipments = new Map<string, string[]>();
    for (const note of site.fake.site.getOrder(Number(externalOrderId)).notes) {
      const shipment = parseShipmentNote(note.note);
      if (shipment) shipments.set(shipment.shipmentKey, [...(shipments.get(shipment.shipmentKey) ?? []), shipment.trackingNumber ?? ""]);
    }
    return [...shipments].map(([key, trackingNumbers]) => ({ id: `${externalOrderId}:${key}`, trackingNumbers }));
  },
  webhooks: {
    secret: TEST_WEBHOOK_SECRET,
    requiredHeaders: ["X-WC-Webhook-Topic", "X-WC-Webhook-Source", "X-WC-Webhook-ID", "X-WC-Webhook-Delivery-ID", "X-WC-Webhook-Signature"],
    signatureHeader: "X-WC-Webhook-Signature",
    async captureOrderDelivery(session) {
      await getConnector("woocommerce").ensureWebhooks(session);
      const externalOrderId = placeOrder("paid");
      await site.fake.webhooks.idle();
      const delivery = site.received.find((candidate) => candidate.headers["x-wc-webhook-topic"] === "order.created" && (JSON.parse(candidate.rawBody.toString("utf8")) as { id: number }).id === Number(externalOrderId));
      if (!delivery) throw new Error("the fake sent no order.created delivery");
      return { headers: delivery.headers, rawBody: delivery.rawBody, topic: "order.created", externalOrderId };
    },
    subscriptions: {
      topics: [...WOO_WEBHOOK_TOPICS],
      subscribedTopics: (session: StoreSession<"woocommerce">) => [...site.fake.site.webhooks.values()].filter((webhook) => webhook.deliveryUrl === session.webhookUrl && webhook.status === "active").map((webhook) => webhook.topic),
      dropSubscriptions: (session: StoreSession<"woocommerce">) => void site.fake.site.deleteWebhooks(session.webhookUrl),
    },
  },
  rateLimit: {
    // A host's WAF in front of the site: the next request gets 429 with Retry-After: 1.
    exhaust: () => site.fake.fail({ status: 429, retryAfterSeconds: 1, times: 1 }),
    restore: () => site.fake.clearFaults(),
  },
});
