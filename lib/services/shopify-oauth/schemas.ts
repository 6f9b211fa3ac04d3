/** Why a Shopify connection did not go through, as the callback's redirect names it (`?error=`). */
export const shopifyConnectFailures = {
  bad_shop: "That is not a Shopify shop address. Enter the shop's name (acme), its myshopify.com address, or the address of its admin.",
  not_configured: "Shopify connections are not set up on this server yet (the app's API key, secret and scopes are missing). Ask your print partner, or use a custom-app token instead.",
  bad_callback: "Shopify's answer could not be verified (it was incomplete, altered, or too old). Nothing was connected; start again.",
  state: "This connection attempt has expired, was already used, or was started in another browser or sign-in. Nothing was connected; start again from this page.",
  refused: "Shopify refused to hand over access (the install was cancelled or the code had already been used). Nothing was connected; start again.",
  unavailable: "Shopify could not be reached. Nothing was connected; try again in a minute.",
  taken: "This Shopify shop is already connected to another company. Disconnect it there first, or ask your print partner.",
  forbidden: "Only your company's admins can connect shops.",
  failed: "The shop could not be connected. Nothing was stored; try again, or use a custom-app token.",
} as const;

export type ShopifyConnectFailure = keyof typeof shopifyConnectFailures;

export function isShopifyConnectFailure(value: unknown): value is ShopifyConnectFailure {
  return typeof value === "string" && Object.hasOwn(shopifyConnectFailures, value);
}
