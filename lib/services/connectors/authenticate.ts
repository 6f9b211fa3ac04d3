import { eq } from "drizzle-orm";
import { connectors, customers } from "@/db/schema";
import type { Database } from "@/db/client";
import type { RoutingRule } from "@/db/schema/connectors";
import { decryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { onInvalidate, TtlCache } from "@/lib/cache/invalidation";
import type { Logger } from "@/lib/log";

export type ConnectorCredentials = {
  id: string;
  customerId: string | null;
  type: "gelato" | "siteflow";
  apiKey: string;
  secret: string;
  secretHash: string;
  routingRules: RoutingRule[];
  /** The connector's own customer is deactivated: it takes no requests. */
  customerDeactivated: boolean;
};

// Credentials by API key, cached briefly and dropped the moment a connector is rotated,
// revoked or changed (lib/cache/invalidation.ts). Unknown keys are cached too (as null), so a
// flood of bad keys does not become a flood of queries.
const cache = new TtlCache<ConnectorCredentials | null>(60_000);
onInvalidate("connector", (apiKey) => cache.delete(apiKey));

export async function findConnectorCredentials(db: Database, apiKey: string): Promise<ConnectorCredentials | null> {
  if (apiKey.length === 0 || apiKey.length > 100) return null;
  const cached = cache.get(apiKey);
  if (cached !== undefined) return cached;
  const [found] = await db
    .select({ connector: connectors, deactivatedAt: customers.deactivatedAt })
    .from(connectors)
    .leftJoin(customers, eq(customers.id, connectors.customerId))
    .where(eq(connectors.apiKey, apiKey));
  const row = found?.connector;
  const credentials =
    row && !row.revokedAt
      ? {
          id: row.id,
          customerId: row.customerId,
          type: row.type,
          apiKey: row.apiKey,
          secret: decryptSecret(row.secretEncrypted),
          secretHash: row.secretHash,
          routingRules: row.routingRules,
          customerDeactivated: Boolean(found.deactivatedAt),
        }
      : null;
  cache.set(apiKey, credentials);
  return credentials;
}

const lastUsedWrites = new Map<string, number>();

/** Records that a connector was used, at most once a minute, off the request's critical path. */
export function touchConnector(db: Database, log: Logger, connectorId: string): void {
  const now = Date.now();
  if ((lastUsedWrites.get(connectorId) ?? 0) > now - 60_000) return;
  lastUsedWrites.set(connectorId, now);
  db.update(connectors)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(connectors.id, connectorId))
    .catch((error: unknown) => log.warn({ err: error, connectorId }, "could not record connector use"));
}

/**
 * The customer a request acts for: the connector's own, or for a connector shared by all
 * customers, the one named by `Customer-Reference-ID` (unknown → 404).
 */
export async function resolveConnectorCustomer(db: Database, credentials: ConnectorCredentials, referenceId: string | undefined): Promise<string> {
  if (credentials.customerId) {
    if (credentials.customerDeactivated) throw customerDeactivated();
    return credentials.customerId;
  }
  if (!referenceId) {
    throw new AppError("validation_failed", "This connector serves all customers: name the customer in the Customer-Reference-ID header", {
      details: [{ path: "headers.customer-reference-id", message: "Required" }],
    });
  }
  const [row] = await db.select({ id: customers.id, deactivatedAt: customers.deactivatedAt }).from(customers).where(eq(customers.referenceId, referenceId.trim()));
  if (!row) throw new AppError("not_found", `No customer has the reference id ${referenceId}`, { reason: "customer_not_found" });
  if (row.deactivatedAt) throw customerDeactivated();
  return row.id;
}

function customerDeactivated(): AppError {
  return new AppError("forbidden", "This customer's account is deactivated: it takes no orders. Contact your print partner.", { reason: "customer_deactivated" });
}
