import { sha256Hex } from "@/lib/crypto";

// The `user_id` Inkbridge hands WooCommerce: 256 random bits with the customer and site it was issued
// for. Only its hash is stored, so the customer and site read back from it are the ones it was issued
// with: a changed one hashes to nothing known.

const tokenPattern = /^([A-Za-z0-9_-]{40,60})\.(cus_[A-Za-z0-9]{1,60})\.([A-Za-z0-9_-]{1,800})$/;

export function encodeKeyToken(input: { random: string; customerId: string; siteUrl: string }): string {
  return `${input.random}.${input.customerId}.${Buffer.from(input.siteUrl, "utf8").toString("base64url")}`;
}

export function decodeKeyToken(token: string): { customerId: string; siteUrl: string } | null {
  const match = tokenPattern.exec(token);
  if (!match) return null;
  return { customerId: match[2]!, siteUrl: Buffer.from(match[3]!, "base64url").toString("utf8") };
}

/** What `auth_tokens` keeps; the prefix keeps it apart from invitation and reset links. */
export function keyTokenHash(token: string): string {
  return sha256Hex(`woo_keys|${token}`);
}
