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

/** A fresh, unguessable nonce for one page answer (128 bits, base64). */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The console's and portal's policy: scripts and style elements run only with this answer's
 * nonce (Next puts it on its own scripts). Style attributes stay allowed: the dashboard's bars
 * and mail previews use them, and they cannot run code. React's development build needs eval.
 */
export function pageContentSecurityPolicy(nonce: string, options: { isSecure: boolean; isDevelopment: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.isDevelopment ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.isSecure) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
