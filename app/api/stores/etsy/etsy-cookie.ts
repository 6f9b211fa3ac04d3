import "server-only";
import type { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { isCustomerId } from "../shopify/oauth-cookie";

// The browser half of an Etsy connection: an HttpOnly cookie with the state and the customer it was
// started for. The PKCE verifier never leaves the server (lib/services/etsy-oauth derives it).

const statePattern = /^[A-Za-z0-9_-]{20,100}$/;

export function etsyCookieName(): string {
  return getEnv().isSecure ? "__Host-inkbridge.etsy_oauth" : "inkbridge.etsy_oauth";
}

export function readEtsyCookie(value: string | undefined): { state: string; customerId: string } | null {
  const [state, customerId] = (value ?? "").split(".");
  return state && statePattern.test(state) && isCustomerId(customerId) ? { state, customerId } : null;
}

export function setEtsyCookie(response: NextResponse, state: string, customerId: string): void {
  response.cookies.set(etsyCookieName(), `${state}.${customerId}`, { httpOnly: true, sameSite: "lax", secure: getEnv().isSecure, path: "/", maxAge: 600 });
}

export function clearEtsyCookie(response: NextResponse): void {
  response.cookies.set(etsyCookieName(), "", { httpOnly: true, sameSite: "lax", secure: getEnv().isSecure, path: "/", maxAge: 0 });
}
