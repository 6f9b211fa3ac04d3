export {
  guardedFetch,
  checkOutboundUrl,
  parseTarget,
  resolveTarget,
  openRequest,
  readUpTo,
  toOutboundError,
  OutboundError,
  type OutboundErrorCode,
  type OutboundRequest,
  type GuardedResponse,
} from "./guard";
export { systemResolver, parseAllowList, type OutboundPolicy, type Resolver, type ResolvedAddress } from "./policy";
export { classifyAddress, isLoopbackAddress, isPublicAddress, type AddressClass } from "./address";
export { parseAllowEntry, isAllowedHost, canonicalHost, type AllowEntry } from "./allow";
export { parseOutboundUrl, displayUrl, type OutboundTarget } from "./url";
