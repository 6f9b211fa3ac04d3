import { AppError } from "@/lib/errors";
import type { Actor, ServiceContext } from "./context";

// What each kind of partner actor may do. Customer-scoped actors (storefront users, connectors,
// stores) are checked by the services themselves, which confine them to their own customer.
export type Permission =
  | "read"
  | "orders:read"
  | "orders:status"
  | "write"
  | "staff:manage"
  | "tokens:manage";

const staffGrants: Record<"admin" | "operator", readonly Permission[]> = {
  admin: ["read", "orders:read", "orders:status", "write", "staff:manage", "tokens:manage"],
  operator: ["read", "orders:read", "orders:status", "write"],
};

const tokenGrants: Record<"admin" | "operator" | "production" | "read", readonly Permission[]> = {
  admin: staffGrants.admin,
  operator: staffGrants.operator,
  production: ["orders:read", "orders:status"],
  read: ["read", "orders:read"],
};

export function can(actor: Actor, permission: Permission): boolean {
  switch (actor.type) {
    case "staff":
      return staffGrants[actor.role].includes(permission);
    case "token":
      return tokenGrants[actor.scope].includes(permission);
    case "system":
      return true;
    default:
      return false;
  }
}

/** Throws 403 unless the actor holds the permission. Customer-scoped actors get 403 here too. */
export function authorize(ctx: ServiceContext, permission: Permission): void {
  if (!can(ctx.actor, permission)) {
    throw new AppError("forbidden", "You do not have permission to do this");
  }
}

export function isPartnerActor(actor: Actor): boolean {
  return actor.type === "staff" || actor.type === "token" || actor.type === "system";
}
