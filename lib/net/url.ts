import { canonicalHost } from "./allow";
import { normalizeAddress } from "./address";

/** A URL the guard may try: http(s), no credentials, host and port worked out. */
export type OutboundTarget = {
  url: URL;
  secure: boolean;
  /** Host name lower-cased, or the IP literal in canonical form (no brackets). */
  host: string;
  port: number;
  /** Set when the host is an IP literal: the address the connection would use. */
  literal: string | undefined;
};

export type UrlRefusal = { code: "invalid_url" | "scheme"; reason: string };

/**
 * Parses an outbound URL the way the connection will see it. The WHATWG parser already turns odd
 * IPv4 spellings (`2130706433`, `0x7f.1`, `127.1`) into a dotted quad, so the address checked is
 * the one connected to.
 */
export function parseOutboundUrl(raw: string | URL, allowHttp: boolean): { target: OutboundTarget } | { refusal: UrlRefusal } {
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw.trim()) : new URL(raw.href);
  } catch {
    return { refusal: { code: "invalid_url", reason: "is not a valid URL" } };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { refusal: { code: "scheme", reason: `uses ${url.protocol.replace(/:$/, "")}, but only ${allowHttp ? "http and https are" : "https is"} allowed` } };
  }
  if (url.protocol === "http:" && !allowHttp) {
    return { refusal: { code: "scheme", reason: "uses http, but only https is allowed" } };
  }
  if (url.username || url.password) {
    return { refusal: { code: "invalid_url", reason: "carries a user name or password, which is not supported" } };
  }
  const host = canonicalHost(url.hostname);
  if (!host) return { refusal: { code: "invalid_url", reason: "has a host name that cannot be used" } };
  const secure = url.protocol === "https:";
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  return { target: { url, secure, host, port, literal: normalizeAddress(host) } };
}

/** A URL fit for a reason shown to people: no credentials, query or fragment, not too long. */
export function displayUrl(raw: string, maxLength = 100): string {
  let text: string;
  try {
    const url = new URL(raw);
    text = url.origin === "null" ? `${url.protocol}${url.pathname}` : `${url.origin}${url.pathname}`;
  } catch {
    text = raw;
  }
  if (text.length <= maxLength) return text;
  const keep = maxLength - 1;
  return `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
}
