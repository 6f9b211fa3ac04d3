import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { getDb } from "@/lib/runtime";
import { isAppError } from "@/lib/errors";
import { authenticatePassword } from "@/lib/services/auth/sign-in";
import { createSession, endSession, resolveSession, sessionPolicy } from "@/lib/services/auth/sessions";

/** A refused sign-in; `code` travels to the sign-in page and picks the message shown. */
class SignInRefused extends CredentialsSignin {
  constructor(code: string, readonly detail?: string) {
    super();
    this.code = code;
  }
}

declare module "next-auth" {
  interface Session {
    sid: string;
    user: {
      id: string;
      email: string;
      name: string;
      kind: "staff" | "customer";
      role: "admin" | "operator" | "member";
      customerId: string | null;
    };
  }
}

function config(): NextAuthConfig {
  const env = getEnv();
  const secureCookie = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: env.isSecure };
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "jwt", maxAge: sessionPolicy.absoluteMs / 1000 },
    useSecureCookies: env.isSecure,
    // Over https the session cookie takes the __Host- prefix: Secure, Path=/, no Domain.
    cookies: {
      sessionToken: { name: env.isSecure ? "__Host-inkbridge.session" : "inkbridge.session", options: secureCookie },
      csrfToken: { name: env.isSecure ? "__Host-inkbridge.csrf" : "inkbridge.csrf", options: secureCookie },
      callbackUrl: { name: env.isSecure ? "__Secure-inkbridge.callback" : "inkbridge.callback", options: secureCookie },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          const ip = request.headers.get("x-inkbridge-client-ip") ?? "unknown";
          try {
            const { user } = await authenticatePassword(getDb(), getLogger(), {
              email: String(credentials.email ?? ""),
              password: String(credentials.password ?? ""),
              ip,
            });
            // A new session id at every sign-in: a session can never be fixed in advance.
            const sid = await createSession(getDb(), { userId: user.id, ip, userAgent: request.headers.get("user-agent") ?? undefined });
            return { id: user.id, email: user.email, name: user.name, sid } as { id: string; email: string; name: string };
          } catch (error) {
            if (!isAppError(error)) throw error;
            if (error.code === "rate_limited") throw new SignInRefused("rate_limited", error.message);
            throw new SignInRefused(error.reason ?? "invalid_credentials", error.message);
          }
        },
      }),
    ],
    callbacks: {
      // Runs on every auth() call: the session row is the truth, so ending it (sign out
      // everywhere, disabled user, storefront access off) takes effect on the next request.
      async jwt({ token, user }) {
        if (user) token.sid = (user as { sid?: string }).sid;
        if (typeof token.sid !== "string") return null;
        const row = await resolveSession(getDb(), token.sid);
        if (!row) return null;
        return { ...token, sub: row.id, email: row.email, name: row.name, kind: row.kind, role: row.role, customerId: row.customerId };
      },
      async session({ session, token }) {
        return {
          ...session,
          sid: token.sid as string,
          user: {
            id: token.sub!,
            email: token.email!,
            name: token.name ?? token.email!,
            kind: token.kind as "staff" | "customer",
            role: token.role as "admin" | "operator" | "member",
            customerId: (token.customerId as string | null) ?? null,
          },
        } as never;
      },
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession(getDb(), sid);
      },
    },
    logger: {
      error(error) {
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        getLogger().error({ err: { name: error.name, message: error.message } }, "auth error");
      },
      warn() {},
      debug() {},
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);
