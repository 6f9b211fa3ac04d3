import { describe, expect, it } from "vitest";
import { dialects } from "../dialects";
import { gelatoPathOf, issuesToDetails } from "./errors";
import { gelatoDialect, productKeyCandidates, toOrderQuery } from "./to-order";
import { documentedExampleOrder } from "./test-fixtures";

describe("productKeyCandidates", () => {
  it("puts the name with its options sorted by name first, then the bare name", () => {
    expect(productKeyCandidates("Poster", { size: "A3", paper: "matt", copies: 2 })).toEqual(["Poster[copies=2;paper=matt;size=A3]", "Poster"]);
  });

  it("is just the name without a variant", () => {
    expect(productKeyCandidates("Mug", undefined)).toEqual(["Mug"]);
    expect(productKeyCandidates("Mug", {})).toEqual(["Mug"]);
  });
});

describe("gelatoDialect", () => {
  it("is registered for the order preview", () => {
    expect(dialects.gelato).toBe(gelatoDialect);
  });

  it("translates Gelato's documented example into the canonical order", () => {
    const result = gelatoDialect.parse(documentedExampleOrder("ex-1"), {});
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input).toMatchObject({
      channel: "gelato_api",
      externalId: "ex-1",
      orderType: "order",
      currency: "USD",
      customerReferenceId: "customer-77",
      metadata: [{ key: "keyIdentifier1", value: "keyValue1" }],
      items: [{ externalItemId: "ex-1-item-1", quantity: 1, files: [{ type: "default" }, { type: "back" }], shipmentIndex: 0 }],
      shipments: [{ shipmentIndex: 0, sourceMethod: "express", address: { firstName: "Paul", country: "US", state: "NY" }, returnAddress: { companyName: "My company" } }],
    });
    expect(result.paths.item(0).product).toBe("items[0].productUid");
    expect(result.paths.shipment(0).country).toBe("shippingAddress.country");
  });

  it("turns productName + productVariant into lookup keys and reports at productName", () => {
    const body = { ...documentedExampleOrder("ex-2"), items: [{ itemReferenceId: "a", productName: "Poster", productVariant: { size: "A3" }, files: [{ url: "https://x.example/p.pdf" }], quantity: 1 }] };
    const result = gelatoDialect.parse(body, {});
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.input.items[0]).toMatchObject({ productKeys: ["Poster[size=A3]", "Poster"], sourceProductKey: "Poster[size=A3]", options: { size: "A3" }, files: [{ type: "default" }] });
    expect(result.input.items[0]!.productUid).toBeUndefined();
    expect(result.paths.item(0).product).toBe("items[0].productName");
  });

  it("names each problem by its Gelato path, unknown fields included", () => {
    const body = { ...documentedExampleOrder("ex-3"), extraField: 1, items: [{ itemReferenceId: "a", quantity: 0, colour: "red" }] };
    const result = gelatoDialect.parse(body, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path).sort()).toEqual(["extraField", "items[0].colour", "items[0].productUid", "items[0].quantity"]);
  });
});

describe("issuesToDetails and gelatoPathOf", () => {
  it("caps the number of details", () => {
    const issues = Array.from({ length: 500 }, (_, index) => ({ path: ["items", index], message: "bad" }));
    expect(issuesToDetails(issues)).toHaveLength(100);
  });

  it("maps canonical paths to Gelato's and leaves Gelato's alone", () => {
    expect(gelatoPathOf("externalId")).toBe("orderReferenceId");
    expect(gelatoPathOf("shipments[0].address.postCode")).toBe("shippingAddress.postCode");
    expect(gelatoPathOf("shipments[0].sourceMethod")).toBe("shipmentMethodUid");
    expect(gelatoPathOf("items[3].externalItemId")).toBe("items[3].itemReferenceId");
    expect(gelatoPathOf("items[3].productKeys[1]")).toBe("items[3].productName");
    expect(gelatoPathOf("items[3].files[0].type")).toBe("items[3].files[0].type");
    expect(gelatoPathOf("headers.customer-reference-id")).toBe("headers.customer-reference-id");
  });
});

describe("toOrderQuery", () => {
  it("maps v4 filters to the order query", () => {
    expect(
      toOrderQuery({
        ids: ["u1"],
        orderReferenceIds: ["r1", "r2"],
        orderTypes: ["order"],
        fulfillmentStatuses: ["created", "uploading", "canceled"],
        financialStatuses: ["pending"],
        channels: ["api", "shopify"],
        countries: ["GB"],
        currencies: ["EUR"],
        storeIds: ["sto_1"],
        search: " smith ",
        startDate: "2026-01-01",
        endDate: "2026-02-01T00:00:00Z",
        limit: 10,
        offset: 20,
      }),
    ).toEqual({
      limit: 10,
      offset: 20,
      status: ["created"],
      channel: ["gelato_api", "siteflow_api", "shopify"],
      orderType: ["order"],
      ids: ["u1"],
      externalIds: ["r1", "r2"],
      countries: ["GB"],
      currencies: ["EUR"],
      storeId: ["sto_1"],
      q: "smith",
      from: new Date("2026-01-01"),
      to: new Date("2026-02-01T00:00:00Z"),
    });
  });

  it("matches nothing for statuses and channels Inkbridge never gives, and ignores empty lists", () => {
    expect(toOrderQuery({ fulfillmentStatuses: ["uploading"] })).toBeNull();
    expect(toOrderQuery({ financialStatuses: ["paid"] })).toBeNull();
    expect(toOrderQuery({ channels: ["ui"] })).toBeNull();
    expect(toOrderQuery({ orderReferenceId: "a", orderReferenceIds: ["b"] })).toBeNull();
    expect(toOrderQuery({ ids: [], channels: [], fulfillmentStatuses: [] })).toEqual({ limit: 50, offset: 0 });
  });
});
