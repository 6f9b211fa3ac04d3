// What services import: the contract's types and errors, and the connector of a platform.
export * from "./types";
export { getConnector, implementedPlatforms, isImplementedPlatform, type ImplementedPlatform } from "./registry";
