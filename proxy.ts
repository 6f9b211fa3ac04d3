import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { createNonce, pageContentSecurityPolicy } from "@/lib/security-headers";

/**
 * Every console and portal page gets its own nonce: Next reads it from the request's policy
 * header and puts it on the scripts it renders; pages read `x-nonce` for any script of their own.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = createNonce();
  // Next inlines NODE_ENV at build time, so a production build carries no 'unsafe-eval' at all.
  // eslint-disable-next-line no-restricted-syntax
  const isDevelopment = process.env.NODE_ENV === "development";
  const policy = pageContentSecurityPolicy(nonce, { isSecure: getEnv().isSecure, isDevelopment });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: Fastify answers the APIs with its own policy, and static files run nothing.
      source: "/((?!api/|_next/static|_next/image|samples/|icon.svg|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
