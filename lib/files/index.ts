export { checkArtwork, formatBytes, type FileCheck, type FileCheckOk, type FileCheckFailure, type FileCheckCode } from "./fetch";
export { checkArtworkUrls, checkLifetimeMs, type CheckUrlsOptions } from "./checked-urls";
export { fetchPolicy, fetchPolicyFromEnv, defaultFetchPolicy, systemResolver, type FetchPolicy, type Resolver, type ResolvedAddress } from "./policy";
export { classifyAddress, isPublicAddress, type AddressClass } from "./address";
export { parseAllowEntry, isAllowedHost, type AllowEntry } from "./allow";
export { parseArtworkUrl, displayUrl, type ArtworkTarget } from "./url";
export { sniffFileType, fileTypes, type FileType } from "./sniff";
export { sampleArtworkPath, sampleArtworkUrl, isSampleArtworkUrl } from "./sample";
