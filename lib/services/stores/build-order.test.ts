import { describe, expect, it } from "vitest";
import type { ShopOrder, ShopOrderLine } from "@/connectors/types";
import type { StoreRow } from "./access";
import { buildShopOrder } from "./build-order";

const store = { id: "sto_1", customerId: "cus_1", platform: "shopify", approvalMode: "auto", connectedAt: new Date("2026-12-01T00:00:00Z") } as StoreRow;
const catalog = { products: new Map(), shippingMethods: null, shippingMethodNames: new Map() };

const line = (overrides: Partial<ShopOrderLine> = {}): ShopOrderLine => ({
  externalLineId: "11",
  externalProductId: "100",
  externalVariantId: "200",
  sku: "POSTER-A3",
  title: "Poster",
  variantTitle: "A3",
  quantity: 1,
  requiresShipping: true,
  ...overrides,
});

const order = (overrides: Partial<ShopOrder> = {}): ShopOrder => ({
  externalId: "5001",
  name: "#1001",
  status: "payable",
  test: false,
  createdAt: "2026-12-02T10:00:00Z",
  updatedAt: "2026-12-02T10:00:00Z",
  currency: "EUR",
  email: "ada@example.com",
  shippingAddress: { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Square", city: "London", postCode: "SW1", country: "uk" },
  shippingMethod: "Standard",
  lines: [line()],
  raw: {},
  ...overrides,
});

const link = (externalVariantId: string | null, productUid: string) =>
  ({ id: "lnk", storeId: "sto_1", customerId: "cus_1", externalProductId: "100", externalVariantId, productUid, files: [{ type: "default", url: `https://files.example/${productUid}.pdf` }] }) as never;

const build = (shopOrder: ShopOrder, context: { links?: never[]; ignored?: never[] } = {}, storeRow: StoreRow = store) =>
  buildShopOrder(storeRow, shopOrder, { links: context.links ?? [], ignored: context.ignored ?? [], lookups: {}, catalog });

describe("buildShopOrder", () => {
  it("turns a paid order into a canonical order: channel, ids, the SKU as product key, the address with its country code", () => {
    const built = build(order());
    expect(built.kind).toBe("order");
    if (built.kind !== "order") return;
    expect(built.order).toMatchObject({ channel: "shopify", externalId: "5001", customerReferenceId: "#1001", currency: "EUR", holdForApproval: false });
    expect(built.order.items).toEqual([expect.objectContaining({ externalItemId: "11", sourceProductKey: "POSTER-A3", quantity: 1, files: [] })]);
    expect(built.order.items[0]!.productUid).toBeUndefined();
    expect(built.order.shipments[0]!.address).toMatchObject({ country: "GB", email: "ada@example.com" });
  });

  it("prefers the variant's own link to one for the whole product", () => {
    const built = build(order({ lines: [line(), line({ externalLineId: "12", externalVariantId: "201" })] }), { links: [link(null, "whole"), link("200", "own")] });
    if (built.kind !== "order") throw new Error(built.reason);
    expect(built.order.items.map((item) => item.productUid)).toEqual(["own", "whole"]);
    expect(built.order.items[0]!.files).toEqual([{ type: "default", url: "https://files.example/own.pdf" }]);
  });

  it("leaves out lines without shipping, with no quantity left, or of ignored variants", () => {
    const ignored = [{ id: "ign", storeId: "sto_1", externalProductId: "100", externalVariantId: "201" }] as never[];
    const built = build(
      order({
        lines: [line(), line({ externalLineId: "12", requiresShipping: false }), line({ externalLineId: "13", quantity: 0 }), line({ externalLineId: "14", externalVariantId: "201" })],
      }),
      { ignored },
    );
    if (built.kind !== "order") throw new Error(built.reason);
    expect(built.order.items.map((item) => item.externalItemId)).toEqual(["11"]);
  });

  it.each([
    ["unpaid", order({ status: "awaiting_payment", statusReason: "payment pending" }), "Payment pending"],
    ["cancelled", order({ status: "cancelled" }), "Cancelled in the shop"],
    ["a test order", order({ status: "other", test: true }), "A test order"],
    ["without an address", order({ shippingAddress: null }), "The order has no shipping address"],
    ["with nothing to produce", order({ lines: [line({ requiresShipping: false })] }), "Nothing to produce: every line is digital, a gift card or an ignored variant"],
    ["placed before the store was connected", order({ createdAt: "2026-11-30T23:59:58Z" }), "Placed before the store was connected"],
  ])("does not take an order %s, and says why", (_name, shopOrder, reason) => {
    expect(build(shopOrder)).toEqual({ kind: "not_taken", reason });
  });

  it("holds orders of a store in manual approval", () => {
    const built = build(order(), {}, { ...store, approvalMode: "manual" });
    expect(built.kind === "order" && built.order.holdForApproval).toBe(true);
  });
});
