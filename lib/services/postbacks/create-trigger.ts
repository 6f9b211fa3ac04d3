import { postbackTriggers } from "@/db/schema";
import { createId } from "@/lib/ids";
import { encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { validationError } from "@/lib/errors";
import { checkOutboundUrl } from "@/lib/net";
import { withTransaction, type ServiceContext } from "../context";
import { audit } from "../audit";
import { parseInput } from "../parse";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeCustomerAccess } from "./access";
import { createTriggerInput, type CreateTriggerInput, type TriggerView } from "./schemas";
import { toTriggerView } from "./view";
import { postbackPolicy } from "./send-http";

/** Subscribes a customer to order events, delivered to a URL (signed) or by email. */
export async function createTrigger({ ctx, customerId, input }: { ctx: ServiceContext; customerId: string; input: CreateTriggerInput }): Promise<TriggerView> {
  authorizeCustomerAccess(ctx, customerId, "write");
  const data = parseInput(createTriggerInput, input);
  if (data.url) {
    // Checked again at every send: the name may resolve elsewhere by then.
    const refusal = await checkOutboundUrl(data.url, postbackPolicy(getEnv()));
    if (refusal) throw validationError([{ path: ["url"], message: refusal.reason }]);
  }
  return withTransaction(ctx, async (tx) => {
    await getCustomerRowOrThrow(tx, customerId);
    const headers = data.headers && Object.keys(data.headers).length > 0 ? data.headers : undefined;
    const [row] = await tx.db
      .insert(postbackTriggers)
      .values({
        id: createId("trigger"),
        customerId,
        name: data.name ?? null,
        events: data.events,
        kind: data.url ? "url" : "email",
        url: data.url ?? null,
        method: data.url ? (data.method ?? "POST") : null,
        headersEncrypted: headers ? encryptSecret(JSON.stringify(headers)) : null,
        email: data.email ?? null,
        template: data.template ?? null,
      })
      .returning();
    await audit(tx, { action: "postback_trigger.create", entityType: "postback_trigger", entityId: row!.id, customerId, after: row });
    return toTriggerView(row!);
  });
}
