import { lookup } from "node:dns/promises";
import type { Env } from "@/lib/env";
import { parseAllowEntry, type AllowEntry } from "./allow";
import { sampleArtworkUrl } from "./sample";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Turns a host name into addresses; injected in tests to stand in for DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type FetchPolicy = {
  /** Plain http besides https (FILE_FETCH_HTTP=on). */
  allowHttp: boolean;
  /** Hosts (and ports) exempt from the private-address refusal (FILE_FETCH_ALLOW). */
  allow: readonly AllowEntry[];
  /** Largest file accepted, by its declared size. */
  maxBytes: number;
  /** Bytes read to recognise the file type; the rest of the body is never downloaded. */
  sniffBytes: number;
  /** Budget for the whole check, redirects included. */
  timeoutMs: number;
  /** Longest silence while connecting or reading. */
  idleTimeoutMs: number;
  maxRedirects: number;
  resolve: Resolver;
  /** The sample file Inkbridge serves itself (APP_URL + sampleArtworkPath): fetched despite the address and scheme rules, and nothing else is. */
  sampleArtworkUrl?: string;
  /** Extra CA certificates to trust (tests with a local TLS server). */
  trustedCertificates?: string[];
};

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
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
};

export function fetchPolicy(overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return { ...defaultFetchPolicy, ...overrides };
}

/** The policy FILE_FETCH_HTTP and FILE_FETCH_ALLOW ask for, with this installation's own sample file. */
export function fetchPolicyFromEnv(env: Pick<Env, "FILE_FETCH_HTTP" | "FILE_FETCH_ALLOW" | "APP_URL">, overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return fetchPolicy({
    allowHttp: env.FILE_FETCH_HTTP === "on",
    allow: env.FILE_FETCH_ALLOW.map(parseAllowEntry),
    sampleArtworkUrl: sampleArtworkUrl(env.APP_URL),
    ...overrides,
  });
}
