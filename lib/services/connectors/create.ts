import type { z } from "zod";
import { connectors } from "@/db/schema";
import { createId } from "@/lib/ids";
import { encryptSecret, randomToken, sha256Hex } from "@/lib/crypto";
import { withTransaction, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { createConnectorInput, createSharedConnectorInput, type ConnectorView } from "./schemas";
import { toConnectorView } from "./view";

export function newConnectorSecret(): string {
  return randomToken(32);
}

export function sealSecret(secret: string): { secretEncrypted: string; secretHash: string } {
  return { secretEncrypted: encryptSecret(secret), secretHash: sha256Hex(secret) };
}

async function insertConnector(ctx: ServiceContext, customerId: string | null, data: z.output<typeof createConnectorInput>) {
  const secret = newConnectorSecret();
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(connectors)
      .values({
        id: createId("connector"),
        customerId,
        type: data.type,
        name: data.name,
        apiKey: `ik_${randomToken(18)}`,
        ...sealSecret(secret),
        createdBy: ctx.actor.type === "staff" ? ctx.actor.email : ctx.actor.type === "token" ? `token:${ctx.actor.name}` : null,
      })
      .returning();
    await audit(tx, { action: "connector.create", entityType: "connector", entityId: row!.id, customerId, after: row });
    return { ...toConnectorView(row!), secret };
  });
}

/** A connector for one customer. The secret is returned here and never again. */
export async function createConnector({
  ctx,
  customerId,
  input,
}: {
  ctx: ServiceContext;
  customerId: string;
  input: z.input<typeof createConnectorInput>;
}): Promise<ConnectorView & { secret: string }> {
  authorize(ctx, "write");
  const data = parseInput(createConnectorInput, input);
  await getCustomerRowOrThrow(ctx, customerId);
  return insertConnector(ctx, customerId, data);
}

/** A connector for all customers: requests name theirs with `Customer-Reference-ID`. */
export async function createSharedConnector({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof createSharedConnectorInput>;
}): Promise<ConnectorView & { secret: string }> {
  authorize(ctx, "write");
  const data = parseInput(createSharedConnectorInput, input);
  return insertConnector(ctx, null, data);
}
