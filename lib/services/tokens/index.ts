export * from "./schemas";
export { createApiToken, listApiTokens, revokeApiToken, authenticateApiToken } from "./tokens";
