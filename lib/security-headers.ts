import type { Env } from "@/lib/env";

/** Headers every answer carries, pages and API alike. */
export function securityHeaders(env: Pick<Env, "isSecure">): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "x-frame-options": "DENY",
  };
  if (env.isSecure) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** JSON and text answers load nothing and are framed by nobody. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
