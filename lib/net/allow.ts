import { normalizeAddress } from "./address";

/** One allow-list entry (FILE_FETCH_ALLOW, POSTBACK_ALLOW, SHOP_FETCH_ALLOW): a host name or IP literal, and a port when one is named. */
export type AllowEntry = { host: string; port?: number };

/**
 * Parses `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 literal. Throws with a readable
 * message for anything else, so a bad setting stops the start.
 */
export function parseAllowEntry(entry: string): AllowEntry {
  const text = entry.trim();
  let host: string;
  let portText: string | undefined;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0) throw new Error(`“${entry}” has an opening [ without a closing ]`);
    host = text.slice(1, end);
    const rest = text.slice(end + 1);
    if (rest && !rest.startsWith(":")) throw new Error(`“${entry}” has text after the ]`);
    portText = rest ? rest.slice(1) : undefined;
  } else if (text.split(":").length > 2) {
    host = text;
  } else {
    [host = "", portText] = text.split(":");
  }
  if (!host) throw new Error(`“${entry}” names no host`);
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) throw new Error(`“${entry}” has an invalid port`);
  }
  const canonical = canonicalHost(host);
  if (!canonical) throw new Error(`“${entry}” is not a host name or IP address`);
  return port === undefined ? { host: canonical } : { host: canonical, port };
}

/** Host names lower-cased without a trailing dot; IP literals in canonical form. */
export function canonicalHost(host: string): string | undefined {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare.includes(":")) return normalizeAddress(bare);
  const name = bare.toLowerCase().replace(/\.$/, "");
  const address = normalizeAddress(name);
  if (address) return address;
  return /^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/.test(name) ? name : undefined;
}

/** True when `host:port` is named by an entry: the host exactly, and the port when the entry has one. */
export function isAllowedHost(entries: readonly AllowEntry[], host: string, port: number): boolean {
  const canonical = canonicalHost(host);
  if (!canonical) return false;
  return entries.some((entry) => entry.host === canonical && (entry.port === undefined || entry.port === port));
}
