export { changePassword, signOutEverywhere } from "./change-password";
export { requestPasswordReset, setPasswordWithLink } from "./password-reset";
export { ensureBootstrapAdmin } from "./bootstrap";
