import { describe, expect, it } from "vitest";
import { getConnector, isImplementedPlatform } from "./registry";
import { platforms } from "./types";

describe("connector registry", () => {
  it("answers each platform's connector, named for its platform", () => {
    for (const platform of platforms) expect(getConnector(platform).platform).toBe(platform);
  });

  it("knows only the three platforms", () => {
    expect(platforms.filter((platform) => isImplementedPlatform(platform))).toEqual(["shopify", "woocommerce", "etsy"]);
    expect(isImplementedPlatform("amazon")).toBe(false);
    // @ts-expect-error a platform that does not exist cannot be asked for a connector
    expect(getConnector("amazon")).toBeUndefined();
  });
});
