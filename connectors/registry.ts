import { etsyConnector } from "./etsy";
import { shopifyConnector } from "./shopify";
import { platforms, type Platform, type ShopConnector } from "./types";
import { wooCommerceConnector } from "./woocommerce";

// Every platform has its connector: a platform added to `platforms` without one stops this file compiling.
export const implementedPlatforms = platforms;
export type ImplementedPlatform = Platform;

const connectors: { [P in Platform]: ShopConnector<P> } = {
  shopify: shopifyConnector,
  woocommerce: wooCommerceConnector,
  etsy: etsyConnector,
};

export function isImplementedPlatform(platform: string): platform is Platform {
  return (platforms as readonly string[]).includes(platform);
}

export function getConnector<P extends Platform>(platform: P): ShopConnector<P> {
  return connectors[platform];
}
