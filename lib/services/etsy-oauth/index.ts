export { beginEtsyOAuth, etsyCallbackUrl, isEtsyOAuthConfigured } from "./begin";
export { completeEtsyOAuth } from "./complete";
export { etsyConnectFailures, isEtsyConnectFailure, type EtsyConnectFailure } from "./schemas";
