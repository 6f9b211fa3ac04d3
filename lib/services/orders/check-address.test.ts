import { describe, expect, it } from "vitest";
import { addressProblems } from "./check-address";

const complete = { firstName: "Ada", lastName: "Lovelace", addressLine1: "1 Analytical St", city: "London", postCode: "N1 1AA", country: "GB" };

describe("addressProblems", () => {
  it("accepts a complete address", () => {
    expect(addressProblems(complete)).toEqual([]);
    expect(addressProblems({ ...complete, firstName: "", lastName: "", companyName: "Acme Ltd" })).toEqual([]);
  });

  it("names every missing part", () => {
    expect(addressProblems({ ...complete, firstName: " ", lastName: "", addressLine1: "", city: "\t", postCode: "" })).toEqual([
      "has no recipient name",
      "has no street address",
      "has no city",
      "has no postcode",
    ]);
    expect(addressProblems({ ...complete, country: "" })).toEqual(["has no country"]);
    expect(addressProblems({ ...complete, country: "XX" })).toEqual(["has an unknown country “XX”"]);
  });

  it("leaves the state to the dialects, and asks for a postcode only where addresses have one", () => {
    expect(addressProblems({ ...complete, country: "US", postCode: "10001" })).toEqual([]);
    expect(addressProblems({ ...complete, country: "US", postCode: "" })).toEqual(["has no postcode"]);
    expect(addressProblems({ ...complete, country: "US", postCode: "10001", state: "NY" })).toEqual([]);
    expect(addressProblems({ ...complete, country: "HK", postCode: "" })).toEqual([]);
  });
});
