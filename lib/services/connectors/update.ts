import type { z } from "zod";
import { eq } from "drizzle-orm";
import { connectors } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { invalidate } from "@/lib/cache/invalidation";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { updateConnectorInput, type ConnectorView } from "./schemas";
import { toConnectorView } from "./view";
import { getConnectorRowOrThrow } from "./read";
import { newConnectorSecret, sealSecret } from "./create";

export async function updateConnector({
  ctx,
  connectorId,
  input,
}: {
  ctx: ServiceContext;
  connectorId: string;
  input: z.input<typeof updateConnectorInput>;
}): Promise<ConnectorView> {
  authorize(ctx, "write");
  const data = parseInput(updateConnectorInput, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getConnectorRowOrThrow(tx, connectorId);
    if (data.routingRules && before.type !== "siteflow") {
      throw new AppError("validation_failed", "Routing rules belong to SiteFlow connectors", { details: [{ path: "routingRules", message: "only for SiteFlow connectors" }] });
    }
    const [after] = await tx.db
      .update(connectors)
      .set({ ...(data.name ? { name: data.name } : {}), ...(data.routingRules ? { routingRules: data.routingRules } : {}) })
      .where(eq(connectors.id, connectorId))
      .returning();
    await audit(tx, { action: "connector.update", entityType: "connector", entityId: connectorId, customerId: before.customerId, before, after });
    invalidate(tx, "connector", before.apiKey);
    return toConnectorView(after!);
  });
}

/** A new secret; the old one stops working the moment this commits. */
export async function rotateConnectorSecret({ ctx, connectorId }: { ctx: ServiceContext; connectorId: string }): Promise<{ secret: string }> {
  authorize(ctx, "write");
  const secret = newConnectorSecret();
  return withTransaction(ctx, async (tx) => {
    const before = await getConnectorRowOrThrow(tx, connectorId);
    if (before.revokedAt) throw new AppError("conflict", "This connector has been revoked");
    await tx.db.update(connectors).set(sealSecret(secret)).where(eq(connectors.id, connectorId));
    await audit(tx, { action: "connector.rotate_secret", entityType: "connector", entityId: connectorId, customerId: before.customerId });
    invalidate(tx, "connector", before.apiKey);
    return { secret };
  });
}

/** Revokes a connector: its key stops working at once. */
export async function revokeConnector({ ctx, connectorId }: { ctx: ServiceContext; connectorId: string }): Promise<void> {
  authorize(ctx, "write");
  await withTransaction(ctx, async (tx) => {
    const before = await getConnectorRowOrThrow(tx, connectorId);
    if (before.revokedAt) return;
    const [after] = await tx.db.update(connectors).set({ revokedAt: new Date() }).where(eq(connectors.id, connectorId)).returning();
    await audit(tx, { action: "connector.revoke", entityType: "connector", entityId: connectorId, customerId: before.customerId, before, after });
    invalidate(tx, "connector", before.apiKey);
  });
}
