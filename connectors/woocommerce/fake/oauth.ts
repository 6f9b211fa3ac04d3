import { createHmac, timingSafeEqual } from "node:crypto";

// OAuth 1.0a one-legged as WC_REST_Authentication checks it: GET/POST and header oauth_* parameters (not
// the body), sorted, key and value RFC 3986 encoded, `key=value` encoded again, joined with %26, after
// `METHOD&encoded(home URL + path)&`; HMAC key: the consumer secret and `&`.

export const OAUTH_WINDOW_SECONDS = 15 * 60;

export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function signatureBase(method: string, baseUrl: string, params: Array<[string, string]>): string {
  const sorted = params.filter(([key]) => key !== "oauth_signature").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const joined = sorted.map(([key, value]) => rfc3986(`${rfc3986(key)}=${rfc3986(value)}`)).join("%26");
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${joined}`;
}

export function oauthSignature(method: string, baseUrl: string, params: Array<[string, string]>, consumerSecret: string, algorithm: "sha1" | "sha256" = "sha256"): string {
  return createHmac(algorithm, `${consumerSecret}&`).update(signatureBase(method, baseUrl, params)).digest("base64");
}

/** `OAuth oauth_consumer_key="…", …` → its parameters (WooCommerce reads them besides the query). */
export function parseOAuthHeader(header: string | undefined): Array<[string, string]> {
  if (!header || !/^OAuth\s/i.test(header.trim())) return [];
  const pairs: Array<[string, string]> = [];
  for (const match of header.trim().slice(6).matchAll(/([A-Za-z0-9_]+)="([^"]*)"/g)) {
    const key = decodeURIComponent(match[1] as string);
    if (key.startsWith("oauth_")) pairs.push([key, decodeURIComponent(match[2] as string)]);
  }
  return pairs;
}

export function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Signs a request for tests and curl users: the query of `url` gets the oauth_* parameters. */
export function signUrl(method: string, url: string, consumerKey: string, consumerSecret: string, options: { timestamp?: number; nonce?: string } = {}): string {
  const target = new URL(url);
  target.searchParams.set("oauth_consumer_key", consumerKey);
  target.searchParams.set("oauth_timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  target.searchParams.set("oauth_nonce", options.nonce ?? Math.random().toString(36).slice(2).padEnd(12, "0"));
  target.searchParams.set("oauth_signature_method", "HMAC-SHA256");
  const signature = oauthSignature(method, `${target.origin}${target.pathname}`, [...target.searchParams.entries()], consumerSecret);
  target.searchParams.set("oauth_signature", signature);
  return target.toString();
}
