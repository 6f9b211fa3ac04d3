import { products, shippingMethods } from "@/db/schema";
import type { Database } from "@/db/client";
import { onInvalidate } from "@/lib/cache/invalidation";

export type CatalogProduct = { id: string; productUid: string; title: string; fileTypes: string[]; active: boolean };
export type CatalogSnapshot = {
  products: Map<string, CatalogProduct>;
  /** The partner's shipping methods, or null while it lists none (then any method passes). */
  shippingMethods: Set<string> | null;
  /** Display names of every shipping method by uid, inactive ones included (older orders use them). */
  shippingMethodNames: Map<string, string>;
};

// The whole catalog in memory for order intake, reloaded after any change or once a minute.
let cached: { snapshot: CatalogSnapshot; loadedAt: number } | undefined;
let loading: Promise<CatalogSnapshot> | undefined;
let generation = 0;
onInvalidate("catalog", () => {
  cached = undefined;
  generation++;
});

export async function getCatalogSnapshot(db: Database): Promise<CatalogSnapshot> {
  if (cached && Date.now() - cached.loadedAt < 60_000) return cached.snapshot;
  if (loading) return loading;
  const startedGeneration = generation;
  loading = (async () => {
    const [productRows, methodRows] = await Promise.all([
      db
        .select({ id: products.id, productUid: products.productUid, title: products.title, fileTypes: products.fileTypes, active: products.active })
        .from(products),
      db.select({ uid: shippingMethods.uid, name: shippingMethods.name, active: shippingMethods.active }).from(shippingMethods),
    ]);
    const snapshot: CatalogSnapshot = {
      products: new Map(productRows.map((row) => [row.productUid, row])),
      shippingMethods: methodRows.some((row) => row.active) ? new Set(methodRows.filter((row) => row.active).map((row) => row.uid)) : null,
      shippingMethodNames: new Map(methodRows.map((row) => [row.uid, row.name])),
    };
    if (startedGeneration === generation) cached = { snapshot, loadedAt: Date.now() };
    return snapshot;
  })().finally(() => {
    loading = undefined;
  });
  return loading;
}

/** Shipping method display names by uid, for order responses that show them. */
export async function getShippingMethodNames(db: Database): Promise<ReadonlyMap<string, string>> {
  return (await getCatalogSnapshot(db)).shippingMethodNames;
}
