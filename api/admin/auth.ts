import type { FastifyRequest } from "fastify";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/runtime";
import { authenticateApiToken } from "@/lib/services/tokens";
import { authenticatePassword } from "@/lib/services/auth/sign-in";

function parseBasic(value: string): { email: string; password: string } | undefined {
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * onRequest hook of the admin API: a Bearer token, or HTTP Basic with a staff account on
 * `POST /tokens` only (to mint the first token). Customer users are refused with 403.
 */
export async function authenticateAdmin(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? "";
  const [scheme, value] = [header.slice(0, header.indexOf(" ")).toLowerCase(), header.slice(header.indexOf(" ") + 1).trim()];
  if (scheme === "bearer" && value) {
    request.actor = await authenticateApiToken({ db: getDb() }, value);
    return;
  }
  if (scheme === "basic" && value) {
    const path = request.routeOptions.url ?? "";
    if (!(request.method === "POST" && path.endsWith("/tokens"))) {
      throw new AppError("unauthorized", "Use a Bearer token; HTTP Basic is only accepted on POST /tokens");
    }
    const credentials = parseBasic(value);
    if (!credentials) throw new AppError("unauthorized", "Malformed Basic credentials");
    const { user } = await authenticatePassword(getDb(), request.log, { ...credentials, ip: request.ip });
    if (user.kind !== "staff") throw new AppError("forbidden", "Storefront users cannot use the partner admin API");
    request.actor = { type: "staff", userId: user.id, email: user.email, name: user.name, role: user.role as "admin" | "operator" };
    return;
  }
  throw new AppError("unauthorized", "Send an admin API token as `Authorization: Bearer <token>`");
}
