import { eq } from "drizzle-orm";
import { postbackTriggers } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { authorizeCustomerAccess } from "./access";

export async function getTriggerRowOrThrow(ctx: ServiceContext, triggerId: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db.select().from(postbackTriggers).where(eq(postbackTriggers.id, triggerId));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Trigger", triggerId);
  return row;
}

/** Deletes a trigger with its delivery log; postbacks still queued for it are dropped. */
export async function deleteTrigger({ ctx, triggerId }: { ctx: ServiceContext; triggerId: string }): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const row = await getTriggerRowOrThrow(tx, triggerId, { forUpdate: true });
    authorizeCustomerAccess(tx, row.customerId, "write");
    await tx.db.delete(postbackTriggers).where(eq(postbackTriggers.id, triggerId));
    await audit(tx, { action: "postback_trigger.delete", entityType: "postback_trigger", entityId: triggerId, customerId: row.customerId, before: row });
  });
}
