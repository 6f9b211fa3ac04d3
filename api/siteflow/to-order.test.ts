import { describe, expect, it } from "vitest";
import { carrierMethodKey, findUnacceptable, siteflowPaths, toCanonicalOrder, toSiteflowPath, updateBody } from "./to-order";

const account = "printer";

function order(overrides: Record<string, unknown> = {}) {
  return {
    destination: { name: account },
    orderData: {
      sourceOrderId: 1001,
      customerName: "Jane",
      tags: ["a"],
      items: [{ sourceItemId: "i1", sku: " card ", quantity: "2", components: [{ code: "Card", path: "https://x.example/a.pdf", fetch: "true", localFile: false }] }],
      shipments: [
        {
          shipTo: { name: "Mary Ann  Smith", address1: "1 Main St", address2: "", town: "Austin", postcode: 73301, isoCountry: "us", state: null, country: "United States" },
          returnAddress: { name: "Returns", isoCountry: "gb" },
          carrier: { code: "ups", service: "ground" },
          packages: [],
        },
      ],
      stockItems: [{ code: "leaflet", quantity: 10 }],
      ...overrides,
    },
  };
}

describe("toCanonicalOrder", () => {
  it("maps Site Flow fields to the canonical order and keeps the rest in extra", () => {
    const result = toCanonicalOrder(order(), { account, routingRule: { key: "r1", name: "Rush", tags: ["rush", "a"], priority: "rush", hold: true } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const input = result.input;
    expect(input).toMatchObject({ channel: "siteflow_api", externalId: "1001", priority: "rush", tags: ["a", "rush"], routingRuleKey: "r1", holdForApproval: true });
    expect(input.items[0]).toMatchObject({ externalItemId: "i1", sourceProductKey: "card", quantity: 2, shipmentIndex: 0, files: [{ type: "Card", url: "https://x.example/a.pdf" }] });
    expect(input.shipments[0]).toMatchObject({
      shipmentIndex: 0,
      address: { firstName: "Mary", lastName: "Ann Smith", addressLine1: "1 Main St", city: "Austin", postCode: "73301", country: "US" },
      returnAddress: { firstName: "Returns", lastName: "", country: "GB" },
      sourceMethod: "ups/ground",
      carrier: "ups",
    });
    expect(input.shipments[0]!.address.addressLine2).toBeUndefined();
    expect(input.shipments[0]!.address.state).toBeUndefined();
    expect(input.extra).toEqual({ siteflow: { destination: { name: account }, orderData: { customerName: "Jane", stockItems: [{ code: "leaflet", quantity: 10 }] } } });
    expect(input.shipments[0]!.extra).toEqual({ siteflow: { packages: [], shipTo: { country: "United States" }, returnAddress: {}, carrier: { code: "ups", service: "ground" } } });
    expect(input.items[0]!.extra).toEqual({ siteflow: { sku: "card", components: [{ code: "Card", path: "https://x.example/a.pdf", fetch: "true", localFile: false }] } });
  });

  it("takes sourceProductId when there is no sku", () => {
    const body = order({ items: [{ sourceItemId: "i1", sku: "", sourceProductId: "P-1", components: [{ code: "Card", path: "p" }] }] });
    const result = toCanonicalOrder(body, { account });
    expect(result.ok && result.input.items[0]!.sourceProductKey).toBe("P-1");
  });

  it("names each problem by its Site Flow path", () => {
    const result = toCanonicalOrder(
      { destination: { name: "elsewhere" }, orderData: { sourceOrderId: "x", items: [{ sourceItemId: "a", sku: "b", quantity: 0, components: [{ code: "c" }] }], shipments: [{ shipTo: {}, carrier: {} }] } },
      { account },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path).sort()).toEqual([
      "orderData.items[0].components[0].path",
      "orderData.items[0].quantity",
      "orderData.shipments[0].shipTo.address1",
      "orderData.shipments[0].shipTo.isoCountry",
      "orderData.shipments[0].shipTo.name",
      "orderData.shipments[0].shipTo.town",
    ]);
  });

  it("checks destination and carrier once the shape is right", () => {
    const body = order();
    body.destination.name = "elsewhere";
    (body.orderData.shipments[0] as { carrier: unknown }).carrier = { alias: "" };
    const result = toCanonicalOrder(body, { account });
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual(["destination.name", "orderData.shipments[0].carrier"]);
  });
});

describe("helpers", () => {
  it("renames canonical paths to Site Flow paths", () => {
    expect(toSiteflowPath("externalId")).toBe("orderData.sourceOrderId");
    expect(toSiteflowPath("items[2].productUid")).toBe("orderData.items[2].sku");
    expect(toSiteflowPath("items[0].files[1].url")).toBe("orderData.items[0].components[1].path");
    expect(toSiteflowPath("items[0].files")).toBe("orderData.items[0].components");
    expect(toSiteflowPath("orderData.items[0].files")).toBe("orderData.items[0].components");
    expect(toSiteflowPath("shipments[1].address.firstName")).toBe("orderData.shipments[1].shipTo.name");
    expect(toSiteflowPath("shipments[0].returnAddress.city")).toBe("orderData.shipments[0].returnAddress.town");
    expect(toSiteflowPath("shipments[0].method")).toBe("orderData.shipments[0].carrier");
    expect(toSiteflowPath("tags[3]")).toBe("orderData.tags[3]");
    expect(toSiteflowPath("query.page")).toBe("query.page");
    expect(toSiteflowPath("metadata")).toBe("orderData");
  });

  it("builds the shipping method key from a carrier", () => {
    expect(carrierMethodKey({ alias: "pickup", code: "x" })).toBe("pickup");
    expect(carrierMethodKey({ code: "royalmail", service: "firstclass" })).toBe("royalmail/firstclass");
    expect(carrierMethodKey({ code: "dpd" })).toBe("dpd");
    expect(carrierMethodKey({})).toBeUndefined();
  });

  it("keeps a US address without a state as it is (Site Flow does not require one)", () => {
    const result = toCanonicalOrder(
      {
        destination: { name: "inkbridge" },
        orderData: {
          sourceOrderId: "US-1",
          items: [{ sku: "card", sourceItemId: "1", quantity: 1, components: [{ code: "Card", path: "https://example.com/a.pdf" }] }],
          shipments: [{ shipTo: { name: "Peter Pan", address1: "17 Disney Way", town: "Los Angeles", postcode: "12345", isoCountry: "US" }, carrier: { alias: "pickup" } }],
        },
      },
      { account: "inkbridge" },
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.input.shipments[0]!.address.state).toBeUndefined();
    expect(siteflowPaths.shipment(0).stateRequired).toBe(false);
  });

  it("finds values too deep or unstorable without recursion", () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(findUnacceptable(deep)?.message).toMatch(/nested more than 32/);
    expect(findUnacceptable({ a: { "b\u0000": 1 } })).toEqual({ path: "a", message: "has a key with a NUL character or an unpaired surrogate" });
    expect(findUnacceptable({ a: ["ok", "\udc00"] })?.path).toBe("a[1]");
    expect(findUnacceptable({ a: "emoji 😀 fine" })).toBeUndefined();
  });

  it("wraps a bare orderData for updates and keeps the order's sourceOrderId", () => {
    expect(updateBody({ items: [] }, { sourceOrderId: "S1", account })).toEqual({ destination: { name: account }, orderData: { items: [], sourceOrderId: "S1" } });
    expect(updateBody({ orderData: { sourceOrderId: "S2" } }, { sourceOrderId: "S1", account })).toEqual({ destination: { name: account }, orderData: { sourceOrderId: "S2" } });
    expect(updateBody("text", { sourceOrderId: "S1", account })).toBe("text");
  });
});
