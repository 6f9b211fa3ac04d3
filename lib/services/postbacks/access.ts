import { notFound } from "@/lib/errors";
import { actorCustomerId, type ServiceContext } from "../context";
import { authorize, type Permission } from "../permissions";

/**
 * Checks that the actor may see a customer's postbacks: partner actors with `permission`, a
 * customer's own users for their customer only (another customer's is a 404).
 */
export function authorizeCustomerAccess(ctx: ServiceContext, customerId: string, permission: Permission = "read"): void {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) {
    authorize(ctx, permission);
    return;
  }
  if (own !== customerId) throw notFound("Customer", customerId);
  if (permission !== "read") authorize(ctx, permission);
}

/** The customer a list is confined to: the actor's own, or the one asked for (partner actors). */
export function listScope(ctx: ServiceContext, customerId: string | undefined): string | undefined {
  const own = actorCustomerId(ctx.actor);
  if (own === undefined) {
    authorize(ctx, "read");
    return customerId;
  }
  if (customerId !== undefined && customerId !== own) throw notFound("Customer", customerId);
  return own;
}
