import { asc, eq } from "drizzle-orm";
import { postbackTriggers } from "@/db/schema";
import type { ServiceContext } from "../context";
import { getCustomerRowOrThrow } from "../customers/get";
import { authorizeCustomerAccess } from "./access";
import type { TriggerView } from "./schemas";
import { toTriggerView } from "./view";

/** A customer's postback triggers, oldest first. */
export async function listTriggers({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<TriggerView[]> {
  authorizeCustomerAccess(ctx, customerId);
  await getCustomerRowOrThrow(ctx, customerId);
  const rows = await ctx.db.select().from(postbackTriggers).where(eq(postbackTriggers.customerId, customerId)).orderBy(asc(postbackTriggers.id));
  return rows.map(toTriggerView);
}
