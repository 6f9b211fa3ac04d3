import { AppError, notFound } from "@/lib/errors";
import { actorCustomerId, type ServiceContext } from "./context";
import { authorize, type Permission } from "./permissions";

/**
 * Reads of one customer's data: customer-scoped actors reach only their own customer (another
 * customer's id is a 404, never a 403); partner actors need `permission`.
 */
export function authorizeCustomerRead(ctx: ServiceContext, customerId: string, permission: Permission = "read"): void {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) return authorize(ctx, permission);
  if (own !== customerId) throw notFound("Customer", customerId);
}

/** Partner-only changes to a customer: a customer-scoped actor gets 404 on another customer, 403 on its own. */
export function authorizePartnerOnCustomer(ctx: ServiceContext, customerId: string, permission: Permission = "write"): void {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) return authorize(ctx, permission);
  if (own !== customerId) throw notFound("Customer", customerId);
  throw new AppError("forbidden", "Only your print partner can do this");
}

/** Managing a customer's users: partner staff with `write`, or an admin user of that very customer. */
export function authorizeUserManagement(ctx: ServiceContext, customerId: string): void {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) return authorize(ctx, "write");
  if (own !== customerId) throw notFound("Customer", customerId);
  if (ctx.actor.type !== "customer_user" || ctx.actor.role !== "admin") {
    throw new AppError("forbidden", "Only your company's admins can manage users");
  }
}
