export type Platform = "shopify" | "etsy" | "woocommerce";

/** `canConnect` is true only once Inkbridge has a connector that can link a shop of that platform. */
export type PlatformOffer = { platform: Platform; name: string; canConnect: boolean; summary: string };

/** The shop platforms Inkbridge connects, and those it means to. */
export function listPlatforms(): PlatformOffer[] {
  return [
    { platform: "shopify", name: "Shopify", canConnect: true, summary: "Paid orders arrive as they are placed; tracking goes back to the order when it ships." },
    { platform: "etsy", name: "Etsy", canConnect: true, summary: "Paid receipts are fetched every few minutes; shipping details are sent back to Etsy." },
    { platform: "woocommerce", name: "WooCommerce", canConnect: true, summary: "Orders arrive as soon as they are paid; your store gets the tracking number when the parcel ships." },
  ];
}
