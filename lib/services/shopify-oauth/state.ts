import { sha256Hex } from "@/lib/crypto";

/** What `auth_tokens` keeps of an OAuth state: its hash together with what it is bound to. */
export function stateHash(input: { state: string; shop: string; customerId: string; sessionId: string }): string {
  return sha256Hex(`${input.state}|${input.shop}|${input.customerId}|${input.sessionId}`);
}
