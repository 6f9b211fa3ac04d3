import type { Database } from "@/db/client";
import { canonicalOrderSchema, type CanonicalOrder, type CanonicalOrderInput, type LookupTraceEntry, type OrderProblem } from "@/lib/domain/order";
import { countryAliases, countryCodes, countriesRequiringState } from "@/lib/domain/countries";
import { formatPath } from "@/lib/errors";
import { hasEntry, lookUp, type LookupSet } from "@/lib/lookups/apply";
import { getCatalogSnapshot, type CatalogSnapshot } from "../catalog/snapshot";
import { getCustomerLookups } from "../lookups/snapshot";

/** Where each canonical field came from, in the dialect's own terms (for errors and traces). */
export type OrderPaths = {
  item(index: number): { self: string; product: string; quantity: string; file(fileIndex: number): string };
  shipment(index: number): { self: string; method: string; country: string; state: string; stateRequired?: boolean };
};

export const canonicalPaths: OrderPaths = {
  item: (index) => ({
    self: `items[${index}]`,
    product: `items[${index}].productUid`,
    quantity: `items[${index}].quantity`,
    file: (fileIndex) => `items[${index}].files[${fileIndex}].type`,
  }),
  shipment: (index) => ({
    self: `shipments[${index}]`,
    method: `shipments[${index}].method`,
    country: `shipments[${index}].address.country`,
    state: `shipments[${index}].address.state`,
  }),
};

export type PreparedOrder = { order: CanonicalOrder; trace: LookupTraceEntry[]; problems: OrderProblem[] };

/**
 * Applies the customer's lookups and resolves every item to the catalog: the step every API
 * order passes before it is stored (and the preview shows). Never throws for bad orders; the
 * problems say what is wrong, each at its dialect path.
 */
export async function prepareOrder(db: Database, customerId: string, input: CanonicalOrderInput, paths: OrderPaths): Promise<PreparedOrder> {
  const parsed = canonicalOrderSchema.safeParse(input);
  if (!parsed.success) {
    return {
      order: input as CanonicalOrder,
      trace: [],
      problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const [lookups, catalog] = await Promise.all([getCustomerLookups(db, customerId), getCatalogSnapshot(db)]);
  return resolveOrder(parsed.data, lookups, catalog, paths);
}

export function resolveOrder(source: CanonicalOrder, lookups: LookupSet, catalog: CatalogSnapshot, paths: OrderPaths): PreparedOrder {
  const order: CanonicalOrder = structuredClone(source);
  const trace: LookupTraceEntry[] = [];
  const problems: OrderProblem[] = [];
  const note = (outcome: { trace?: LookupTraceEntry; problem?: OrderProblem }) => {
    if (outcome.trace) trace.push(outcome.trace);
    if (outcome.problem) problems.push(outcome.problem);
  };

  order.items.forEach((item, index) => {
    const itemPaths = paths.item(index);
    const keys = item.productKeys?.length ? item.productKeys : [item.productUid ?? item.sourceProductKey ?? ""];
    const key = keys.find((candidate) => hasEntry(lookups, "product", candidate)) ?? keys[0] ?? "";
    if (!key.trim()) {
      problems.push({ path: itemPaths.product, message: "a product is required" });
      return;
    }
    const product = lookUp(lookups, "product", key, itemPaths.product);
    note(product);
    item.productUid = product.value;
    const catalogProduct = catalog.products.get(product.value);
    if (!product.problem) {
      if (!catalogProduct) problems.push({ path: itemPaths.product, message: `“${product.value}” is not a product in the catalog${product.matched ? ` (looked up from “${key}”)` : ""}` });
      else if (!catalogProduct.active) problems.push({ path: itemPaths.product, message: `the product “${product.value}” is no longer available` });
    }
    if (item.files.length === 0) problems.push({ path: `${itemPaths.self}.files`, message: "at least one print file is required" });
    item.files.forEach((file, fileIndex) => {
      const type = lookUp(lookups, "file_type", file.type, itemPaths.file(fileIndex));
      note(type);
      file.type = type.value;
      if (!type.problem && catalogProduct && !catalogProduct.fileTypes.includes(type.value)) {
        problems.push({
          path: itemPaths.file(fileIndex),
          message: `“${type.value}” is not a print area of ${catalogProduct.productUid} (${catalogProduct.fileTypes.join(", ")})`,
        });
      }
    });
    if (item.shipmentIndex >= order.shipments.length) {
      problems.push({ path: `${itemPaths.self}.shipmentIndex`, message: `there is no shipment ${item.shipmentIndex}` });
    }
  });

  order.shipments.forEach((shipment, index) => {
    const outcome = resolveShipment(shipment, lookups, catalog, paths.shipment(index));
    trace.push(...outcome.trace);
    problems.push(...outcome.problems);
  });

  return { order, trace, problems };
}

/** Resolves one shipment in place: shipping method (lookups, the partner's list) and country. */
export function resolveShipment(
  shipment: CanonicalOrder["shipments"][number],
  lookups: LookupSet,
  catalog: CatalogSnapshot,
  shipmentPaths: ReturnType<OrderPaths["shipment"]>,
): { trace: LookupTraceEntry[]; problems: OrderProblem[] } {
  const trace: LookupTraceEntry[] = [];
  const problems: OrderProblem[] = [];
  const note = (outcome: { trace?: LookupTraceEntry; problem?: OrderProblem }) => {
    if (outcome.trace) trace.push(outcome.trace);
    if (outcome.problem) problems.push(outcome.problem);
  };
  if (shipment.sourceMethod) {
    const candidates = shipment.sourceMethod.split(",").map((part) => part.trim()).filter(Boolean);
    const resolved = candidates.map((candidate) => ({ candidate, outcome: lookUp(lookups, "shipping_method", candidate, shipmentPaths.method) }));
    const offered = catalog.shippingMethods;
    const chosen = resolved.find(({ outcome }) => !outcome.problem && (!offered || offered.has(outcome.value)));
    if (chosen) {
      note(chosen.outcome);
      shipment.method = chosen.outcome.value;
    } else {
      const strictFailure = resolved.find(({ outcome }) => outcome.problem);
      problems.push(
        strictFailure?.outcome.problem ?? {
          path: shipmentPaths.method,
          message: `“${shipment.sourceMethod}” is not a shipping method offered (${[...(offered ?? [])].join(", ")})`,
        },
      );
    }
  }
  const country = lookUp(lookups, "country", shipment.address.country, shipmentPaths.country);
  note(country);
  let code = country.value.toUpperCase();
  const alias = countryAliases[code];
  if (alias && !country.matched) {
    trace.push({ field: "country", lookupId: "", lookupName: "built-in", path: shipmentPaths.country, from: code, to: alias, how: "default" });
    code = alias;
  }
  shipment.address.country = code;
  if (!country.problem && !countryCodes.has(code)) {
    problems.push({ path: shipmentPaths.country, message: `“${country.value}” is not an ISO 3166-1 alpha-2 country code` });
  }
  if (shipmentPaths.stateRequired !== false && countriesRequiringState.has(code) && !shipment.address.state?.trim()) {
    problems.push({ path: shipmentPaths.state, message: `a state is required for addresses in ${code}` });
  }
  return { trace, problems };
}
