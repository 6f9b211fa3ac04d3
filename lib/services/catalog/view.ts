import type { products, shippingMethods } from "@/db/schema";
import type { ProductView, ShippingMethodView } from "./schemas";

export function toProductView(row: typeof products.$inferSelect): ProductView {
  return {
    id: row.id,
    productUid: row.productUid,
    title: row.title,
    description: row.description,
    options: row.options,
    fileTypes: row.fileTypes,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toShippingMethodView(row: typeof shippingMethods.$inferSelect): ShippingMethodView {
  return { id: row.id, uid: row.uid, name: row.name, active: row.active, createdAt: row.createdAt.toISOString() };
}
