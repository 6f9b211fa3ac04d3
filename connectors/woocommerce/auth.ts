import { ShopError } from "../types";
import { normalizeSiteUrl, parseAnswer, readSiteIndex, wooRequest, type WooSession } from "./client";
import { wooErrorSchema, wooKeysCallbackSchema, wooWebhookListSchema, type WooKeysCallback } from "./schemas";

// The wc-auth key delegation (platforms.md §3.1) and the check of keys before a store is saved.

export { normalizeSiteUrl };

export type AuthorizeUrlInput = {
  siteUrl: string;
  /** Shown on the merchant's grant screen and in the key's description. */
  appName: string;
  /** Our single-use token: WooCommerce echoes it in the key POST, which does not name the site. */
  userId: string;
  /** Where the merchant's browser goes afterwards, with `success=1|0&user_id=…`. */
  returnUrl: string;
  /** Where WooCommerce POSTs the keys; WooCommerce refuses anything but https. */
  callbackUrl: string;
  scope?: "read" | "write" | "read_write";
};

/** `{siteUrl}/wc-auth/v1/authorize?app_name=…&scope=read_write&user_id=…&return_url=…&callback_url=…`. */
export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const site = normalizeSiteUrl(input.siteUrl);
  if (!site) throw new ShopError("rejected", `Not a site URL: ${input.siteUrl}`, { field: "siteUrl" });
  const query = new URLSearchParams({ app_name: input.appName, scope: input.scope ?? "read_write", user_id: input.userId, return_url: input.returnUrl, callback_url: input.callbackUrl });
  return `${site}/wc-auth/v1/authorize?${query}`;
}

/** The keys WooCommerce POSTs to `callback_url`; null when the body is not that (the receiver answers 400). */
export function parseKeysCallback(body: unknown): WooKeysCallback | null {
  const parsed = wooKeysCallbackSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** What the merchant's browser comes back with on `return_url`. */
export function readReturn(query: URLSearchParams): { approved: boolean; userId: string | null } {
  return { approved: query.get("success") === "1", userId: query.get("user_id") };
}

/**
 * One look at the site and two at the keys before anything is stored: the REST index (WordPress with
 * wc/v3 at this address), a read (`GET webhooks`), and a write that cannot change anything (`POST
 * webhooks` without fields: a key that may write gets `400 rest_missing_callback_param`, a read-only key
 * `401 … does not have write permissions`). Answers the site's name and home URL.
 */
export async function verifyKeys(session: WooSession): Promise<{ name: string; identity: string }> {
  const index = await readSiteIndex(session);
  if (index && !index.namespaces.includes("wc/v3")) throw new ShopError("rejected", "The site has no WooCommerce REST API (wc/v3): is WooCommerce active?", { field: "siteUrl" });
  const read = await wooRequest(session, { operation: "verifyRead", method: "GET", path: "webhooks", params: { per_page: 1 } });
  parseAnswer(wooWebhookListSchema, read.body, "verifyRead");
  const write = await wooRequest(session, { operation: "verifyWrite", method: "POST", path: "webhooks", body: {}, accept: [400] });
  const refusal = wooErrorSchema.safeParse(write.body);
  if (write.status === 400 && (!refusal.success || refusal.data.code !== "rest_missing_callback_param")) {
    throw new ShopError("rejected", `WooCommerce answered the write check unexpectedly${refusal.success ? ` (${refusal.data.code})` : ""}`, { status: 400 });
  }
  const identity = normalizeSiteUrl(index?.home ?? index?.url ?? session.identity) ?? session.identity;
  return { name: index?.name || new URL(identity).host, identity };
}
