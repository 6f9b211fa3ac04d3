import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

// A new connector's secret travels to its own page once, in a short-lived cookie scoped to that
// page and sealed with the encryption key; the page clears it as soon as it has shown it.
const cookieName = "inkbridge-new-secret";
const lifetimeSeconds = 120;

export async function stashNewSecret(path: string, connectorId: string, secret: string): Promise<void> {
  (await cookies()).set(cookieName, encryptSecret(JSON.stringify({ connectorId, secret })), {
    path,
    httpOnly: true,
    sameSite: "strict",
    secure: getEnv().isSecure,
    maxAge: lifetimeSeconds,
  });
}

/** The secret stashed for this connector, if its page has not shown it yet. */
export async function readNewSecret(connectorId: string): Promise<string | undefined> {
  const value = (await cookies()).get(cookieName)?.value;
  if (!value) return undefined;
  try {
    const stashed = JSON.parse(decryptSecret(value)) as { connectorId?: unknown; secret?: unknown };
    return stashed.connectorId === connectorId && typeof stashed.secret === "string" ? stashed.secret : undefined;
  } catch {
    return undefined;
  }
}

export async function clearNewSecret(path: string): Promise<void> {
  (await cookies()).set(cookieName, "", { path, httpOnly: true, sameSite: "strict", secure: getEnv().isSecure, maxAge: 0 });
}
