export { checkArtwork, formatBytes, type FileCheck, type FileCheckOk, type FileCheckFailure, type FileCheckCode } from "./fetch";
export { checkArtworkUrls, checkLifetimeMs, type CheckUrlsOptions } from "./checked-urls";
export { fetchPolicy, fetchPolicyFromEnv, defaultFetchPolicy, systemResolver, type FetchPolicy, type Resolver, type ResolvedAddress } from "./policy";
export { displayUrl } from "@/lib/net";
export { sniffFileType, fileTypes, type FileType } from "./sniff";
export { sampleArtworkPath, sampleArtworkUrl, isSampleArtworkUrl } from "./sample";
