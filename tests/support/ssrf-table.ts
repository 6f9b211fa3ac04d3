// The SSRF table every outbound path runs (artwork checks, postbacks, later shop sites): URLs that
// must be refused before any connection is made, and the stand-in DNS that some of them need.
// `canaryPort` is a server on the loopback addresses that counts connections and must see none.

export type RefusalCode = "scheme" | "refused_address";

/** Names the stub resolver answers, with the inside addresses they point to. */
export const ssrfNames: Record<string, string | string[]> = {
  "internal.test": "127.0.0.1",
  "metadata.test": "169.254.169.254",
  "intranet.test": "10.1.2.3",
  "mixed.test": ["93.184.216.34", "127.0.0.1"],
  "v6.test": "::1",
  "ula.test": "fd00::1",
  "nat64.test": "64:ff9b::7f00:1",
};

/** Name, URL (given the canary port), and the code the refusal must carry. */
export type SsrfCase = [string, (canaryPort: number) => string, RefusalCode];

/** `cdn.test` is the one host the test policies allow, on its own port only. */
export const refusedUrls: SsrfCase[] = [
  ["file:", () => "file:///etc/passwd", "scheme"],
  ["gopher:", (c) => `gopher://127.0.0.1:${c}/_GET%20/a.pdf`, "scheme"],
  ["data:", () => "data:application/pdf;base64,JVBERi0xLjcK", "scheme"],
  ["ftp:", (c) => `ftp://127.0.0.1:${c}/a.pdf`, "scheme"],
  ["http://127.0.0.1", (c) => `http://127.0.0.1:${c}/a.pdf`, "refused_address"],
  ["https://127.0.0.1", (c) => `https://127.0.0.1:${c}/a.pdf`, "refused_address"],
  ["localhost", (c) => `http://localhost:${c}/a.pdf`, "refused_address"],
  ["a .localhost name", (c) => `http://files.localhost:${c}/a.pdf`, "refused_address"],
  ["[::1]", (c) => `http://[::1]:${c}/a.pdf`, "refused_address"],
  ["[::ffff:127.0.0.1]", (c) => `http://[::ffff:127.0.0.1]:${c}/a.pdf`, "refused_address"],
  ["NAT64 [64:ff9b::7f00:1]", (c) => `http://[64:ff9b::7f00:1]:${c}/a.pdf`, "refused_address"],
  ["0.0.0.0", (c) => `http://0.0.0.0:${c}/a.pdf`, "refused_address"],
  ["2130706433", (c) => `http://2130706433:${c}/a.pdf`, "refused_address"],
  ["0x7f.1", (c) => `http://0x7f.1:${c}/a.pdf`, "refused_address"],
  ["127.1", (c) => `http://127.1:${c}/a.pdf`, "refused_address"],
  ["0177.0.0.1", (c) => `http://0177.0.0.1:${c}/a.pdf`, "refused_address"],
  ["169.254.169.254", () => "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "refused_address"],
  ["10/8", () => "http://10.0.0.1/a.pdf", "refused_address"],
  ["172.16/12", () => "https://172.20.1.1/a.pdf", "refused_address"],
  ["192.168/16", () => "http://192.168.1.10/a.pdf", "refused_address"],
  ["100.64/10", () => "http://100.64.0.1/a.pdf", "refused_address"],
  ["fc00::/7 (fc)", () => "http://[fc00::1]/a.pdf", "refused_address"],
  ["fc00::/7 (fd)", () => "https://[fd12:3456:789a::1]/a.pdf", "refused_address"],
  ["fe80::/10", () => "http://[fe80::1]/a.pdf", "refused_address"],
  ["a name that resolves to loopback", (c) => `http://internal.test:${c}/a.pdf`, "refused_address"],
  ["a name that resolves to the metadata service", () => "http://metadata.test/latest/meta-data/", "refused_address"],
  ["a name that resolves to 10/8", () => "https://intranet.test/a.pdf", "refused_address"],
  ["a name with a public and a private answer", (c) => `http://mixed.test:${c}/a.pdf`, "refused_address"],
  ["a name that resolves to ::1", (c) => `http://v6.test:${c}/a.pdf`, "refused_address"],
  ["a name that resolves to a ULA", () => "http://ula.test/a.pdf", "refused_address"],
  ["a name that resolves to a NAT64 loopback", (c) => `http://nat64.test:${c}/a.pdf`, "refused_address"],
  ["an allowed host on another port", (c) => `http://cdn.test:${c}/a.pdf`, "refused_address"],
];

/** Paths on the allowed stand-in server that redirect inside: path, what it points to, where, status. */
export type InsideRedirect = [string, string, (canaryPort: number) => string, number];

export const insideRedirects: InsideRedirect[] = [
  ["/to-ip", "a literal loopback address", (c) => `http://127.0.0.1:${c}/a.pdf`, 302],
  ["/to-localhost", "localhost", (c) => `http://localhost:${c}/a.pdf`, 302],
  ["/to-private-name", "a name resolving to loopback", (c) => `http://internal.test:${c}/a.pdf`, 302],
  ["/to-same-host-other-port", "the allowed host on another port", (c) => `http://cdn.test:${c}/a.pdf`, 302],
  ["/to-mapped", "an IPv4-mapped loopback", (c) => `http://[::ffff:127.0.0.1]:${c}/a.pdf`, 301],
  ["/to-decimal", "a decimal loopback", (c) => `http://2130706433:${c}/a.pdf`, 307],
  ["/to-metadata", "the metadata service", () => "http://169.254.169.254/latest/meta-data/", 308],
  ["/via-hop", "loopback, two hops away", () => "/to-ip", 302],
];
