import { describe, expect, it } from "vitest";
import { getConnector, implementedPlatforms, isImplementedPlatform } from "./registry";
import { platforms } from "./types";

describe("connector registry", () => {
  it("answers each implemented platform's connector, named for its platform", () => {
    for (const platform of implementedPlatforms) expect(getConnector(platform).platform).toBe(platform);
  });

  it("knows which platforms have no connector yet", () => {
    expect(platforms.filter((platform) => !isImplementedPlatform(platform))).toEqual(["woocommerce"]);
    // @ts-expect-error a platform without a connector cannot be asked for one
    expect(() => getConnector("woocommerce").platform).toThrow();
  });
});
