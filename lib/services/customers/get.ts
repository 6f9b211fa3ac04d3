import { and, eq, isNull } from "drizzle-orm";
import { customers } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { Database } from "@/db/client";
import { actorCustomerId, type ServiceContext } from "../context";
import { authorize } from "../permissions";
import type { CustomerView } from "./schemas";
import { toCustomerView } from "./view";

/** A customer's row; a deleted customer is not found. */
export async function getCustomerRowOrThrow(ctx: { db: Database }, customerId: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), isNull(customers.deletedAt)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("Customer", customerId);
  return row;
}

/** A customer by id. Customer-scoped actors can only see their own (others are 404). */
export async function getCustomer({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CustomerView> {
  const ownCustomer = actorCustomerId(ctx.actor);
  if (ownCustomer !== undefined) {
    if (ownCustomer !== customerId) throw notFound("Customer", customerId);
  } else {
    authorize(ctx, "read");
  }
  return toCustomerView(await getCustomerRowOrThrow(ctx, customerId));
}
