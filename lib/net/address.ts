import ipaddr from "ipaddr.js";

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "carrier-grade NAT"
  | "unique local"
  | "IPv4-mapped"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved";

const ipv4Classes: Record<string, AddressClass> = {
  unicast: "public",
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT",
  private: "private",
};

const ipv6Classes: Record<string, AddressClass> = {
  unicast: "public",
  unspecified: "unspecified",
  linkLocal: "link-local",
  deprecatedSiteLocal: "link-local",
  multicast: "multicast",
  loopback: "loopback",
  uniqueLocal: "unique local",
  ipv4Mapped: "IPv4-mapped",
  // Translation prefixes carry an IPv4 address inside; they could reach a private one.
  rfc6145: "IPv4-mapped",
  rfc6052: "IPv4-mapped",
  "6to4": "IPv4-mapped",
  teredo: "IPv4-mapped",
};

const globalUnicast = ipaddr.IPv6.parseCIDR("2000::/3");

/**
 * What kind of address `address` is (IPv4 in any form `inet_aton` accepts, or IPv6). Only
 * `public` may be fetched: everything else is private, local, special-purpose or not unicast.
 */
export function classifyAddress(address: string): AddressClass {
  const parsed = parseAddress(address);
  if (!parsed) return "reserved";
  if (parsed.kind() === "ipv4") return ipv4Classes[parsed.range()] ?? "reserved";
  const v6 = parsed as ipaddr.IPv6;
  const range = ipv6Classes[v6.range()] ?? "reserved";
  if (range === "public" && !v6.match(globalUnicast)) return "reserved";
  return range;
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

/** Parses an IP literal (brackets allowed around IPv6); undefined when it is not one. */
export function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (bare.includes(":")) return ipaddr.IPv6.isValid(bare) ? ipaddr.IPv6.parse(bare) : undefined;
  return ipaddr.IPv4.isValid(bare) ? ipaddr.IPv4.parse(bare) : undefined;
}

/** The canonical text of an IP literal (IPv4 dotted quad, IPv6 compressed), for comparisons. */
export function normalizeAddress(address: string): string | undefined {
  return parseAddress(address)?.toString();
}

/** True for a loopback client address, including the IPv4-mapped form a dual-stack socket reports. */
export function isLoopbackAddress(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  const plain = parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  return plain.range() === "loopback";
}
