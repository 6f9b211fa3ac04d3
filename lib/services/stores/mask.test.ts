import { describe, expect, it } from "vitest";
import { maskPersonalData } from "./mask";

describe("maskPersonalData", () => {
  it("hides names, addresses, emails and phones of a Shopify order and keeps its products", () => {
    const body = {
      id: 820982911946154500,
      email: "ada@example.com",
      contact_email: "ada@example.com",
      phone: "+44 20 7946 0000",
      note: "Leave with Ada's neighbour at 3 Elm Row",
      customer: { id: 115310627314723950, first_name: "Ada", last_name: "Lovelace", email: "ada@example.com", default_address: { address1: "12 Main St", city: "London" } },
      shipping_address: { name: "Ada Lovelace", address1: "12 Main St", address2: "Flat 2", city: "London", zip: "N1 1AA", country_code: "GB", phone: "555" },
      billing_address: { first_name: "Ada", company: "Engines Ltd", latitude: 51.5 },
      line_items: [{ id: 1, name: "Poster - A3", title: "Poster", sku: "POSTER-A3", quantity: 2, vendor: "Acme" }],
      tags: "gift, contact ada@example.com",
    };
    const masked = maskPersonalData(JSON.stringify(body));
    for (const secret of ["Ada", "Lovelace", "ada@example.com", "Main St", "London", "N1 1AA", "7946", "Engines", "51.5", "Elm Row", "Flat 2"]) expect(masked).not.toContain(secret);
    const parsed = JSON.parse(masked) as typeof body;
    expect(parsed.line_items[0]).toEqual(body.line_items[0]);
    expect(parsed.shipping_address.country_code).toBe("GB");
    expect(parsed.customer.id).toBe(body.customer.id);
    expect(parsed.tags).toBe("gift, contact •••@•••");
  });

  it("withholds a body that is not JSON", () => {
    expect(maskPersonalData("webhook_id=12&name=Ada")).not.toContain("Ada");
  });
});
