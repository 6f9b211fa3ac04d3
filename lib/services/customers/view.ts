import type { customers } from "@/db/schema";
import type { CustomerView } from "./schemas";

export function toCustomerView(row: typeof customers.$inferSelect): CustomerView {
  return {
    id: row.id,
    name: row.name,
    referenceId: row.referenceId,
    description: row.description,
    catalogAccess: row.catalogAccess,
    storefront: { enabled: row.storefrontEnabledAt !== null, enabledAt: row.storefrontEnabledAt?.toISOString() ?? null },
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
