import { etsyConnector } from "./etsy";
import { shopifyConnector } from "./shopify";
import type { Platform, ShopConnector } from "./types";

// The platforms with a connector today. Each later issue adds its platform here and must then add its
// connector below, or this file stops compiling; once every platform is listed this is
// `{ [P in Platform]: ShopConnector<P> }`.
export const implementedPlatforms = ["shopify", "etsy"] as const satisfies readonly Platform[];
export type ImplementedPlatform = (typeof implementedPlatforms)[number];

const connectors: { [P in ImplementedPlatform]: ShopConnector<P> } = {
  shopify: shopifyConnector,
  etsy: etsyConnector,
};

export function isImplementedPlatform(platform: Platform): platform is ImplementedPlatform {
  return (implementedPlatforms as readonly Platform[]).includes(platform);
}

export function getConnector<P extends ImplementedPlatform>(platform: P): ShopConnector<P> {
  return connectors[platform];
}
