export * from "./schemas";
export { createConnector, createSharedConnector } from "./create";
export { getConnector, listConnectors, getConnectorRowOrThrow } from "./read";
export { updateConnector, rotateConnectorSecret, revokeConnector } from "./update";
export { findConnectorCredentials, touchConnector, resolveConnectorCustomer, type ConnectorCredentials } from "./authenticate";
export { connectorEndpoints, toConnectorView } from "./view";
