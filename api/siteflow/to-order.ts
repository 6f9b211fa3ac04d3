import type { z } from "zod";
import type { Address, CanonicalOrderInput, OrderProblem } from "@/lib/domain/order";
import type { OrderPaths } from "@/lib/services/orders/prepare";
import type { RoutingRule } from "@/db/schema/connectors";
import { formatPath } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import type { Dialect, DialectParse } from "@/lib/services/orders/dialects";
import { siteflowOrderSchema, type SiteflowAddress, type SiteflowCarrier, type SiteflowReturnAddress } from "./schemas";

/** Deeper bodies are refused before anything walks them recursively. */
export const maxDepth = 32;

/** Where canonical fields came from in a Site Flow order (for errors and lookup traces). */
export const siteflowPaths: OrderPaths = {
  item: (index) => ({
    self: `orderData.items[${index}]`,
    product: `orderData.items[${index}].sku`,
    quantity: `orderData.items[${index}].quantity`,
    file: (fileIndex) => `orderData.items[${index}].components[${fileIndex}].code`,
  }),
  shipment: (index) => ({
    self: `orderData.shipments[${index}]`,
    method: `orderData.shipments[${index}].carrier`,
    country: `orderData.shipments[${index}].shipTo.isoCountry`,
    state: `orderData.shipments[${index}].shipTo.state`,
    // Site Flow accepts addresses without a state, US ones included.
    stateRequired: false,
  }),
};

const addressFields: Record<string, string> = {
  firstName: "name",
  lastName: "name",
  companyName: "companyName",
  addressLine1: "address1",
  addressLine2: "address2",
  addressLine3: "address3",
  city: "town",
  postCode: "postcode",
  state: "state",
  country: "isoCountry",
  email: "email",
  phone: "phone",
};

/**
 * Renames a canonical path (`shipments[0].address.city`) to the Site Flow field it came from
 * (`orderData.shipments[0].shipTo.town`). Paths already in Site Flow terms are kept.
 */
export function toSiteflowPath(path: string): string {
  if (/^(orderData|destination)\b/.test(path)) return path.replace(/^(orderData\.items\[\d+\])\.files\b/, "$1.components");
  if (/^(query|params|headers)\./.test(path) || path === "(root)") return path;
  let match = /^items\[(\d+)\](?:\.(\w+)(?:\[(\d+)\](?:\.(\w+))?)?)?/.exec(path);
  if (match) {
    const [, item, field, fileIndex, fileField] = match;
    const base = `orderData.items[${item}]`;
    switch (field) {
      case undefined:
        return base;
      case "externalItemId":
        return `${base}.sourceItemId`;
      case "sourceProductKey":
      case "productUid":
      case "productKeys":
        return `${base}.sku`;
      case "quantity":
      case "shipmentIndex":
        return `${base}.${field}`;
      case "files":
        if (fileIndex === undefined) return `${base}.components`;
        return `${base}.components[${fileIndex}]${fileField === "url" ? ".path" : fileField === "type" ? ".code" : ""}`;
      default:
        return base;
    }
  }
  match = /^shipments\[(\d+)\](?:\.(\w+)(?:\.(\w+))?)?/.exec(path);
  if (match) {
    const [, shipment, field, addressField] = match;
    const base = `orderData.shipments[${shipment}]`;
    if (field === "address" || field === "returnAddress") {
      const part = field === "address" ? "shipTo" : "returnAddress";
      const mapped = addressField ? addressFields[addressField] : undefined;
      return mapped ? `${base}.${part}.${mapped}` : `${base}.${part}`;
    }
    if (field === "method" || field === "sourceMethod" || field === "carrier") return `${base}.carrier`;
    return base;
  }
  if (path === "externalId") return "orderData.sourceOrderId";
  if (/^(currency|tags)\b/.test(path)) return `orderData.${path}`;
  return "orderData";
}

export function toSiteflowProblems(problems: readonly OrderProblem[]): OrderProblem[] {
  return problems.map((problem) => ({ path: toSiteflowPath(problem.path), message: problem.message }));
}

// PostgreSQL cannot store NUL characters or unpaired UTF-16 surrogates (in text or jsonb).
const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const isUnstorable = (text: string) => text.includes("\u0000") || unpairedSurrogate.test(text);

/**
 * The first part of a body that cannot be taken as it is: nested deeper than `limit`, or a key
 * or text the database cannot store. Iterative, so any depth is safe.
 */
export function findUnacceptable(value: unknown, limit = maxDepth): OrderProblem | undefined {
  const stack: Array<{ value: unknown; depth: number; path: PropertyKey[] }> = [{ value, depth: 0, path: [] }];
  const where = (path: PropertyKey[]) => formatPath(path) || "(root)";
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value === "string") {
      if (isUnstorable(next.value)) return { path: where(next.path), message: "contains a NUL character or an unpaired surrogate" };
      continue;
    }
    if (next.value === null || typeof next.value !== "object") continue;
    if (next.depth >= limit) return { path: where(next.path), message: `nested more than ${limit} levels deep` };
    const entries = Array.isArray(next.value) ? next.value.map((inner, index) => [index, inner] as const) : Object.entries(next.value);
    for (const [key, inner] of entries) {
      if (typeof key === "string" && isUnstorable(key)) return { path: where(next.path), message: "has a key with a NUL character or an unpaired surrogate" };
      if (inner !== null && (typeof inner === "object" || typeof inner === "string")) stack.push({ value: inner, depth: next.depth + 1, path: [...next.path, key] });
    }
  }
  return undefined;
}

function omit<T extends Record<string, unknown>>(value: T, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key, inner]) => !keys.includes(key) && inner !== undefined));
}

