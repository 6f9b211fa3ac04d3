export * from "./schemas";
export { enableStorefrontAccess } from "./enable";
export { disableStorefrontAccess } from "./disable";
export { inviteCustomerUser } from "./invite";
export { resendInvitation } from "./resend";
export { removeCustomerUser } from "./remove";
export { getStorefrontAccess, listCustomerUsers } from "./users";
export { listPlatforms, type PlatformOffer } from "./platforms";
export { toCustomerUserView } from "./view";
