import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import { customerInvitations, users } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { Database } from "@/db/client";
import type { ServiceContext } from "../context";
import { authorizeCustomerRead } from "../customer-scope";
import { getCustomerRowOrThrow } from "../customers/get";
import type { CustomerUserView, StorefrontAccessView } from "./schemas";
import { toCustomerUserView, toInvitationView } from "./view";

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

/**
 * The customer's Users page: its users who have chosen a password (removed ones left out),
 * then its pending invitations, each oldest first. Invitations come from their own table, so an
 * invitation to an address outside the customer is listed like any other.
 */
export async function listCustomerUsers({ ctx, customerId }: { ctx: ServiceContext; customerId: string }): Promise<CustomerUserView[]> {
  authorizeCustomerRead(ctx, customerId);
  await getCustomerRowOrThrow(ctx, customerId);
  const members = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.customerId, customerId), eq(users.kind, "customer"), isNull(users.disabledAt), isNotNull(users.passwordHash)))
    .orderBy(asc(users.createdAt), asc(users.id));
  const invitations = await ctx.db
    .select()
    .from(customerInvitations)
    .where(and(eq(customerInvitations.customerId, customerId), eq(customerInvitations.state, "pending")))
    .orderBy(asc(customerInvitations.createdAt), asc(customerInvitations.id));
  const forStaff = ctx.actor.type !== "customer_user";
  return [...members.map(toCustomerUserView), ...invitations.map((row) => toInvitationView(row, { forStaff }))];
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
