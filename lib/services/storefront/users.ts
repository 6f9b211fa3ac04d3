import { and, asc, eq, isNull } from "drizzle-orm";
import { users } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { Database } from "@/db/client";
import type { ServiceContext } from "../context";
import { authorizeCustomerRead } from "../customer-scope";
import { getCustomerRowOrThrow } from "../customers/get";
import type { CustomerUserView, StorefrontAccessView } from "./schemas";
import { toCustomerUserView } from "./view";

/** An active (not removed) user of the customer, or a 404: a user of another customer is never found. */
export async function getCustomerUserRowOrThrow(ctx: { db: Database }, customerId: string, userId: string, options: { forUpdate?: boolean } = {}) {
  const query = ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.customerId, customerId), eq(users.kind, "customer"), isNull(users.disabledAt)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("User", userId);
  return row;
}

/** The customer's storefront users (removed ones left out), oldest first. */
export async function listCustomerUsers({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CustomerUserView[]> {
  authorizeCustomerRead(ctx, customerId);
  await getCustomerRowOrThrow(ctx, customerId);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.customerId, customerId), eq(users.kind, "customer"), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt), asc(users.id));
  return rows.map(toCustomerUserView);
}

/** Whether the customer's portal is open, and who can use it. */
export async function getStorefrontAccess({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<StorefrontAccessView> {
  authorizeCustomerRead(ctx, customerId);
  const customer = await getCustomerRowOrThrow(ctx, customerId);
  return {
    customerId,
    enabled: customer.storefrontEnabledAt !== null,
    enabledAt: customer.storefrontEnabledAt?.toISOString() ?? null,
    users: await listCustomerUsers({ ctx, customerId }),
  };
}
