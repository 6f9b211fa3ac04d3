import { createHash } from "node:crypto";
import type { ShopAddress, ShopOrder, ShopOrderLine } from "@/connectors/types";
import type { productLinks, ignoredVariants } from "@/db/schema";
import type { Address, CanonicalOrder, LookupTraceEntry } from "@/lib/domain/order";
import type { LookupSet } from "@/lib/lookups/apply";
import type { CatalogSnapshot } from "../catalog/snapshot";
import { stableStringify } from "../orders/intake";
import { canonicalPaths, resolveShipment } from "../orders/prepare";
import type { StoreRow } from "./access";

type LinkRow = Pick<typeof productLinks.$inferSelect, "externalProductId" | "externalVariantId" | "productUid" | "files">;
type IgnoredRow = Pick<typeof ignoredVariants.$inferSelect, "externalProductId" | "externalVariantId">;

/** `holdReason`: the order is taken but waits on hold (Etsy withheld the address) instead of being processed. */
export type BuiltShopOrder = { kind: "order"; order: CanonicalOrder; trace: LookupTraceEntry[]; holdReason?: string } | { kind: "not_taken"; reason: string };

const withheldAddress: ShopAddress = { firstName: "", lastName: "", addressLine1: "", city: "", postCode: "", country: "" };

const cut = (value: string | null | undefined, max: number): string => (value ?? "").slice(0, max);
const optional = (value: string | null | undefined, max: number): string | undefined => (value?.trim() ? value.trim().slice(0, max) : undefined);

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function notTakenReason(order: ShopOrder): string | null {
  switch (order.status) {
    case "payable":
      return null;
    case "awaiting_payment":
      return sentence(order.statusReason ?? "not paid yet");
    case "cancelled":
      return sentence(order.statusReason ?? "cancelled in the shop");
    case "other":
      return sentence(order.statusReason ?? (order.test ? "a test order" : "not an order to produce"));
  }
}

/**
 * A fingerprint of everything Inkbridge reads from a shop order. Platforms give `updatedAt` to the
 * second, so two versions can share it; with the fingerprint too, a copy already applied is known
 * as such without comparing it field by field.
 */
export function shopOrderDigest(order: ShopOrder): string {
  const { raw: _raw, ...read } = order;
  return createHash("sha256").update(stableStringify(read)).digest("base64url");
}

/** Whether a shop line is one of the variants the customer chose to ignore. */
export function isIgnored(line: Pick<ShopOrderLine, "externalProductId" | "externalVariantId">, ignored: readonly IgnoredRow[]): boolean {
  return ignored.some(
    (row) => row.externalProductId === line.externalProductId && (row.externalVariantId === null || row.externalVariantId === line.externalVariantId),
  );
}

/** The link for a line: the variant's own, else one covering the whole product. */
export function linkFor(line: Pick<ShopOrderLine, "externalProductId" | "externalVariantId">, links: readonly LinkRow[]): LinkRow | undefined {
  if (!line.externalProductId) return undefined;
  return (
    links.find((link) => link.externalProductId === line.externalProductId && link.externalVariantId !== null && link.externalVariantId === line.externalVariantId) ??
    links.find((link) => link.externalProductId === line.externalProductId && link.externalVariantId === null)
  );
}

export function toAddress(address: ShopAddress, email: string | undefined): Address {
  return {
    firstName: cut(address.firstName, 100),
    lastName: cut(address.lastName, 100),
    ...(optional(address.companyName, 200) ? { companyName: optional(address.companyName, 200) } : {}),
    addressLine1: cut(address.addressLine1, 200),
    ...(optional(address.addressLine2, 200) ? { addressLine2: optional(address.addressLine2, 200) } : {}),
    city: cut(address.city, 100),
    postCode: cut(address.postCode, 30),
    ...(optional(address.state, 100) ? { state: optional(address.state, 100) } : {}),
    country: cut(address.country, 100),
    ...(optional(address.email ?? email, 254) ? { email: optional(address.email ?? email, 254) } : {}),
    ...(optional(address.phone, 50) ? { phone: optional(address.phone, 50) } : {}),
  };
}

