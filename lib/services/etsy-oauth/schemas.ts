/** Why an Etsy connection did not go through, as the callback's redirect names it (`?error=etsy_…`). */
export const etsyConnectFailures = {
  etsy_not_configured: "Etsy connections are not set up on this server yet (the app's keystring and shared secret are missing). Ask your print partner.",
  etsy_bad_callback: "Etsy's answer was incomplete. Nothing was connected; start again.",
  etsy_state: "This connection attempt has expired, was already used, or was started in another browser or sign-in. Nothing was connected; start again from this page.",
  etsy_denied: "Access was not granted on Etsy's page. Nothing was connected; press Connect Etsy again and choose Allow Access.",
  etsy_refused: "Etsy refused to hand over access (the code had expired or was already used). Nothing was connected; start again.",
  etsy_no_shop: "This Etsy account has no shop. Sign in to Etsy with the shop owner's account, then connect again.",
  etsy_unavailable: "Etsy could not be reached. Nothing was connected; try again in a minute.",
  etsy_taken: "This Etsy shop is already connected to another company. Disconnect it there first, or ask your print partner.",
  etsy_forbidden: "Only your company's admins can connect shops.",
  etsy_failed: "The Etsy shop could not be connected. Nothing was stored; try again.",
} as const;

export type EtsyConnectFailure = keyof typeof etsyConnectFailures;

export function isEtsyConnectFailure(value: unknown): value is EtsyConnectFailure {
  return typeof value === "string" && Object.hasOwn(etsyConnectFailures, value);
}
