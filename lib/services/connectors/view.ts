import type { connectors } from "@/db/schema";
import { getEnv } from "@/lib/env";
import type { ConnectorEndpoints, ConnectorView } from "./schemas";

/** Absolute endpoint URLs of a connector, built from APP_URL. */
export function connectorEndpoints(type: "gelato" | "siteflow"): ConnectorEndpoints {
  const base = `${getEnv().APP_URL}/api/${type}`;
  if (type === "gelato") {
    return {
      baseUrl: base,
      createOrder: `${base}/v4/orders`,
      getOrder: `${base}/v4/orders/{id}`,
      searchOrders: `${base}/v4/orders:search`,
      cancelOrder: `${base}/v4/orders/{id}:cancel`,
      updateShipment: `${base}/v4/orders/{id}/shipment`,
      updateDraft: `${base}/v4/orders/{id}`,
      deleteDraft: `${base}/v4/orders/{id}`,
    };
  }
  return {
    baseUrl: base,
    submitOrder: `${base}/order`,
    validateOrder: `${base}/order/validate`,
    submitByRoutingRule: `${base}/order/route/{key}`,
    getOrder: `${base}/order/{id}`,
    listOrders: `${base}/order`,
    updateOrder: `${base}/order/{id}`,
    cancelOrder: `${base}/order/{id}/cancel`,
    cancelBySourceOrderId: `${base}/order/{sourceAccount}/{sourceOrderId}/cancel`,
  };
}

export function toConnectorView(row: typeof connectors.$inferSelect): ConnectorView {
  return {
    id: row.id,
    customerId: row.customerId,
    type: row.type,
    name: row.name,
    apiKey: row.apiKey,
    routingRules: row.routingRules,
    endpoints: connectorEndpoints(row.type),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
