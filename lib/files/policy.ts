import type { Env } from "@/lib/env";
import { sampleArtworkUrl } from "./sample";
import { parseAllowList, systemResolver, type OutboundPolicy } from "@/lib/net";

export { systemResolver, type Resolver, type ResolvedAddress } from "@/lib/net";

/** The outbound guard's rules (FILE_FETCH_HTTP, FILE_FETCH_ALLOW) and the artwork check's limits. */
export type FetchPolicy = OutboundPolicy & {
  /** Largest file accepted, by its declared size. */
  maxBytes: number;
  /** Bytes read to recognise the file type; the rest of the body is never downloaded. */
  sniffBytes: number;
  /** The time budget (`timeoutMs`) covers every hop. */
  maxRedirects: number;
  /** The sample file Inkbridge serves itself (APP_URL + sampleArtworkPath): fetched despite the address and scheme rules, and nothing else is. */
  sampleArtworkUrl?: string;
};

export const defaultFetchPolicy: FetchPolicy = {
  allowHttp: false,
  allow: [],
  maxBytes: 500 * 1024 * 1024,
  sniffBytes: 4096,
  timeoutMs: 20_000,
  idleTimeoutMs: 10_000,
  maxRedirects: 3,
  resolve: systemResolver,
  refusalHint: "artwork is only fetched from public addresses",
};

export function fetchPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return { ...defaultFetchPolicy, ...overrides };
}

/** The policy FILE_FETCH_HTTP and FILE_FETCH_ALLOW ask for, with this installation's own sample file. */
export function fetchPolicyFromEnv(env: Pick<Env, "FILE_FETCH_HTTP" | "FILE_FETCH_ALLOW" | "APP_URL">, overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return fetchPolicy({
    allowHttp: env.FILE_FETCH_HTTP === "on",
    allow: parseAllowList(env.FILE_FETCH_ALLOW),
    sampleArtworkUrl: sampleArtworkUrl(env.APP_URL),
    ...overrides,
  });
}
