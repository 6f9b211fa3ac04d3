export * from "./schemas";
export { createConnector, createSharedConnector } from "./create";
export { getConnector, listConnectors, getConnectorRowOrThrow, getScopedConnectorRow } from "./read";
export { updateConnector, rotateConnectorSecret, revokeConnector } from "./update";
export { findConnectorCredentials, touchConnector, resolveConnectorCustomer, type ConnectorCredentials } from "./authenticate";
export { connectorEndpoints, toConnectorView } from "./view";
export { getSnippetSetup } from "./setup";
export { buildSnippet, describeEndpoints, type Snippet, type SnippetSetup, type EndpointEntry } from "./guide";
