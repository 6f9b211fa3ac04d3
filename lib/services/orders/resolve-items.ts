import type { LookupTraceEntry } from "@/lib/domain/order";
import { lookUp, type LookupSet } from "@/lib/lookups/apply";
import type { CatalogSnapshot } from "../catalog/snapshot";
import { canonicalPaths } from "./prepare";

export type UnresolvedItem = { position: number; sourceProductKey: string | null };

export type ItemResolution = { productUid: string; trace: LookupTraceEntry | undefined } | { reason: string };

/**
 * Finds the catalog product for an item that arrived without one (shop orders): the shop SKU
 * through the customer's `product` lookup, then the catalog. Store product links, once they
 * exist, are tried before this.
 */
export function resolveItemProduct(item: UnresolvedItem, lookups: LookupSet, catalog: CatalogSnapshot): ItemResolution {
  const key = item.sourceProductKey?.trim();
  if (!key) return { reason: "No product: the line has no SKU to look up" };
  const outcome = lookUp(lookups, "product", key, canonicalPaths.item(item.position).product);
  const product = catalog.products.get(outcome.value);
  if (product?.active) return { productUid: product.productUid, trace: outcome.trace };
  if (product) return { reason: `No product: “${key}” leads to ${product.productUid}, which is no longer available` };
  if (outcome.matched) return { reason: `No product: “${key}” is looked up as “${outcome.value}”, which is not in the catalog` };
  return { reason: `No product for “${key}”: add it to the product lookup or link the shop product` };
}
