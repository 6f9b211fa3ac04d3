/** Why a WooCommerce connection did not go through, as the return to the Stores page names it (`?error=`). */
export const wooConnectFailures = {
  bad_site: "That is not a site address. Enter the address of your WordPress site, like https://shop.example.com.",
  denied: "The key request was declined on your site. Nothing was connected; start again, or enter keys by hand.",
  failed: "Your site handed over keys, but they could not be used (the site could not be reached, the keys cannot write, or the shop belongs to another company). Nothing was connected; try again, or enter keys by hand.",
  pending: "Your site has not sent the keys yet. If this stays so, start again, or enter keys by hand.",
  forbidden: "Only your company's admins can connect shops.",
} as const;
export type WooConnectFailure = keyof typeof wooConnectFailures;

export function isWooConnectFailure(value: unknown): value is WooConnectFailure {
  return typeof value === "string" && Object.hasOwn(wooConnectFailures, value);
}
