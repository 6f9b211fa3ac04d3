import { postbackDeliveries } from "@/db/schema";
import { createId } from "@/lib/ids";
import { getEnv } from "@/lib/env";
import { enqueue } from "@/lib/jobs/enqueue";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeCustomerAccess } from "./access";
import { getTriggerRowOrThrow } from "./delete-trigger";
import type { PostbackMail } from "./bodies";
import { getDelivery } from "./list-deliveries";
import type { DeliveryDetailView } from "./schemas";

export const testEventType = "postback.test";

/** Sends one signed `postback.test` through a trigger (no retries), logged like any postback. */
export async function sendTestPostback({ ctx, triggerId }: { ctx: ServiceContext; triggerId: string }): Promise<DeliveryDetailView> {
  const deliveryId = await withTransaction(ctx, async (tx) => {
    const trigger = await getTriggerRowOrThrow(tx, triggerId);
    authorizeCustomerAccess(tx, trigger.customerId, "write");
    const customer = await getCustomerRowOrThrow(tx, trigger.customerId);
    const { PARTNER_NAME } = getEnv();
    const eventId = createId("event");
    const now = new Date();
    const message = `A test from ${PARTNER_NAME}: postbacks for ${customer.name} reach this address.`;
    const mail: PostbackMail = {
      subject: `Test postback from ${PARTNER_NAME}`,
      content: {
        greeting: `Hello ${customer.name},`,
        paragraphs: [message, `From now on you get a mail like this when an order reaches: ${trigger.events.join(", ")}.`],
        footer: `${PARTNER_NAME} sends this mail because of a postback trigger on your account.`,
      },
    };
    const body =
      trigger.kind === "email"
        ? JSON.stringify(mail)
        : JSON.stringify({ id: eventId, type: testEventType, timestamp: now.toISOString(), data: { message, customerId: customer.id, triggerId: trigger.id } });
    const id = createId("postback");
    await tx.db.insert(postbackDeliveries).values({
      id,
      webhookId: createId("webhookMessage"),
      customerId: customer.id,
      triggerId: trigger.id,
      eventId,
      orderId: "",
      eventType: testEventType,
      status: "pending",
      body,
      retryUntil: now,
    });
    await enqueue(tx, "postback.deliver", { deliveryId: id, attempt: 1 }, { key: `${id}:1` });
    await audit(tx, { action: "postback_trigger.test", entityType: "postback_trigger", entityId: trigger.id, customerId: customer.id });
    return id;
  });
  return getDelivery({ ctx, deliveryId });
}
