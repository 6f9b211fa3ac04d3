import { and, desc, eq, isNull } from "drizzle-orm";
import { connectors } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { authorize } from "../permissions";
import type { ConnectorView } from "./schemas";
import { toConnectorView } from "./view";

export async function getConnectorRowOrThrow(ctx: Pick<ServiceContext, "db">, connectorId: string) {
  const [row] = await ctx.db.select().from(connectors).where(eq(connectors.id, connectorId));
  if (!row) throw notFound("Connector", connectorId);
  return row;
}

export async function getConnector({ ctx, connectorId }: { ctx: ServiceContext; connectorId: string }): Promise<ConnectorView> {
  authorize(ctx, "read");
  return toConnectorView(await getConnectorRowOrThrow(ctx, connectorId));
}

/** A customer's connectors, or the shared ones (all customers) when customerId is null. */
export async function listConnectors({
  ctx,
  customerId,
  includeRevoked = true,
}: {
  ctx: ServiceContext;
  customerId: string | null;
  includeRevoked?: boolean;
}): Promise<ConnectorView[]> {
  authorize(ctx, "read");
  const rows = await ctx.db
    .select()
    .from(connectors)
    .where(
      and(
        customerId === null ? isNull(connectors.customerId) : eq(connectors.customerId, customerId),
        includeRevoked ? undefined : isNull(connectors.revokedAt),
      ),
    )
    .orderBy(desc(connectors.id));
  return rows.map(toConnectorView);
}
