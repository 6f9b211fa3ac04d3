import { orderStatuses, type OrderChannel, type OrderStatus } from "@/db/schema/enums";
import type { listOrdersInput } from "@/lib/services/orders";
import type { z } from "zod";
import type { Address, CanonicalItemInput, CanonicalOrderInput } from "@/lib/domain/order";
import type { OrderPaths } from "@/lib/services/orders/prepare";
import type { Dialect } from "@/lib/services/orders/dialects";
import { gelatoCreateOrder, type GelatoChannel, type GelatoCreateOrder, type GelatoFinancialStatus, type GelatoItem, type GelatoSearch, type GelatoUpdateShipment } from "./schemas";
import { issuesToDetails } from "./errors";

// Gelato v4 order → canonical order. Pure: no database, so the order preview runs exactly this.

/**
 * The product lookup keys for a customer product: the name with its variant options sorted by
 * name (`Poster[paper=matt;size=A3]`), then the bare name.
 */
export function productKeyCandidates(productName: string, variant: Record<string, string | number | boolean> | undefined): string[] {
  const options = Object.entries(variant ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (options.length === 0) return [productName];
  return [`${productName}[${options.map(([name, value]) => `${name}=${String(value)}`).join(";")}]`, productName];
}

function toItem(item: GelatoItem): CanonicalItemInput {
  const extra: Record<string, unknown> = {};
  if (item.productName !== undefined) extra.productName = item.productName;
  if (item.productVariant !== undefined) extra.productVariant = item.productVariant;
  if (item.pageCount !== undefined) extra.pageCount = item.pageCount;
  if (item.adjustProductUidByFileTypes !== undefined) extra.adjustProductUidByFileTypes = item.adjustProductUidByFileTypes;
  if (item.retailPriceInclVat !== undefined) extra.retailPriceInclVat = item.retailPriceInclVat;
  if (item.options !== undefined) extra.options = item.options;
  const files = item.files ?? [];
  // Canonical files carry type and url; Gelato's other file fields ride along by position.
  const fileDetails = files.map(({ type: _type, url: _url, ...rest }) => rest);
  if (fileDetails.some((details) => Object.keys(details).length > 0)) extra.files = fileDetails;

  const base = {
    externalItemId: item.itemReferenceId,
    quantity: item.quantity,
    files: files.map((file) => ({ type: file.type ?? "default", url: file.url })),
    shipmentIndex: 0,
    extra,
  };
  if (item.productName !== undefined) {
    const keys = productKeyCandidates(item.productName, item.productVariant);
    return {
      ...base,
      sourceProductKey: keys[0],
      productKeys: keys,
      options: Object.fromEntries(Object.entries(item.productVariant ?? {}).map(([name, value]) => [name, String(value)])),
    };
  }
  return { ...base, sourceProductKey: item.productUid, productUid: item.productUid, options: {} };
}

export function toAddress(address: GelatoCreateOrder["shippingAddress"]): Address {
  return Object.fromEntries(Object.entries(address).filter(([, value]) => value !== undefined)) as Address;
}

/** A validated Gelato create-order body as the canonical order. */
export function toCanonicalOrder(body: GelatoCreateOrder): CanonicalOrderInput {
  const extra: Record<string, unknown> = {};
  if (body.retailCurrency !== undefined) extra.retailCurrency = body.retailCurrency;
  if (body.retailShippingPriceInclVat !== undefined) extra.retailShippingPriceInclVat = body.retailShippingPriceInclVat;
  if (body.preventDuplicate !== undefined) extra.preventDuplicate = body.preventDuplicate;
  return {
    channel: "gelato_api",
    externalId: body.orderReferenceId,
    orderType: body.orderType ?? "order",
    currency: body.currency,
    ...(body.customerReferenceId !== undefined ? { customerReferenceId: body.customerReferenceId } : {}),
    metadata: body.metadata ?? [],
    extra,
    items: body.items.map(toItem),
    shipments: [
      {
        shipmentIndex: 0,
        address: toAddress(body.shippingAddress),
        ...(body.returnAddress ? { returnAddress: Object.fromEntries(Object.entries(body.returnAddress).filter(([, value]) => value !== undefined)) } : {}),
        ...(body.shipmentMethodUid?.trim() ? { sourceMethod: body.shipmentMethodUid.trim() } : {}),
        extra: {},
      },
    ],
  };
}

/** Where each canonical field came from in the request, for lookup and catalog problems. */
export function gelatoOrderPaths(body: Pick<GelatoCreateOrder, "items">): OrderPaths {
  return {
    item: (index) => ({
      self: `items[${index}]`,
      product: body.items[index]?.productName !== undefined ? `items[${index}].productName` : `items[${index}].productUid`,
      quantity: `items[${index}].quantity`,
      file: (fileIndex) => `items[${index}].files[${fileIndex}].type`,
    }),
    shipment: () => shipmentPaths,
  };
}

export const shipmentPaths: ReturnType<OrderPaths["shipment"]> = {
  self: "shippingAddress",
  method: "shipmentMethodUid",
  country: "shippingAddress.country",
  state: "shippingAddress.state",
};

/** The canonical change an update-shipment body asks for. */
export function toShipmentChange(body: GelatoUpdateShipment): { sourceMethod?: string; address?: Address } {
  return {
    ...(body.shipmentMethodUid !== undefined ? { sourceMethod: body.shipmentMethodUid.trim() } : {}),
    ...(body.shippingAddress !== undefined ? { address: toAddress(body.shippingAddress) } : {}),
  };
}

const channelsOf: Record<GelatoChannel, OrderChannel[]> = {
  ui: [],
  api: ["gelato_api", "siteflow_api"],
  shopify: ["shopify"],
  etsy: ["etsy"],
  woocommerce: ["woocommerce"],
};

const statusesOfFinancial: Record<GelatoFinancialStatus, readonly OrderStatus[]> = {
  draft: ["draft"],
  canceled: ["canceled"],
  pending: orderStatuses.filter((status) => status !== "draft" && status !== "canceled"),
  invoiced: [],
  to_be_invoiced: [],
  paid: [],
  partially_refunded: [],
  refunded: [],
  refused: [],
};

const given = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;

/**
 * Gelato search filters as an order query, or null when they can match nothing here (a status
 * or channel Inkbridge never gives an order). An empty filter list filters nothing.
 */
export function toOrderQuery(search: GelatoSearch): z.input<typeof listOrdersInput> | null {
  let statuses: OrderStatus[] | undefined;
  if (given(search.fulfillmentStatuses)) {
    const wanted = new Set<string>(search.fulfillmentStatuses);
    statuses = orderStatuses.filter((status) => wanted.has(status));
  }
  if (given(search.financialStatuses)) {
    const allowed = new Set(search.financialStatuses.flatMap((status) => statusesOfFinancial[status]));
    statuses = (statuses ?? [...orderStatuses]).filter((status) => allowed.has(status));
  }
  const channels = given(search.channels) ? [...new Set(search.channels.flatMap((channel) => channelsOf[channel]))] : undefined;
  if (statuses?.length === 0 || channels?.length === 0) return null;
  // orderReferenceId and orderReferenceIds each narrow the result, like every other filter.
  let references = given(search.orderReferenceIds) ? [...search.orderReferenceIds] : undefined;
  if (search.orderReferenceId !== undefined) references = references ? references.filter((reference) => reference === search.orderReferenceId) : [search.orderReferenceId];
  if (references?.length === 0) return null;
  return {
    limit: search.limit ?? 50,
    offset: search.offset ?? 0,
    ...(statuses ? { status: statuses } : {}),
    ...(channels ? { channel: channels } : {}),
    ...(given(search.orderTypes) ? { orderType: [...search.orderTypes] } : {}),
    ...(given(search.ids) ? { ids: [...search.ids] } : {}),
    ...(references ? { externalIds: references } : {}),
    ...(given(search.countries) ? { countries: [...search.countries] } : {}),
    ...(given(search.currencies) ? { currencies: [...search.currencies] } : {}),
    ...(given(search.storeIds) ? { storeId: [...search.storeIds] } : {}),
    ...(search.search?.trim() ? { q: search.search.trim() } : {}),
    ...(search.startDate ? { from: new Date(search.startDate) } : {}),
    ...(search.endDate ? { to: new Date(search.endDate) } : {}),
  };
}

export const gelatoDialect: Dialect = {
  name: "gelato",
  label: "Gelato Order API v4",
  parse(body) {
    const parsed = gelatoCreateOrder.safeParse(body);
    if (!parsed.success) return { ok: false, problems: issuesToDetails(parsed.error.issues) };
    return { ok: true, input: toCanonicalOrder(parsed.data), paths: gelatoOrderPaths(parsed.data) };
  },
};
