import { getEnv } from "@/lib/env";

export type Platform = "shopify" | "etsy" | "woocommerce";

export type PlatformOffer = { platform: Platform; name: string; offered: boolean; summary: string };

/** Which shop platforms the partner offers: Shopify and Etsy need the partner's app keys, WooCommerce none. */
export function listPlatforms(): PlatformOffer[] {
  const env = getEnv();
  return [
    {
      platform: "shopify",
      name: "Shopify",
      offered: Boolean(env.SHOPIFY_API_KEY),
      summary: "Paid orders arrive as they are placed; tracking goes back to the order when it ships.",
    },
    {
      platform: "etsy",
      name: "Etsy",
      offered: Boolean(env.ETSY_KEYSTRING),
      summary: "Paid receipts are fetched every few minutes; shipping details are sent back to Etsy.",
    },
    {
      platform: "woocommerce",
      name: "WooCommerce",
      offered: true,
      summary: "Orders arrive as soon as they are paid; your store gets the tracking number when the parcel ships.",
    },
  ];
}
