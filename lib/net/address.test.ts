import { describe, expect, it } from "vitest";
import { classifyAddress, isPublicAddress, normalizeAddress } from "./address";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.10", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["198.18.0.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique local"],
    ["fd12:3456::1", "unique local"],
    ["fe80::1", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped"],
    ["::ffff:8.8.8.8", "IPv4-mapped"],
    ["64:ff9b::a00:1", "IPv4-mapped"],
    ["2002:7f00:1::", "IPv4-mapped"],
    ["2001:db8::1", "reserved"],
    ["::7f00:1", "reserved"],
    ["not an address", "reserved"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("%s is public", (address) => {
    expect(classifyAddress(address)).toBe("public");
  });

  it("reads the odd IPv4 spellings inet_aton accepts as the address they connect to", () => {
    for (const spelling of ["2130706433", "0x7f.1", "127.1", "0177.0.0.1", "0x7f000001"]) {
      expect(normalizeAddress(spelling)).toBe("127.0.0.1");
      expect(classifyAddress(spelling)).toBe("loopback");
    }
    expect(normalizeAddress("[::ffff:127.0.0.1]")).toBe("::ffff:7f00:1");
  });
});