const addressKeys = ["name", "companyName", "address1", "address2", "address3", "town", "state", "postcode", "isoCountry", "phone", "email"] as const;

function splitName(name: string | undefined): { firstName: string; lastName: string } {
  const [firstName = "", ...rest] = (name ?? "").trim().split(/\s+/);
  return { firstName, lastName: rest.join(" ") };
}

function toAddress(shipTo: SiteflowAddress): Address {
  const country = shipTo.isoCountry.toUpperCase();
  return {
    ...splitName(shipTo.name),
    companyName: shipTo.companyName,
    addressLine1: shipTo.address1,
    addressLine2: shipTo.address2,
    addressLine3: shipTo.address3,
    city: shipTo.town,
    postCode: shipTo.postcode ?? "",
    state: shipTo.state,
    country,
    email: shipTo.email,
    phone: shipTo.phone,
  };
}

function toPartialAddress(address: SiteflowReturnAddress): Partial<Address> {
  const result: Partial<Address> = {
    ...(address.name ? splitName(address.name) : {}),
    companyName: address.companyName,
    addressLine1: address.address1,
    addressLine2: address.address2,
    addressLine3: address.address3,
    city: address.town,
    postCode: address.postcode,
    state: address.state,
    country: address.isoCountry?.toUpperCase(),
    email: address.email,
    phone: address.phone,
  };
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}

/** The shipping method key a carrier stands for: its alias, or `code/service`. */
export function carrierMethodKey(carrier: SiteflowCarrier): string | undefined {
  if (carrier.alias) return carrier.alias;
  if (carrier.code) return carrier.service ? `${carrier.code}/${carrier.service}` : carrier.code;
  return undefined;
}

export type ToOrderOptions = {
  /** `SITEFLOW_ACCOUNT`: the only destination accepted. */
  account: string;
  routingRule?: RoutingRule;
};

/**
 * Translates a Site Flow order body into the canonical order. Pure: lookups and the catalog are
 * applied afterwards by `prepareOrder`, with `siteflowPaths` naming the fields in problems.
 */
export function toCanonicalOrder(body: unknown, options: ToOrderOptions): DialectParse {
  const unacceptable = findUnacceptable(body);
  if (unacceptable) return { ok: false, problems: [unacceptable] };
  const parsed = siteflowOrderSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: issuesToProblems(parsed.error.issues) };
  const { destination, orderData } = parsed.data;
  const problems: OrderProblem[] = [];
  if (destination.name !== options.account) {
    problems.push({ path: "destination.name", message: `must be “${options.account}”, the Site Flow account of this print partner` });
  }
  orderData.shipments.forEach((shipment, index) => {
    if (!carrierMethodKey(shipment.carrier)) {
      problems.push({ path: `orderData.shipments[${index}].carrier`, message: "send a carrier as {\"alias\"} or {\"code\", \"service\"}" });
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const rule = options.routingRule;
  const tags = [...new Set([...(orderData.tags ?? []), ...(rule?.tags ?? [])])];
  const input: CanonicalOrderInput = {
    channel: "siteflow_api",
    externalId: orderData.sourceOrderId,
    orderType: "order",
    currency: orderData.currency,
    priority: rule?.priority ?? "normal",
    tags,
    routingRuleKey: rule?.key,
    holdForApproval: rule?.hold ?? false,
    metadata: [],
    extra: { siteflow: { destination: omit(destination, []), orderData: omit(orderData, ["sourceOrderId", "items", "shipments", "currency", "tags"]) } },
    items: orderData.items.map((item) => ({
      externalItemId: item.sourceItemId,
      sourceProductKey: item.sku,
      quantity: item.quantity,
      shipmentIndex: item.shipmentIndex ?? 0,
      files: item.components.map((component) => ({ type: component.code, url: component.path })),
      options: {},
      extra: { siteflow: omit(item, ["sourceItemId", "quantity", "shipmentIndex"]) },
    })),
    shipments: orderData.shipments.map((shipment, index) => ({
      shipmentIndex: index,
      address: toAddress(shipment.shipTo),
      returnAddress: shipment.returnAddress ? toPartialAddress(shipment.returnAddress) : undefined,
      sourceMethod: carrierMethodKey(shipment.carrier),
      carrier: shipment.carrier.code ?? shipment.carrier.alias,
      extra: {
        siteflow: {
          ...omit(shipment, ["shipTo", "returnAddress", "carrier", "shipmentIndex"]),
          shipTo: omit(shipment.shipTo, addressKeys),
          ...(shipment.returnAddress ? { returnAddress: omit(shipment.returnAddress, addressKeys) } : {}),
          carrier: omit(shipment.carrier, []),
        },
      },
    })),
  };
  return { ok: true, input, paths: siteflowPaths };
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[]): OrderProblem[] {
  const seen = new Set<string>();
  const problems: OrderProblem[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path) || "(root)";
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message: issue.message });
  }
  return problems;
}

/** Turns a `PUT /order/{id}` body (bare orderData, or wrapped) into a full order body. */
export function updateBody(body: unknown, current: { sourceOrderId: string; account: string }): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const wrapped = "orderData" in record ? record : { orderData: record };
  const orderData = wrapped.orderData;
  const withId =
    orderData && typeof orderData === "object" && !Array.isArray(orderData) && (orderData as Record<string, unknown>).sourceOrderId === undefined
      ? { ...orderData, sourceOrderId: current.sourceOrderId }
      : orderData;
  return { ...wrapped, destination: wrapped.destination ?? { name: current.account }, orderData: withId };
}

export const siteflowDialect: Dialect = {
  name: "siteflow",
  label: "HP Site Flow",
  parse: (body, options) => toCanonicalOrder(body, { account: getEnv().SITEFLOW_ACCOUNT, routingRule: options.routingRule }),
};
