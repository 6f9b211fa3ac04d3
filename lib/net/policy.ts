import { lookup } from "node:dns/promises";
import { parseAllowEntry, type AllowEntry } from "./allow";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Turns a host name into addresses; injected in tests to stand in for DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What one kind of outbound traffic (artwork, postbacks, shop sites) may reach. */
export type OutboundPolicy = {
  /** Plain http besides https. */
  allowHttp: boolean;
  /** Hosts (and ports) exempt from the private-address refusal (FILE_FETCH_ALLOW, POSTBACK_ALLOW, …). */
  allow: readonly AllowEntry[];
  /** Budget for the whole exchange: lookup, connect, send and read. */
  timeoutMs: number;
  /** Longest silence while connecting or reading. */
  idleTimeoutMs: number;
  resolve: Resolver;
  /** Added to a refusal's reason: what this traffic may reach and which setting opens more. */
  refusalHint: string;
  /** Extra CA certificates to trust (tests with a local TLS server). */
  trustedCertificates?: string[];
};

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/** Parses a `host[:port]` list setting; throws on the first bad entry. */
export function parseAllowList(entries: readonly string[]): AllowEntry[] {
  return entries.map(parseAllowEntry);
}
