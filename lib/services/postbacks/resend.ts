import { eq } from "drizzle-orm";
import { postbackDeliveries } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { authorizeCustomerAccess } from "./access";
import { getDelivery } from "./list-deliveries";
import { retryWindowMs } from "./retry";
import type { DeliveryDetailView } from "./schemas";

/**
 * Sends a postback again now, with the same `webhook-id` and body, so receivers that already
 * have it recognise the duplicate. A failed resend is retried for another 24 hours.
 */
export async function resendPostback({ ctx, deliveryId }: { ctx: ServiceContext; deliveryId: string }): Promise<DeliveryDetailView> {
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select().from(postbackDeliveries).where(eq(postbackDeliveries.id, deliveryId)).for("update");
    if (!row) throw notFound("Postback", deliveryId);
    authorizeCustomerAccess(tx, row.customerId, "write");
    const now = new Date();
    await tx.db
      .update(postbackDeliveries)
      .set({ status: "pending", nextAttemptAt: null, retryUntil: new Date(now.getTime() + retryWindowMs) })
      .where(eq(postbackDeliveries.id, deliveryId));
    await enqueue(tx, "postback.deliver", { deliveryId, attempt: row.attempts + 1 });
    await audit(tx, { action: "postback.resend", entityType: "postback", entityId: deliveryId, customerId: row.customerId });
  });
  return getDelivery({ ctx, deliveryId });
}
