import "server-only";
import { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import type { SessionUser } from "@/lib/auth/guards";

// The browser half of a Shopify install: an HttpOnly cookie holding the state and the customer it
// was started for, so the callback knows both and only this browser can finish the install.

const customerIdPattern = /^cus_[A-Za-z0-9]{1,60}$/;
const statePattern = /^[A-Za-z0-9_-]{20,100}$/;

export function oauthCookieName(): string {
  return getEnv().isSecure ? "__Host-inkbridge.shopify_oauth" : "inkbridge.shopify_oauth";
}

export function isCustomerId(value: string | null | undefined): value is string {
  return typeof value === "string" && customerIdPattern.test(value);
}

export function readOauthCookie(value: string | undefined): { state: string; customerId: string } | null {
  const [state, customerId] = (value ?? "").split(".");
  return state && statePattern.test(state) && isCustomerId(customerId) ? { state, customerId } : null;
}

export function setOauthCookie(response: NextResponse, state: string, customerId: string): void {
  response.cookies.set(oauthCookieName(), `${state}.${customerId}`, { httpOnly: true, sameSite: "lax", secure: getEnv().isSecure, path: "/", maxAge: 600 });
}

export function clearOauthCookie(response: NextResponse): void {
  response.cookies.set(oauthCookieName(), "", { httpOnly: true, sameSite: "lax", secure: getEnv().isSecure, path: "/", maxAge: 0 });
}

/** The Stores page the user came from: the portal's, or the console's page of that customer. */
export function storesPath(user: SessionUser, customerId: string | null, storeId?: string): string {
  const base = user.kind === "customer" ? "/portal/stores" : customerId ? `/customers/${customerId}/stores` : "/customers";
  return storeId ? `${base}/${storeId}` : base;
}

/** A redirect to one of our own paths (never a URL taken from the request). */
export function redirectTo(path: string, query: Record<string, string> = {}): NextResponse {
  const url = new URL(path, getEnv().APP_URL);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return NextResponse.redirect(url, 302);
}