/**
 * The canonical order a shop order becomes, or why it is not taken. Lines that need no shipping
 * or belong to ignored variants are left out; linked lines carry their product and files, the
 * others keep the SKU for the product lookup when the order is processed.
 */
export function buildShopOrder(
  store: StoreRow,
  order: ShopOrder,
  context: { links: readonly LinkRow[]; ignored: readonly IgnoredRow[]; lookups: LookupSet; catalog: CatalogSnapshot; attention?: ReadonlySet<string> },
): BuiltShopOrder {
  const reason = notTakenReason(order);
  if (reason) return { kind: "not_taken", reason };
  // Platforms give times to the second: an order from the same second as the connect is taken.
  if (new Date(order.createdAt).getTime() < store.connectedAt.getTime() - 1000) {
    return { kind: "not_taken", reason: "Placed before the store was connected" };
  }
  // A platform that withholds the address says why: the order waits on hold with that reason.
  const holdReason = !order.shippingAddress && order.statusReason ? sentence(order.statusReason) : undefined;
  if (!order.shippingAddress && !holdReason) return { kind: "not_taken", reason: "The order has no shipping address" };
  const lines = order.lines.filter((line) => line.requiresShipping && line.quantity > 0 && !isIgnored(line, context.ignored));
  if (lines.length === 0) return { kind: "not_taken", reason: "Nothing to produce: every line is digital, a gift card or an ignored variant" };

  const items = lines.slice(0, 500).map((line) => {
    // A link whose variant changed in the shop is not trusted: processing names the reason.
    const link = context.attention?.has(`${line.externalProductId}:${line.externalVariantId ?? ""}`) ? undefined : linkFor(line, context.links);
    return {
      externalItemId: cut(line.externalLineId, 200),
      ...(optional(line.sku, 500) ? { sourceProductKey: optional(line.sku, 500) } : {}),
      ...(link ? { productUid: link.productUid } : {}),
      quantity: Math.min(line.quantity, 1_000_000),
      files: link ? link.files.map((file) => ({ type: file.type, url: file.url })) : [],
      shipmentIndex: 0,
      options: {},
      extra: {
        externalProductId: line.externalProductId,
        externalVariantId: line.externalVariantId,
        sku: line.sku,
        title: cut(line.title, 500),
        variantTitle: line.variantTitle ? cut(line.variantTitle, 500) : null,
      },
    };
  });
  const shipment = {
    shipmentIndex: 0,
    address: toAddress(order.shippingAddress ?? withheldAddress, order.email),
    ...(optional(order.shippingMethod, 200) ? { sourceMethod: optional(order.shippingMethod, 200) } : {}),
    extra: {},
  } as CanonicalOrder["shipments"][number];
  // Country and shipping-method lookups apply as for API orders; a shop's own method title that
  // maps to nothing is kept as sent rather than refusing the order.
  const outcome = resolveShipment(shipment, context.lookups, context.catalog, { ...canonicalPaths.shipment(0), stateRequired: false });
  const canonical: CanonicalOrder = {
    channel: store.platform,
    externalId: cut(order.externalId, 200),
    orderType: "order",
    ...(optional(order.currency, 3) ? { currency: optional(order.currency, 3) } : {}),
    customerReferenceId: cut(order.name || order.externalId, 200),
    priority: "normal",
    tags: [],
    holdForApproval: store.approvalMode === "manual",
    metadata: [],
    extra: { shopOrderName: order.name, shopUpdatedAt: order.updatedAt, shopDigest: shopOrderDigest(order) },
    items,
    shipments: [shipment],
  };
  return { kind: "order", order: canonical, trace: outcome.trace, ...(holdReason ? { holdReason } : {}) };
}
